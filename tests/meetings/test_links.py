"""The token URLs (SPECIAL in the permission matrix): reply links, poll links and the calendar feed."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meetings import polls, services
from meetings.models import Invitation, MeetingStatus, PollAnswer, Response
from meetings.models import TokenPurpose as MeetingLink
from meetings.tasks import poll_url
from networkhub.models import AuditEvent, LinkToken
from tests.factories import sign_in

from .factories import MeetingFactory, TimePollFactory, in_days
from .helpers import link_in, parse_ics

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(world, mailoutbox, django_capture_on_commit_callbacks):
    """The partner invited by e-mail to a planned meeting; returns (meeting, reply link)."""
    world.contact.language = "en"
    world.contact.save()
    meeting = MeetingFactory(project=world.project, created_by=world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(meeting, [world.contact], actor=world.coordinator)
    return meeting, link_in(mailoutbox[-1], "rsvp")


def test_reply_link_shows_on_get_and_records_on_post(invited, client, world):
    meeting, link = invited
    page = client.get(link)
    assert page.status_code == 200 and meeting.title in page.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.response == Response.PENDING
    token = LinkToken.objects.get(purpose=MeetingLink.RSVP)
    assert token.last_opened_at is not None and not token.single_use

    assert client.post(link, {"response": "yes"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == Response.YES
    # People can change their mind: the link is not used up.
    assert client.post(link, {"response": "proxy", "proxy_name": "Ville Varamies"}).status_code == 302
    invitation.refresh_from_db()
    assert (invitation.response, invitation.proxy_name) == (Response.PROXY, "Ville Varamies")
    event = AuditEvent.objects.filter(action="meeting.rsvp").latest("pk")
    assert event.actor is None and event.data == {"response": "proxy", "proxy_name": "Ville Varamies"}


def test_reply_for_a_cancelled_meeting_is_refused_clearly(invited, client, world, settings):
    meeting, link = invited
    Invitation.objects.update(response=Response.YES, answered_at=timezone.now())
    services.cancel_meeting(meeting, actor=world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(link).content.decode()
    assert "This meeting has been cancelled." in page
    assert 'name="response"' not in page
    response = client.post(link, {"response": "no"})
    assert response.status_code == 200
    assert "This meeting has been cancelled, so replies are no longer recorded." in response.content.decode()
    assert Invitation.objects.get().response == Response.YES


def test_reply_after_the_meeting_started_is_refused(invited, client):
    meeting, link = invited
    with time_machine.travel(meeting.start + timedelta(minutes=5)):
        response = client.post(link, {"response": "yes"})
    assert response.status_code == 200
    assert Invitation.objects.get().response == Response.PENDING


def test_unknown_or_revoked_reply_link_does_not_work(invited, client):
    _meeting, link = invited
    assert client.get("/m/rsvp/not-a-real-token/").status_code == 410
    LinkToken.objects.update(revoked_at=timezone.now())
    assert client.get(link).status_code == 410
    assert client.post(link, {"response": "yes"}).status_code == 410
    assert Invitation.objects.get().response == Response.PENDING


def test_poll_link_records_answers_until_the_deadline(world, client, mailoutbox, django_capture_on_commit_callbacks):
    poll = TimePollFactory.build(project=world.project)
    times = [(in_days(21), in_days(21) + timedelta(hours=2)), (in_days(22), in_days(22) + timedelta(hours=2))]
    with django_capture_on_commit_callbacks(execute=True):
        polls.create_poll(poll, slots=times, contacts=[world.contact], actor=world.coordinator)
    slots, invitee = list(poll.slots.all()), poll.invitees.get()
    link = link_in(mailoutbox[0], "poll")
    assert client.get(link).status_code == 200
    assert not PollAnswer.objects.exists()
    data = {f"poll{invitee.pk}-answer_{slots[0].pk}": "yes", f"poll{invitee.pk}-answer_{slots[1].pk}": "if_need_be"}
    data[f"poll{invitee.pk}-comment_{slots[1].pk}"] = "Vain aamupäivä"
    assert client.post(link, data).status_code == 302
    answers = dict(PollAnswer.objects.values_list("slot_id", "answer"))
    assert answers == {slots[0].pk: "yes", slots[1].pk: "if_need_be"}
    assert PollAnswer.objects.get(slot=slots[1]).comment == "Vain aamupäivä"

    with time_machine.travel(poll.deadline + timedelta(minutes=1)):
        response = client.post(link, {f"poll{invitee.pk}-answer_{slots[0].pk}": "no"})
    assert response.status_code == 200
    assert PollAnswer.objects.get(slot=slots[0]).answer == "yes"
    assert client.get("/m/poll/nonsense/").status_code == 410


def _make_feed(client, user):
    sign_in(client, user)
    page = client.post(reverse("meetings:calendar"), {"action": "create"}).content.decode()
    client.logout()
    return re.search(r'value="http://testserver(/m/calendar/[^"]+\.ics)"', page).group(1)


def test_calendar_feed_lists_only_the_users_projects(world, client):
    mine = MeetingFactory(project=world.project, title="Oma kokous")
    MeetingFactory(project=world.project, title="Peruttu", status=MeetingStatus.CANCELLED)
    MeetingFactory(project=world.other_project, title="Vieras kokous")
    feed = _make_feed(client, world.partner)
    response = client.get(feed)  # no sign-in: the token is the key
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    _calendar, events = parse_ics(response.content)
    summaries = {str(event["SUMMARY"]): event for event in events}
    assert set(summaries) == {f"{world.project.acronym}: Oma kokous", f"{world.project.acronym}: Peruttu"}
    assert summaries[f"{world.project.acronym}: Peruttu"]["STATUS"] == "CANCELLED"
    assert str(summaries[f"{world.project.acronym}: Oma kokous"]["UID"]) == mine.uid

    # Leaving the project takes its meetings out of the feed.
    world.membership.status = "withdrawn"
    world.membership.save()
    _calendar, events = parse_ics(client.get(feed).content)
    assert events == []


def test_feed_token_can_be_revoked_and_replaced(world, client):
    first = _make_feed(client, world.partner)
    second = _make_feed(client, world.partner)
    assert client.get(first).status_code == 404  # a new address replaces the old one
    assert client.get(second).status_code == 200
    client.force_login(world.partner)
    assert client.post(reverse("meetings:calendar"), {"action": "revoke"}).status_code == 302
    assert client.get(second).status_code == 404
    assert client.get("/m/calendar/unknown-token.ics").status_code == 404
    assert AuditEvent.objects.filter(action="calendar_feed.revoked", actor=world.partner).exists()


def test_feed_address_is_shown_only_once(world, client):
    _make_feed(client, world.partner)
    client.force_login(world.partner)
    page = client.get(reverse("meetings:calendar")).content.decode()
    assert ".ics" not in page
    token = LinkToken.objects.get(purpose=MeetingLink.CALENDAR_FEED, revoked_at=None)
    assert token.target == world.partner and not token.single_use


def test_reply_and_poll_links_speak_the_contacts_language(invited, client, world, settings, mailoutbox):
    _meeting, link = invited  # the contact's language is English
    page = client.get(link)
    assert '<html lang="en">' in page.content.decode()
    poll = TimePollFactory(project=world.project)
    world.contact.language = "sv"
    world.contact.save()
    invitee = poll.invitees.create(contact=world.contact)
    poll_page = client.get(urlsplit(poll_url(invitee)).path)
    assert '<html lang="sv">' in poll_page.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"  # the switcher wins
    assert '<html lang="fi">' in client.get(link).content.decode()
