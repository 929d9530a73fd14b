"""Time zones people can read: the select names zones in the user's language with the project's members'
zones first; a contact's own zone is shown beside the meeting's on link pages and in e-mails."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import polls, services
from meetings.models import Invitation
from networkhub import reminders, zones
from networkhub.tasks import scan_reminders
from tests.factories import ForeignOrganisationFactory, MembershipFactory

from .factories import MeetingFactory, TimePollFactory, helsinki, utc
from .helpers import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def winter():
    with time_machine.travel(utc(2026, 3, 1, 9, 0), tick=False):
        yield


class _Select(HTMLParser):
    """The optgroups of <select name="time_zone">: [(label, [(value, text), ...]), ...]."""

    def __init__(self):
        super().__init__()
        self.groups, self._inside, self._option = [], False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._inside = attrs.get("name") == "time_zone"
        elif self._inside and tag == "optgroup":
            self.groups.append((attrs["label"], []))
        elif self._inside and tag == "option":
            self._option = [attrs["value"], ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self.groups[-1][1].append((self._option[0], self._option[1].strip()))
            self._option = None
        elif tag == "select":
            self._inside = False


def _groups(html):
    parser = _Select()
    parser.feed(html)
    return parser.groups


def _berlin_member(world):
    """The partner's contact reads times in Berlin; another member is an Estonian organisation."""
    world.contact.time_zone = "Europe/Berlin"
    world.contact.save()
    MembershipFactory(project=world.project, organisation=ForeignOrganisationFactory(country="EE"))
    # A contact of another project's member: their zone is not this project's.
    world.other_contact.time_zone = "Asia/Tokyo"
    world.other_contact.save()


@pytest.mark.parametrize(
    ("language", "expected_first", "group_labels"),
    [
        (
            "fi",
            [
                ("Europe/Berlin", "Saksa (Berliini) – UTC+01:00"),
                ("Europe/Helsinki", "Suomi (Helsinki) – UTC+02:00"),
                ("Europe/Tallinn", "Viro (Tallinna) – UTC+02:00"),
            ],
            ("Hankkeen jäsenten aikavyöhykkeet", "Muut aikavyöhykkeet"),
        ),
        (
            "sv",
            [
                ("Europe/Tallinn", "Estland (Tallinn) – UTC+02:00"),
                ("Europe/Helsinki", "Finland (Helsingfors) – UTC+02:00"),
                ("Europe/Berlin", "Tyskland (Berlin) – UTC+01:00"),
            ],
            ("Projektmedlemmarnas tidszoner", "Övriga tidszoner"),
        ),
    ],
)
def test_the_members_zones_come_first_with_localised_names(
    winter, world, client, settings, language, expected_first, group_labels
):
    _berlin_member(world)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(world.coordinator)
    for name in ("meetings:create", "meetings:poll_create", "meetings:series_create"):
        groups = _groups(client.get(reverse(name, args=[world.project.pk])).content.decode())
        assert [label for label, _options in groups] == list(group_labels), name
        (_first_label, first), (_other_label, others) = groups
        assert first == expected_first, name
        other_values = [value for value, _text in others]
        assert "Asia/Tokyo" in other_values and "Europe/Berlin" not in other_values
        # The rest is sorted by the localised name, and only canonical zones are offered (no old aliases).
        texts = [text for _value, text in others]
        assert texts == sorted(texts, key=lambda text: zones.sort_key(text, language))
        assert "Asia/Calcutta" not in other_values and "Asia/Kolkata" in other_values
        assert len(others) + len(first) < 450


def test_finnish_sorting_puts_a_umlaut_after_z(world):
    assert zones.sort_key("Ähtäri", "fi") > zones.sort_key("Zimbabwe", "fi")
    assert zones.sort_key("Égypte", "en") < zones.sort_key("Fidži", "en")


