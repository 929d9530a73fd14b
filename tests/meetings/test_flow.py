"""Issue 4's "Done when", end to end through the web pages and e-mails:

1. A coordinator runs a time poll among five member organisations and turns the best slot into a meeting.
2. Invitations arrive with .ics files that parse.
3. Partners RSVP (one by proxy); the meeting is moved (updated .ics, higher SEQUENCE).
4. Attendance is recorded and minutes with two action items are published and e-mailed.
5. The dashboard shows the cadence.
"""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from meetings.models import ActionItem, Attendance, AttendanceStatus, Invitation, Meeting, Response, TimePoll
from networkhub.models import AuditEvent
from tests.confirm import CONFIRMED

from .factories import utc
from .helpers import add_network, ics_of, link_in

pytestmark = pytest.mark.django_db


def _poll_data(contacts):
    data = {
        "title": "Syksyn verkostotapaaminen",
        "meeting_type": "experience_exchange",
        "deadline": "2026-09-10T16:00",
        "time_zone": "Europe/Helsinki",
        "location": "Saimaa",
        "video_link": "https://video.example/syksy",
        "description": "Kokemusten vaihto",
        "members_see_answers": "on",
        "contacts": [contact.pk for contact in contacts],
        "slots-TOTAL_FORMS": "3",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
    }
    for index, day in enumerate(["2026-09-21", "2026-09-22", "2026-09-23"]):
        data |= {f"slots-{index}-date": day, f"slots-{index}-start_time": "10:00", f"slots-{index}-end_time": "12:00"}
    return data


