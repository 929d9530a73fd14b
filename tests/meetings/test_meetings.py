from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from meetings import queries, services
from meetings.models import (
    Attendance,
    AttendanceStatus,
    Invitation,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Response,
)
from networkhub.models import AuditEvent
from tests.factories import ContactFactory

from .factories import ActionItemFactory, AgendaItemFactory, HeldMeetingFactory, MeetingFactory, helsinki, utc
from .helpers import link_in

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "Kevään ohjausryhmä",
        "meeting_type": "steering_group",
        "start": "2026-03-30T10:00",
        "end": "2026-03-30T12:00",
        "time_zone": "Europe/Helsinki",
        "location": "Helmijoki",
        "video_link": "https://video.example/x",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def march():
    """1 March 2026, the clock stopped. Request it before `world`, so that the project is made then too."""
    with time_machine.travel(utc(2026, 3, 1, 9, 0), tick=False):
        yield


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-03-27T10:00", "2026-03-27T12:00", utc(2026, 3, 27, 8)),  # before the change: UTC+2
        ("2026-03-30T10:00", "2026-03-30T12:00", utc(2026, 3, 30, 7)),  # after the last Sunday of March: UTC+3
    ],
)
def test_coordinator_schedules_in_the_meetings_wall_clock_time(march, world, client, start, end, expected):
    client.force_login(world.coordinator)
    response = client.post(reverse("meetings:create", args=[world.project.pk]), _form(start=start, end=end))
    meeting = Meeting.objects.get(title="Kevään ohjausryhmä")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.start == expected and meeting.end == expected + timedelta(hours=2)
    assert (meeting.status, meeting.sequence, meeting.created_by) == (MeetingStatus.PLANNED, 0, world.coordinator)
    assert AuditEvent.objects.filter(action="meeting.scheduled", target_id=meeting.pk).exists()
    page = client.get(meeting.get_absolute_url()).content.decode()  # Finnish formats
    assert "10.00–12.00" in page
    # The edit form shows the same wall-clock time back.
    edit = client.get(reverse("meetings:edit", args=[world.project.pk, meeting.pk])).content.decode()
    assert f'value="{start}"' in edit