def test_an_unknown_zone_is_a_field_error_in_the_meeting_and_contact_forms(world, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.coordinator)
    data = {"title": "Ohjausryhmä", "meeting_type": "steering_group", "time_zone": "Mars/Olympus_Mons"}
    data.update({"start": "2026-05-04T10:00", "end": "2026-05-04T12:00"})
    response = client.post(reverse("meetings:create", args=[world.project.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["time_zone"]
    assert 'value="Ohjausryhmä"' in response.content.decode()  # the input is kept

    url = reverse("partners:contact_edit", args=[world.project.pk, world.membership.pk, world.contact.pk])
    response = client.post(url, {"name": "Pia", "email": world.contact.email, "language": "fi", "time_zone": "Mars/X"})
    assert response.status_code == 200 and response.context["form"].errors["time_zone"]
    world.contact.refresh_from_db()
    assert world.contact.time_zone == "Europe/Helsinki"

    world.contact.time_zone = "Mars/X"
    with pytest.raises(ValidationError) as error:
        world.contact.full_clean()
    assert "is not a known time zone" in error.value.message_dict["time_zone"][0]


def test_the_coordinator_sets_a_contacts_time_zone(world, client):
    client.force_login(world.coordinator)
    url = reverse("partners:contact_edit", args=[world.project.pk, world.membership.pk, world.contact.pk])
    data = {"name": "Pia", "email": world.contact.email, "language": "sv", "time_zone": "Europe/Stockholm"}
    assert client.post(url, data).status_code == 302
    world.contact.refresh_from_db()
    assert world.contact.time_zone == "Europe/Stockholm"
    assert "Europe/Stockholm" in client.get(url).content.decode()


def _invite(world, start, capture, zone="Europe/Berlin", language="en"):
    world.contact.time_zone, world.contact.language = zone, language
    world.contact.save()
    meeting = MeetingFactory(
        project=world.project, start=start, end=start + timedelta(hours=2), created_by=world.coordinator
    )
    with capture(execute=True):
        services.invite(meeting, [world.contact], actor=world.coordinator)
    return meeting


def test_reply_page_and_invitation_show_the_contacts_time_beside_the_meetings(
    winter, world, client, mailoutbox, django_capture_on_commit_callbacks
):
    # 30 March 2026 is after the spring change in both zones: Helsinki UTC+3, Berlin UTC+2.
    _invite(world, helsinki(2026, 3, 30, 14), django_capture_on_commit_callbacks)
    mail = mailoutbox[-1]
    assert "Monday 30 March 2026 14:00–16:00 (Europe/Helsinki, UTC+03:00)" in mail.body
    assert "(13:00–15:00 in your time zone, Europe/Berlin)" in mail.body
    assert "(13:00–15:00 in your time zone, Europe/Berlin)" in mail.alternatives[0][0]

    page = client.get(link_in(mail, "rsvp")).content.decode()
    assert "Monday 30 March 2026 14:00–16:00 (Europe/Helsinki, UTC+03:00)" in page
    assert "(13:00–15:00 in your time zone, Europe/Berlin)" in page


def test_a_contact_in_the_meetings_zone_sees_one_time(
    winter, world, client, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, helsinki(2026, 3, 30, 14), django_capture_on_commit_callbacks, zone="Europe/Helsinki")
    assert "in your time zone" not in mailoutbox[-1].body
    assert "in your time zone" not in client.get(link_in(mailoutbox[-1], "rsvp")).content.decode()


def test_the_local_time_follows_each_zones_own_daylight_saving_change(
    winter, world, client, mailoutbox, django_capture_on_commit_callbacks
):
    # On 20 March 2026 New York is already on summer time (from 8 March) and Helsinki not yet (29 March):
    # 10.00 in Helsinki (UTC+2) is 04.00 in New York (UTC-4), not 03.00 as on the day the invitation is sent.
    _invite(
        world, helsinki(2026, 3, 20, 10), django_capture_on_commit_callbacks, zone="America/New_York", language="fi"
    )
    mail = mailoutbox[-1]
    assert "10.00–12.00 (Europe/Helsinki, UTC+02:00)" in mail.body
    assert "(4.00–6.00 omalla aikavyöhykkeelläsi, America/New_York)" in mail.body
    page = client.get(link_in(mail, "rsvp")).content.decode()
    assert "(4.00–6.00 omalla aikavyöhykkeelläsi, America/New_York)" in page


def test_a_local_time_on_another_day_names_the_day(winter, world, mailoutbox, django_capture_on_commit_callbacks):
    _invite(world, helsinki(2026, 3, 30, 9), django_capture_on_commit_callbacks, zone="Pacific/Honolulu")
    # 09.00 in Helsinki (06.00 UTC) is 20.00 the evening before in Honolulu (UTC-10).
    assert "(Sunday 29 March 2026 20:00–22:00 in your time zone, Pacific/Honolulu)" in mailoutbox[-1].body


def test_the_poll_link_and_e_mail_show_the_contacts_time(
    winter, world, client, mailoutbox, django_capture_on_commit_callbacks
):
    world.contact.time_zone, world.contact.language = "Europe/London", "en"
    world.contact.save()
    poll = TimePollFactory.build(project=world.project, deadline=utc(2026, 3, 20, 12))
    start = helsinki(2026, 3, 25, 12)
    with django_capture_on_commit_callbacks(execute=True):
        polls.create_poll(
            poll, slots=[(start, start + timedelta(hours=1))], contacts=[world.contact], actor=world.coordinator
        )
    mail = mailoutbox[-1]
    assert "(10:00–11:00 in your time zone, Europe/London)" in mail.body
    page = client.get(link_in(mail, "poll")).content.decode()
    assert "(10:00–11:00 in your time zone, Europe/London)" in page


def test_reminders_name_the_meetings_time_and_the_contacts(
    winter, world, mailoutbox, django_capture_on_commit_callbacks
):
    world.contact.time_zone, world.contact.language = "Europe/Berlin", "en"
    world.contact.save()
    start = helsinki(2026, 3, 30, 14)
    meeting = MeetingFactory(project=world.project, start=start, end=start + timedelta(hours=2))
    Invitation.objects.create(meeting=meeting, contact=world.contact)
    for moment in (utc(2026, 3, 26, 12), utc(2026, 3, 29, 12)):  # 3 days (unanswered) and 1 day (upcoming) before
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            reminders.plan()
            scan_reminders()
    bodies = [message.body for message in mailoutbox if message.to == [world.contact.email]]
    assert len(bodies) == 2
    for body in bodies:
        assert (
            "30 March 2026 14:00–16:00 (Europe/Helsinki, UTC+03:00) (13:00–15:00 in your time zone, Europe/Berlin)"
            in body
        )
