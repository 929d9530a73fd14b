"""Every generated .ics is parsed back with icalendar: METHOD, UID, SEQUENCE, VTIMEZONE, attendees, DST."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from meetings import services
from meetings.models import Meeting
from partners.models import Membership
from tests.factories import ContactFactory

from .factories import MeetingFactory, helsinki, utc
from .helpers import ics_of, parse_ics

pytestmark = pytest.mark.django_db


@pytest.fixture
def before_spring():
    with time_machine.travel(utc(2026, 3, 1, 9, 0), tick=False):
        yield


def _invite(meeting, contacts, world, capture):
    # Invitations reach current members only: the world's member joined (today) before the clock set here.
    Membership.objects.filter(project=world.project).update(joined_on=date(2026, 1, 1))
    with capture(execute=True):
        services.invite(meeting, contacts, actor=world.coordinator)


def _meeting(world, start, **kwargs):
    return MeetingFactory(
        project=world.project, start=start, end=start + timedelta(hours=2), created_by=world.coordinator, **kwargs
    )


@pytest.mark.parametrize(
    ("local", "expected_utc", "offset"),
    [
        # The last Sunday of March 2026 is the 29th: summer time (UTC+3) from the Monday after.
        (helsinki(2026, 3, 27, 10), utc(2026, 3, 27, 8), timedelta(hours=2)),
        (helsinki(2026, 3, 30, 10), utc(2026, 3, 30, 7), timedelta(hours=3)),
        # The last Sunday of October 2026 is the 25th: back to UTC+2.
        (helsinki(2026, 10, 23, 10), utc(2026, 10, 23, 7), timedelta(hours=3)),
        (helsinki(2026, 10, 26, 10), utc(2026, 10, 26, 8), timedelta(hours=2)),
    ],
)
def test_invitation_ics_is_a_request_with_timezone_and_right_dst(
    world, mailoutbox, django_capture_on_commit_callbacks, before_spring, local, expected_utc, offset
):
    meeting = _meeting(world, local)
    assert meeting.start == expected_utc
    _invite(meeting, [world.contact], world, django_capture_on_commit_callbacks)
    calendar, event = ics_of(mailoutbox[0])

    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert event["DTSTART"].dt.replace(tzinfo=None) == local.replace(tzinfo=None)
    assert event.decoded("DTSTART") == expected_utc
    assert event.decoded("DTEND") == expected_utc + timedelta(hours=2)

    # The VTIMEZONE itself (not only Python's zone database) gives the right offset.
    (vtimezone,) = calendar.timezones
    assert vtimezone.tz_name == "Europe/Helsinki"
    from_file = vtimezone.to_tz(lookup_tzid=False)
    assert local.replace(tzinfo=from_file).utcoffset() == offset


def test_organizer_attendees_and_video_link(world, mailoutbox, django_capture_on_commit_callbacks, before_spring):
    meeting = _meeting(world, helsinki(2026, 4, 14, 13), video_link="https://video.example/verkko")
    private = ContactFactory(organisation=world.membership.organisation, consent_to_share=False)
    shared = ContactFactory(organisation=world.membership.organisation, consent_to_share=True)
    _invite(meeting, [world.contact, private, shared], world, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 3
    by_recipient = {message.to[0]: ics_of(message)[1] for message in mailoutbox}

    def attendees(event):
        value = event.get("ATTENDEE")
        return sorted(str(a).removeprefix("mailto:") for a in (value if isinstance(value, list) else [value]))

    # Everyone sees themselves; nobody sees the address of a person who did not agree to share it.
    assert attendees(by_recipient[private.email]) == sorted([world.contact.email, private.email, shared.email])
    assert attendees(by_recipient[shared.email]) == sorted([world.contact.email, shared.email])
    event = by_recipient[shared.email]
    assert str(event["ORGANIZER"]) == f"mailto:{world.coordinator.email}"
    assert event["ORGANIZER"].params["CN"] == world.coordinator.full_name
    assert str(event["URL"]) == "https://video.example/verkko"
    assert "https://video.example/verkko" in str(event["DESCRIPTION"])
    assert "/m/rsvp/" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == meeting.location


def test_moving_raises_sequence_keeps_uid_and_cancel_sends_method_cancel(
    world, mailoutbox, django_capture_on_commit_callbacks, before_spring
):
    meeting = _meeting(world, helsinki(2026, 5, 5, 10))
    _invite(meeting, [world.contact], world, django_capture_on_commit_callbacks)
    _calendar, first = ics_of(mailoutbox[0])

    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.start, meeting.end = helsinki(2026, 5, 6, 12), helsinki(2026, 5, 6, 14)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(meeting, actor=world.coordinator)
    calendar, moved = ics_of(mailoutbox[1])
    assert calendar["METHOD"] == "REQUEST"
    assert str(moved["UID"]) == str(first["UID"])
    assert moved["SEQUENCE"] == first["SEQUENCE"] + 1 == 1
    assert moved.decoded("DTSTART") == utc(2026, 5, 6, 9)

    # A change that is neither time nor place sends nothing and keeps SEQUENCE.
    meeting.refresh_from_db()
    meeting.title = "Uusi otsikko"
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(meeting, actor=world.coordinator)
    assert len(mailoutbox) == 2 and Meeting.objects.get(pk=meeting.pk).sequence == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting, actor=world.coordinator, reason="Sairastuminen")
    calendar, cancelled = ics_of(mailoutbox[2])
    assert calendar["METHOD"] == "CANCEL"
    assert str(cancelled["UID"]) == str(first["UID"])
    assert cancelled["SEQUENCE"] == 2
    assert cancelled["STATUS"] == "CANCELLED"
    assert calendar.timezones


def test_meeting_page_offers_a_parseable_ics(world, client, before_spring):
    meeting = _meeting(world, helsinki(2026, 3, 30, 10))
    client.force_login(world.partner)
    response = client.get(reverse("meetings:ics", args=[world.project.pk, meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar, event = parse_ics(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    assert str(event["UID"]) == meeting.uid
    assert event.decoded("DTSTART") == utc(2026, 3, 30, 7)
    assert "ATTENDEE" not in event


def test_meeting_in_another_zone_is_shown_in_both(world, english, before_spring):
    meeting = _meeting(world, helsinki(2026, 3, 30, 10), time_zone="Europe/Berlin")
    english.force_login(world.partner)
    page = english.get(meeting.get_absolute_url()).content.decode()
    assert "(Europe/Berlin, UTC+02:00)" in page
    assert "(Europe/Helsinki, UTC+03:00)" in page
    assert "In your time zone:" in page
