from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, ActionItemStatus, Decision, Minutes, MinutesStatus
from networkhub.models import AuditEvent
from tests.confirm import CONFIRMED
from tests.factories import ContactFactory, ForeignOrganisationFactory, MembershipFactory

from .factories import ActionItemFactory, AgendaItemFactory, HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def minutes_data(meeting, *, actions, decisions=("Hyväksyttiin budjetti.",), summary="Hyvä kokous."):
    items = list(meeting.agenda_items.all())
    data = {"summary": summary}
    data |= _formset("notes", [{"id": item.pk, "minutes_notes": f"Käsiteltiin {item.title}"} for item in items])
    data["notes-INITIAL_FORMS"] = str(len(items))
    data |= _formset("decisions", [{"text": text} for text in decisions])
    data |= _formset("actions", [{"status": "open", **action} for action in actions])
    return data


def test_minutes_are_drafted_then_published_and_emailed(world, client, mailoutbox, django_capture_on_commit_callbacks):
    swedish = ContactFactory(organisation=world.membership.organisation, language="sv")
    foreign = ForeignOrganisationFactory(name="Tallinn School")
    MembershipFactory(project=world.project, organisation=foreign)
    english_contact = ContactFactory(organisation=foreign, language="en")
    meeting = HeldMeetingFactory(project=world.project)
    AgendaItemFactory(meeting=meeting, title="Budjetti")
    client.force_login(world.coordinator)
    actions = [
        {"title": "Kerää palaute", "owner_organisation": world.membership.organisation.pk, "due_date": "2026-12-01"},
        {"title": "Kutsu Tallinna", "owner_organisation": foreign.pk, "owner_contact": english_contact.pk},
    ]
    url = reverse("meetings:minutes", args=[world.project.pk, meeting.pk])
    assert client.post(url, minutes_data(meeting, actions=actions)).status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.status == MinutesStatus.DRAFT and minutes.summary == "Hyvä kokous."
    assert meeting.agenda_items.get().minutes_notes == "Käsiteltiin Budjetti"
    assert list(Decision.objects.values_list("text", flat=True)) == ["Hyväksyttiin budjetti."]
    assert ActionItem.objects.filter(project=world.project, meeting=meeting).count() == 2

    client.force_login(world.partner)  # a draft is for coordinators only
    assert "Hyvä kokous." not in client.get(meeting.get_absolute_url()).content.decode()

    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:minutes_publish", args=[world.project.pk, meeting.pk]), CONFIRMED)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.PUBLISHED and minutes.published_by == world.coordinator
    languages = {message.to[0]: message.extra_headers["Content-Language"] for message in mailoutbox}
    assert languages == {world.contact.email: "fi", swedish.email: "sv", english_contact.email: "en"}
    body = next(m.body for m in mailoutbox if m.to == [english_contact.email])
    assert "Kutsu Tallinna" in body and "Hyväksyttiin budjetti." in body and "Käsiteltiin Budjetti" in body
    assert AuditEvent.objects.filter(action="minutes.published", actor=world.coordinator).exists()

    client.force_login(world.partner)
    assert "Hyvä kokous." in client.get(meeting.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.MeetingError):
        services.publish_minutes(meeting, actor=world.coordinator)  # publishing again sends nothing
    assert len(mailoutbox) == 3


def test_responsible_person_must_belong_to_the_organisation(world, english):
    meeting = HeldMeetingFactory(project=world.project)
    other_member = MembershipFactory(project=world.project)
    stranger = ContactFactory(organisation=other_member.organisation)
    english.force_login(world.coordinator)
    actions = [{"title": "Väärä vastuuhenkilö", "owner_organisation": world.membership.organisation.pk}]
    actions[0]["owner_contact"] = stranger.pk
    url = reverse("meetings:minutes", args=[world.project.pk, meeting.pk])
    response = english.post(url, minutes_data(meeting, actions=actions, summary="Säilyy"))
    assert response.status_code == 200
    errors = response.context["actions"].forms[0].errors
    assert errors["owner_contact"] == ["The responsible person must belong to the responsible organisation."]
    assert "Säilyy" in response.content.decode()
    assert not Minutes.objects.exists() and not ActionItem.objects.exists()