def test_end_before_start_is_explained_at_the_field_and_nothing_is_lost(march, world, english):
    english.force_login(world.coordinator)
    url = reverse("meetings:create", args=[world.project.pk])
    response = english.post(url, _form(end="2026-03-30T09:00"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["end"] == ["The meeting must end after it starts."]
    assert form["end"].value() == "2026-03-30T09:00"
    assert 'value="Kevään ohjausryhmä"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_time_skipped_by_daylight_saving_is_refused(march, world, english):
    english.force_login(world.coordinator)
    response = english.post(
        reverse("meetings:create", args=[world.project.pk]),
        _form(start="2026-03-29T03:30", end="2026-03-29T05:00"),
    )
    assert response.status_code == 200
    assert "the clocks skip it" in response.context["form"].errors["start"][0]
    assert not Meeting.objects.exists()


def test_edit_of_time_resends_updated_invitation(march, world, english, mailoutbox, django_capture_on_commit_callbacks):
    world.contact.language = "en"
    world.contact.save()
    meeting = MeetingFactory(project=world.project, start=helsinki(2026, 4, 1, 10), end=helsinki(2026, 4, 1, 12))
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(meeting, [world.contact], actor=world.coordinator)
    english.force_login(world.coordinator)
    url = reverse("meetings:edit", args=[world.project.pk, meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(url, _form(title=meeting.title, start="2026-04-02T10:00", end="2026-04-02T12:00"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.start == utc(2026, 4, 2, 7)
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Invitation", "Updated"]
    # The reply link in the first e-mail still works after the update.
    assert english.get(link_in(mailoutbox[0], "rsvp")).status_code == 200


def test_cancel_and_mark_held_are_transitions_with_rules(
    march, world, english, mailoutbox, django_capture_on_commit_callbacks
):
    english.force_login(world.coordinator)
    meeting = MeetingFactory(project=world.project)
    held_url = reverse("meetings:held", args=[world.project.pk, meeting.pk])
    response = english.post(held_url, follow=True)
    assert "The meeting has not started yet." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED

    Invitation.objects.create(meeting=meeting, contact=world.contact)
    with django_capture_on_commit_callbacks(execute=True):
        english.post(
            reverse("meetings:cancel", args=[world.project.pk, meeting.pk]), {"reason": "Lakko", "confirmed": "yes"}
        )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancellation_reason, meeting.sequence) == (MeetingStatus.CANCELLED, "Lakko", 1)
    assert len(mailoutbox) == 1 and "Lakko" in mailoutbox[0].body
    event = AuditEvent.objects.get(action="meeting.cancelled")
    assert event.actor == world.coordinator and event.data["reason"] == "Lakko"
    # A cancelled meeting cannot be edited or cancelled again.
    assert english.get(reverse("meetings:edit", args=[world.project.pk, meeting.pk])).status_code == 302
    with pytest.raises(services.MeetingError):
        services.cancel_meeting(meeting, actor=world.coordinator)


def test_partner_replies_signed_in_and_proxy_needs_a_name(march, world, english):
    meeting = MeetingFactory(project=world.project)
    invitation = Invitation.objects.create(meeting=meeting, contact=world.contact)
    english.force_login(world.partner)
    prefix = f"rsvp{invitation.pk}"
    data = {"invitation": invitation.pk, f"{prefix}-response": "proxy", f"{prefix}-comment": "Sijainen tulee"}
    response = english.post(meeting.get_absolute_url(), data)
    assert response.status_code == 200
    form = dict(response.context["my_replies"])[invitation]
    assert form.errors["proxy_name"] == ["Give the name of the person who attends in your place."]
    assert 'value="Sijainen tulee"' in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.response == Response.PENDING

    data[f"{prefix}-proxy_name"] = "Ville Varamies"
    assert english.post(meeting.get_absolute_url(), data).status_code == 302
    invitation.refresh_from_db()
    assert (invitation.response, invitation.proxy_name) == (Response.PROXY, "Ville Varamies")
    assert invitation.answered_at is not None

    # Another person's invitation cannot be answered.
    other = Invitation.objects.create(
        meeting=meeting, contact=ContactFactory(organisation=world.membership.organisation)
    )
    assert english.post(meeting.get_absolute_url(), {"invitation": other.pk}).status_code == 404


def test_agenda_keeps_order_and_shows_last_meetings_open_actions(march, world, english):
    english.force_login(world.coordinator)
    previous = HeldMeetingFactory(project=world.project, start=utc(2026, 2, 1, 8), end=utc(2026, 2, 1, 10))
    ActionItemFactory(meeting=previous, title="Kerää kokemukset")
    ActionItemFactory(meeting=previous, title="Valmis jo", status="done", done_at=utc(2026, 2, 2))
    meeting = MeetingFactory(project=world.project)
    url = reverse("meetings:agenda", args=[world.project.pk, meeting.pk])
    data = {
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-title": "Avaus",
        "agenda-0-duration_minutes": "10",
        "agenda-1-title": "Kokemusten vaihto",
        "agenda-1-presenter": world.membership.organisation.pk,
        "agenda-1-duration_minutes": "45",
    }
    assert english.post(url, data).status_code == 302
    assert list(meeting.agenda_items.values_list("title", "order")) == [("Avaus", 0), ("Kokemusten vaihto", 1)]
    page = english.get(meeting.get_absolute_url()).content.decode()
    assert "Open action items from the last meeting" in page
    assert "Kerää kokemukset" in page and "Valmis jo" not in page


def test_attendance_starts_from_replies_and_rolls_up_per_organisation(march, world, english):
    meeting = HeldMeetingFactory(project=world.project)
    colleague = ContactFactory(organisation=world.membership.organisation)
    Invitation.objects.create(
        meeting=meeting, contact=world.contact, response=Response.YES, answered_at=utc(2026, 2, 1)
    )
    Invitation.objects.create(
        meeting=meeting, contact=colleague, response=Response.PROXY, proxy_name="Vara", answered_at=utc(2026, 2, 1)
    )
    english.force_login(world.coordinator)
    url = reverse("meetings:attendance", args=[world.project.pk, meeting.pk])
    form = english.get(url).context["form"]
    assert form[f"status_{world.contact.pk}"].value() == AttendanceStatus.PRESENT
    assert form[f"status_{colleague.pk}"].value() == AttendanceStatus.PROXY

    bad = {f"status_{world.contact.pk}": "present", f"status_{colleague.pk}": "proxy", f"proxy_{colleague.pk}": ""}
    response = english.post(url, bad)
    assert response.status_code == 200 and not Attendance.objects.exists()
    assert response.context["form"].errors[f"proxy_{colleague.pk}"] == ["Give the name of the proxy."]

    bad[f"proxy_{colleague.pk}"] = "Vara Henkilö"
    assert english.post(url, bad).status_code == 302
    assert Attendance.objects.get(contact=colleague).proxy_name == "Vara Henkilö"
    second = HeldMeetingFactory(project=world.project)
    services.record_attendance(second, [(world.contact, "absent", "")], actor=world.coordinator)
    rates = {row["organisation"]: row for row in queries.attendance_by_organisation(world.project)}
    row = rates[world.membership.organisation]
    assert (row["meetings"], row["attended"], row["rate"]) == (2, 1, 50)


def test_attendance_needs_a_held_meeting(world, client):
    meeting = MeetingFactory(project=world.project)
    with pytest.raises(services.MeetingError):
        services.record_attendance(meeting, [(world.contact, "present", "")], actor=world.coordinator)
    client.force_login(world.coordinator)
    assert client.get(reverse("meetings:attendance", args=[world.project.pk, meeting.pk])).status_code == 302


def test_quarterly_series_keeps_local_time_across_dst(march, world, english):
    world.project.start_date, world.project.end_date = date(2026, 8, 1), date(2028, 7, 31)
    world.project.save()
    english.force_login(world.coordinator)
    data = {
        "title": "Verkostotapaaminen",
        "meeting_type": "experience_exchange",
        "first_start": "2026-03-10T10:00",
        "duration_minutes": "120",
        "time_zone": "Europe/Helsinki",
        "repeat": "FREQ=MONTHLY;INTERVAL=3",
        "custom_rule": "",
    }
    assert english.post(reverse("meetings:series_create", args=[world.project.pk]), data).status_code == 302
    series = MeetingSeries.objects.get()
    starts = list(series.meetings.order_by("start").values_list("start", flat=True))
    # Project period 1.8.2026–31.7.2028: every 3 months from March 2026 until the project ends.
    assert starts[0] == utc(2026, 3, 10, 8) and starts[1] == utc(2026, 6, 10, 7)  # 10:00 in winter and summer
    assert all(start.astimezone(helsinki(2026, 1, 1).tzinfo).hour == 10 for start in starts)
    assert starts[-1].date() <= date(2028, 7, 31) and len(starts) == 10


def test_first_tuesday_rule_and_a_bad_custom_rule(march, world, english):
    english.force_login(world.coordinator)
    url = reverse("meetings:series_create", args=[world.project.pk])
    data = {
        "title": "Kuukausikatsaus",
        "meeting_type": "steering_group",
        "first_start": "2026-03-03T09:00",  # a Tuesday
        "duration_minutes": "60",
        "time_zone": "Europe/Helsinki",
        "repeat": "custom",
        "custom_rule": "FREQ=HOURLY",
    }
    response = english.post(url, data)
    assert response.status_code == 200 and "is not a repeat rule we can use" in str(response.context["form"].errors)
    assert not Meeting.objects.exists()
    data.update(repeat="first_weekday", custom_rule="")
    assert english.post(url, data).status_code == 302
    meetings = list(Meeting.objects.order_by("start")[:3])
    assert [m.local_start.date() for m in meetings] == [date(2026, 3, 3), date(2026, 4, 7), date(2026, 5, 5)]
    assert MeetingSeries.objects.get().rrule == "FREQ=MONTHLY;BYDAY=+1TU"


def test_invite_page_invites_each_contact_once(world, client, mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(project=world.project)
    colleague = ContactFactory(organisation=world.membership.organisation)
    Invitation.objects.create(meeting=meeting, contact=world.contact)
    client.force_login(world.coordinator)
    url = reverse("meetings:invite", args=[world.project.pk, meeting.pk])
    assert list(client.get(url).context["form"].fields["contacts"].queryset) == [colleague]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"contacts": [colleague.pk]}).status_code == 302
    assert [m.to for m in mailoutbox] == [[colleague.email]]
    assert meeting.invitations.count() == 2
    # Another project's contact is not a choice.
    assert client.post(url, {"contacts": [world.other_contact.pk]}).status_code == 200


def test_agenda_items_render_on_the_meeting_page(world, client):
    meeting = MeetingFactory(project=world.project)
    AgendaItemFactory(meeting=meeting, title="Budjetti", presenter=world.membership.organisation)
    client.force_login(world.partner)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Budjetti" in page and world.membership.organisation.name in page
    assert page.count("<h1") == 1