def test_done_when(world, client, mailoutbox, django_capture_on_commit_callbacks, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    contacts = add_network(world.project)
    project = world.project
    world.membership.joined_on = date(2026, 1, 1)  # a member before the clock below (minutes go to members)
    world.membership.save()
    with time_machine.travel(utc(2026, 9, 1, 9), tick=False) as clock:
        # 1. The poll among five member organisations; each contact answers from the e-mailed link.
        client.force_login(world.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("meetings:poll_create", args=[project.pk]), _poll_data(contacts))
        poll = TimePoll.objects.get()
        assert len(mailoutbox) == 5
        slots = list(poll.slots.all())
        answers = {
            0: ["yes", "no", "if_need_be"],
            1: ["yes", "yes", "no"],
            2: ["no", "yes", "yes"],
            3: ["no", "yes", "no"],
            4: ["if_need_be", "yes", "no"],
        }
        client.logout()
        for index, message in enumerate(mailoutbox):
            contact_index = next(i for i, c in enumerate(contacts) if c.email == message.to[0])
            invitee = poll.invitees.get(contact=contacts[contact_index])
            link = link_in(message, "poll")
            data = {
                f"poll{invitee.pk}-answer_{slot.pk}": answer
                for slot, answer in zip(slots, answers[contact_index], strict=True)
            }
            assert client.post(link, data).status_code == 302, index

        client.force_login(world.coordinator)
        rankings = client.get(poll.get_absolute_url()).context["rankings"]
        best = rankings[0]
        assert best.best and best.slot == slots[1] and best.organisations == 4
        assert (best.business, best.foreign) == (2, 2)
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("meetings:poll_convert", args=[project.pk, poll.pk, best.slot.pk]), CONFIRMED
            )
        meeting = Meeting.objects.get()
        assert response["Location"] == meeting.get_absolute_url()
        assert meeting.start == utc(2026, 9, 22, 7)  # 10:00 in Helsinki summer time

        # 2. Invitations arrive with .ics files that parse.
        assert sorted(m.to[0] for m in mailoutbox) == sorted(c.email for c in contacts)
        uids = set()
        for message in mailoutbox:
            calendar, event = ics_of(message)
            assert calendar["METHOD"] == "REQUEST" and event["SEQUENCE"] == 0
            assert calendar.timezones[0].tz_name == "Europe/Helsinki"
            assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
            uids.add(str(event["UID"]))
        assert uids == {meeting.uid}

        # 3. Partners reply from their links, one by proxy.
        client.logout()
        replies = ["yes", "yes", "proxy", "no", "maybe"]
        for contact, reply in zip(contacts, replies, strict=True):
            message = next(m for m in mailoutbox if m.to == [contact.email])
            data = {"response": reply, "proxy_name": "Pekka Proxy" if reply == "proxy" else ""}
            assert client.post(link_in(message, "rsvp"), data).status_code == 302
        proxy = Invitation.objects.get(contact=contacts[2])
        assert (proxy.response, proxy.proxy_name) == (Response.PROXY, "Pekka Proxy")

        # The meeting is moved: everyone gets an updated .ics with the same UID and a higher SEQUENCE.
        client.force_login(world.coordinator)
        mailoutbox.clear()
        edit = {
            "title": meeting.title,
            "meeting_type": meeting.meeting_type,
            "start": "2026-09-22T13:00",
            "end": "2026-09-22T15:00",
            "time_zone": "Europe/Helsinki",
            "location": "Saimaa, sali 2",
            "video_link": meeting.video_link,
            "description": meeting.description,
        }
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("meetings:edit", args=[project.pk, meeting.pk]), edit)
        assert len(mailoutbox) == 5
        for message in mailoutbox:
            assert message.subject.startswith("Updated")
            calendar, event = ics_of(message)
            assert str(event["UID"]) == meeting.uid and event["SEQUENCE"] == 1
            assert event.decoded("DTSTART") == utc(2026, 9, 22, 10)
            assert str(event["LOCATION"]) == "Saimaa, sali 2"
        # The replies stay.
        assert Invitation.objects.get(contact=contacts[0]).response == Response.YES

        # 4. The meeting is held; attendance starts from the replies; minutes with two action items.
        clock.move_to(utc(2026, 9, 23, 8))
        client.force_login(world.coordinator)  # three weeks later: a fresh session
        client.post(reverse("meetings:held", args=[project.pk, meeting.pk]))
        url = reverse("meetings:attendance", args=[project.pk, meeting.pk])
        form = client.get(url).context["form"]
        data = {name: form[name].value() or "" for name in form.fields}
        data[f"status_{contacts[4].pk}"] = "present"  # "maybe" came after all
        assert client.post(url, data).status_code == 302
        statuses = dict(Attendance.objects.values_list("contact", "status"))
        assert statuses[contacts[2].pk] == AttendanceStatus.PROXY
        assert statuses[contacts[3].pk] == AttendanceStatus.EXCUSED
        assert Attendance.objects.get(contact=contacts[2]).proxy_name == "Pekka Proxy"

        minutes_url = reverse("meetings:minutes", args=[project.pk, meeting.pk])
        data = {
            "summary": "Hyvä tapaaminen.",
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
            "decisions-TOTAL_FORMS": "1",
            "decisions-INITIAL_FORMS": "0",
            "decisions-0-text": "Seuraava tapaaminen Tallinnassa.",
            "actions-TOTAL_FORMS": "2",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "Varaa tilat",
            "actions-0-owner_organisation": contacts[3].organisation.pk,
            "actions-0-due_date": "2026-10-15",
            "actions-0-status": "open",
            "actions-1-title": "Kokoa kokemukset",
            "actions-1-owner_organisation": contacts[0].organisation.pk,
            "actions-1-owner_contact": contacts[0].pk,
            "actions-1-status": "open",
        }
        assert client.post(minutes_url, data).status_code == 302
        assert ActionItem.objects.filter(project=project, meeting=meeting).count() == 2
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("meetings:minutes_publish", args=[project.pk, meeting.pk]), CONFIRMED)
        recipients = {m.to[0] for m in mailoutbox}
        assert recipients == {c.email for c in contacts} | {world.contact.email}
        body = next(m.body for m in mailoutbox if m.to == [contacts[0].email])
        assert "Varaa tilat" in body and "Kokoa kokemukset" in body and "Seuraava tapaaminen Tallinnassa." in body

        # 5. The dashboard shows the cadence; the action items are on the project-wide list.
        clock.move_to(utc(2026, 10, 3, 8))
        client.force_login(world.partner)
        client.cookies["django_language"] = "en"  # the assertions below read the English wording
        page = client.get(reverse("home:project", args=[project.pk])).content.decode()
        assert "11 days ago" in page
        assert "The network meets regularly (at most 90 days between meetings)." in page
        items = client.get(reverse("meetings:actions", args=[project.pk])).context["items"]
        assert {item.title for item in items} == {"Varaa tilat", "Kokoa kokemukset"}

    actions = set(AuditEvent.objects.filter(project=project).values_list("action", flat=True))
    assert {
        "poll.created",
        "poll.answered",
        "poll.converted",
        "meeting.scheduled",
        "meeting.invited",
        "meeting.rsvp",
        "meeting.updated",
        "meeting.held",
        "meeting.attendance_recorded",
        "minutes.saved",
        "minutes.published",
    } <= actions