def test_minutes_need_a_held_meeting_to_be_published(world, client):
    meeting = MeetingFactory(project=world.project)
    Minutes.objects.create(meeting=meeting, summary="Luonnos")
    client.force_login(world.coordinator)
    client.post(reverse("meetings:minutes_publish", args=[world.project.pk, meeting.pk]), CONFIRMED)
    assert Minutes.objects.get().status == MinutesStatus.DRAFT


def test_action_list_filters_by_status_owner_and_overdue(world, client):
    held = HeldMeetingFactory(project=world.project)
    other_member = MembershipFactory(project=world.project)
    today = timezone.localdate()
    overdue = ActionItemFactory(meeting=held, title="Myöhässä", due_date=today - timedelta(days=3))
    overdue.owner_organisation = world.membership.organisation
    overdue.save()
    ActionItemFactory(meeting=held, title="Tulossa", due_date=today + timedelta(days=3))
    ActionItemFactory(
        meeting=held,
        title="Tehty",
        status=ActionItemStatus.DONE,
        done_at=timezone.now(),
        owner_organisation=other_member.organisation,
    )
    ActionItemFactory(meeting=HeldMeetingFactory(project=world.other_project), title="Vieras")
    client.force_login(world.partner)
    url = reverse("meetings:actions", args=[world.project.pk])

    def titles(**query):
        return {item.title for item in client.get(url, query).context["items"]}

    assert titles() == {"Myöhässä", "Tulossa", "Tehty"}
    assert titles(status="open") == {"Myöhässä", "Tulossa"}
    assert titles(status="done") == {"Tehty"}
    assert titles(overdue="on") == {"Myöhässä"}
    assert titles(organisation=other_member.organisation.pk) == {"Tehty"}
    assert "overdue" in client.get(url, {"overdue": "on"}).content.decode()


def test_coordinator_marks_an_action_item_done(world, client):
    item = ActionItemFactory(meeting=HeldMeetingFactory(project=world.project))
    client.force_login(world.coordinator)
    url = reverse("meetings:action_status", args=[world.project.pk, item.pk])
    assert client.post(url, {"status": "done", "next": "https://evil.example/"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE and item.done_at is not None
    client.post(url, {"status": "open"})
    item.refresh_from_db()
    assert item.status == ActionItemStatus.OPEN and item.done_at is None


def test_a_change_to_published_minutes_is_a_correction_that_members_are_told_of(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = HeldMeetingFactory(project=world.project)
    AgendaItemFactory(meeting=meeting, title="Budjetti")
    client.force_login(world.coordinator)
    url = reverse("meetings:minutes", args=[world.project.pk, meeting.pk])
    client.post(url, minutes_data(meeting, actions=[], summary="Alkuperäinen."))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:minutes_publish", args=[world.project.pk, meeting.pk]), CONFIRMED)
    minutes = Minutes.objects.get()
    published_at = minutes.published_at
    mailoutbox.clear()
    decision = Decision.objects.get()
    changed = minutes_data(meeting, actions=[], summary="Korjattu.", decisions=())
    changed |= _formset("decisions", [{"id": decision.pk, "text": "Hyväksyttiin budjetti 9 500 €."}], initial=1)

    # Without a note nothing changes, the typed text is kept and the note is asked for at its field.
    response = client.post(url, changed)
    assert response.status_code == 200
    assert "correction_note" in response.context["form"].errors
    assert "Korjattu." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.summary == "Alkuperäinen." and not mailoutbox

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, changed | {"correction_note": "Budjetin summa korjattu."})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.summary == "Korjattu." and minutes.published_at == published_at
    correction = minutes.corrections.get()
    assert (correction.number, correction.note) == (1, "Budjetin summa korjattu.")
    assert correction.previous_summary == "Alkuperäinen."
    assert correction.previous_decisions == ["Hyväksyttiin budjetti."]
    assert [message.to for message in mailoutbox] == [[world.contact.email]]
    assert "Budjetin summa korjattu." in mailoutbox[0].body and "9 500" in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="minutes.corrected").count() == 1
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Budjetin summa korjattu." in page
