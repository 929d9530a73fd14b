"""Meeting reminders: planned from dates, sent once, stopped when their reason ends, with the .ics."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.models import ActionItem, AttendanceStatus, MeetingStatus, Response
from meetings.reminders import ReminderKind as MeetingReminder
from networkhub import reminders
from networkhub.models import Reminder, ReminderStatus
from networkhub.tasks import scan_reminders
from tests.factories import ContactFactory, MembershipFactory
from tests.meetings.factories import (
    ActionItemFactory,
    HeldMeetingFactory,
    InvitationFactory,
    MeetingFactory,
    PollInviteeFactory,
    TimePollFactory,
    in_days,
)
from tests.meetings.test_minutes import minutes_data

MEETING_KINDS = [MeetingReminder.MEETING_UPCOMING, MeetingReminder.INVITATION_UNANSWERED]


def to(mailoutbox, email):
    return [message for message in mailoutbox if message.to == [email]]


def tick(at, capture):
    """What the beat does: plan, then scan, at a moment in time."""
    with time_machine.travel(at, tick=False), capture(execute=True):
        reminders.plan()
        return scan_reminders()


@pytest.fixture
def invitation(world):
    meeting = MeetingFactory(project=world.project, start=in_days(5), created_by=world.coordinator)
    contact = ContactFactory(organisation=world.membership.organisation, language="sv")
    return InvitationFactory(meeting=meeting, contact=contact)


def test_upcoming_meeting_and_unanswered_invitation(invitation, mailoutbox, django_capture_on_commit_callbacks):
    meeting = invitation.meeting
    tick(timezone.now(), django_capture_on_commit_callbacks)
    kinds = sorted(Reminder.objects.filter(kind__in=MEETING_KINDS).values_list("kind", "step"))
    assert kinds == [
        (MeetingReminder.INVITATION_UNANSWERED, "3d"),
        (MeetingReminder.MEETING_UPCOMING, f"{meeting.pk}-1d"),
    ]  # 7 days before is already past
    tick(meeting.start - timedelta(days=3) + timedelta(minutes=1), django_capture_on_commit_callbacks)
    [unanswered] = to(mailoutbox, invitation.contact.email)
    assert unanswered.extra_headers["Content-Language"] == "sv"
    tick(meeting.start - timedelta(days=1) + timedelta(minutes=1), django_capture_on_commit_callbacks)
    tick(meeting.start - timedelta(hours=12), django_capture_on_commit_callbacks)
    assert len(to(mailoutbox, invitation.contact.email)) == 2
    upcoming = to(mailoutbox, invitation.contact.email)[1]
    [(filename, content, mimetype)] = upcoming.attachments
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert (filename, mimetype) == ("invitation.ics", "text/calendar")
    assert str(event["UID"]) == meeting.uid


def test_answered_declined_or_cancelled_stop_the_reminders(invitation, mailoutbox, django_capture_on_commit_callbacks):
    meeting = invitation.meeting
    tick(timezone.now(), django_capture_on_commit_callbacks)
    invitation.response, invitation.answered_at = Response.NO, timezone.now()
    invitation.save()
    tick(meeting.start - timedelta(hours=23), django_capture_on_commit_callbacks)
    assert to(mailoutbox, invitation.contact.email) == []
    statuses = set(Reminder.objects.filter(kind__in=MEETING_KINDS).values_list("status", flat=True))
    assert statuses == {ReminderStatus.SKIPPED}


def test_cancelled_meeting_sends_no_reminder(invitation, mailoutbox, django_capture_on_commit_callbacks):
    tick(timezone.now(), django_capture_on_commit_callbacks)
    type(invitation.meeting).objects.filter(pk=invitation.meeting.pk).update(status=MeetingStatus.CANCELLED)
    tick(invitation.meeting.start - timedelta(hours=23), django_capture_on_commit_callbacks)
    assert to(mailoutbox, invitation.contact.email) == []


def test_unanswered_poll(world, mailoutbox, django_capture_on_commit_callbacks):
    poll = TimePollFactory(project=world.project, deadline=in_days(5))
    invitee = PollInviteeFactory(poll=poll, contact=world.contact)
    tick(poll.deadline - timedelta(days=3) + timedelta(minutes=1), django_capture_on_commit_callbacks)
    [message] = to(mailoutbox, world.contact.email)
    assert "/m/poll/" in message.body
    invitee.refresh_from_db()
    assert invitee.answered_at is None


def test_minutes_not_published(world, mailoutbox, django_capture_on_commit_callbacks):
    meeting = HeldMeetingFactory(project=world.project, start=in_days(-1))
    tick(meeting.end + timedelta(days=3, minutes=1), django_capture_on_commit_callbacks)
    [message] = [m for m in to(mailoutbox, world.coordinator.email) if meeting.title in m.subject]
    assert "/meetings/" in message.body


def test_action_item_due_and_overdue_once_each(world, mailoutbox, django_capture_on_commit_callbacks):
    item = ActionItemFactory(
        meeting=HeldMeetingFactory(project=world.project),
        owner_contact=world.contact,
        due_date=timezone.localdate() + timedelta(days=2),
    )
    # The beat at 9 o'clock in the morning: the day before it is due, twice; overdue, twice; and the day after.
    for days in (1, 1, 3, 3, 4):
        tick(in_days(days, hour=9), django_capture_on_commit_callbacks)
    messages = to(mailoutbox, world.contact.email)
    assert len(messages) == 2 and all(item.title in message.subject for message in messages)


def test_no_network_meeting_for_ninety_days(world, mailoutbox, django_capture_on_commit_callbacks):
    last = HeldMeetingFactory(project=world.project, start=in_days(-80))
    HeldMeetingFactory(project=world.other_project, start=in_days(-80))

    def no_meeting_mail():
        return [m for m in mailoutbox if "90" in m.subject and world.project.acronym in m.subject]

    tick(timezone.now(), django_capture_on_commit_callbacks)
    assert no_meeting_mail() == []
    tick(last.end + timedelta(days=90, hours=1), django_capture_on_commit_callbacks)
    tick(last.end + timedelta(days=95), django_capture_on_commit_callbacks)
    assert [m.to for m in no_meeting_mail()] == [[world.coordinator.email]]
    # A new meeting held before the reminder is due stops it.
    reminders_for_other = Reminder.objects.filter(kind=MeetingReminder.NO_NETWORK_MEETING, project=world.other_project)
    assert set(reminders_for_other.values_list("status", flat=True)) <= {ReminderStatus.SENT}


def test_quiet_partner_digest_weekly_with_business_and_foreign_flagged(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from meetings.models import Attendance
    from partners.models import OrganisationType
    from tests.factories import ForeignOrganisationFactory

    quiet = MembershipFactory(
        project=world.project, organisation=ForeignOrganisationFactory(org_type=OrganisationType.COMPANY)
    )
    quiet_contact = ContactFactory(organisation=quiet.organisation)
    for days in (-40, -10):
        meeting = HeldMeetingFactory(project=world.project, start=in_days(days))
        Attendance.objects.create(meeting=meeting, contact=world.contact, status=AttendanceStatus.PRESENT)
        InvitationFactory(meeting=meeting, contact=quiet_contact)  # invited to both, came to neither
    # The digest is due on Monday mornings: the beat next Monday after it, and an hour later.
    monday = in_days(7 - timezone.localdate().weekday(), hour=9)
    tick(monday, django_capture_on_commit_callbacks)
    tick(monday + timedelta(hours=1), django_capture_on_commit_callbacks)
    digests = [m for m in to(mailoutbox, world.coordinator.email) if quiet.organisation.name in m.body]
    assert len(digests) == 1
    body = digests[0].body
    assert quiet.organisation.name in body and world.membership.organisation.name not in body
    assert "[" in body  # flagged as business and foreign partner


def test_quiet_means_no_activity_for_120_days(world):
    from home.reminders import quiet_members

    long_ago = timezone.localdate() - timedelta(days=365)
    world.membership.joined_on = long_ago
    world.membership.save()
    idle = MembershipFactory(project=world.project, joined_on=long_ago)
    newcomer = MembershipFactory(project=world.project, joined_on=timezone.localdate())
    active_contact = world.contact
    meeting = MeetingFactory(project=world.project, start=in_days(10))
    InvitationFactory(meeting=meeting, contact=active_contact, response=Response.YES, answered_at=timezone.now())
    quiet = {membership.pk for membership in quiet_members(world.project)}
    assert idle.pk in quiet
    assert world.membership.pk not in quiet and newcomer.pk not in quiet


def test_action_item_made_late_the_evening_before_still_gets_due_tomorrow(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    """The hourly planner gives up on "due tomorrow" at 20:00; the minutes page schedules it when saved."""
    world.contact.language = "en"
    world.contact.save()
    meeting = HeldMeetingFactory(project=world.project)
    url = reverse("meetings:minutes", args=[world.project.pk, meeting.pk])
    evening = in_days(1, hour=21) + timedelta(minutes=30)  # 21.30 Helsinki time, the evening before it is due
    due = in_days(2).date()
    client.force_login(world.coordinator)
    action = {
        "title": "Lähetä raportti",
        "owner_organisation": world.membership.organisation.pk,
        "owner_contact": world.contact.pk,
        "due_date": due.isoformat(),
    }
    with time_machine.travel(evening, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, minutes_data(meeting, actions=[action]))
    assert response.status_code == 302
    # The beat a few minutes later and through the next days, twice at each moment.
    for at in (evening + timedelta(minutes=5), evening + timedelta(hours=1), in_days(2, hour=9), in_days(3, hour=9)):
        for _ in range(2):
            tick(at, django_capture_on_commit_callbacks)
    tick(in_days(4, hour=9), django_capture_on_commit_callbacks)
    subjects = [message.subject for message in to(mailoutbox, world.contact.email)]
    assert [subject.split(":")[0] for subject in subjects] == ["Due tomorrow", "Overdue"], subjects
    assert all("Lähetä raportti" in subject for subject in subjects)


def test_a_moved_due_date_and_a_new_owner_get_reminders_of_their_own(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    world.contact.language = "en"
    world.contact.save()
    colleague = ContactFactory(organisation=world.membership.organisation, language="en")
    meeting = HeldMeetingFactory(project=world.project)
    url = reverse("meetings:minutes", args=[world.project.pk, meeting.pk])
    owner = {"owner_organisation": world.membership.organisation.pk, "owner_contact": world.contact.pk}
    actions = [
        {"title": "Siirtyy", "due_date": in_days(2).date(), **owner},
        {"title": "Vaihtaa omistajaa", "due_date": in_days(2).date(), **owner},
    ]
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, minutes_data(meeting, actions=actions)).status_code == 302
    tick(in_days(1, hour=9), django_capture_on_commit_callbacks)  # both are due tomorrow
    # On the day they are due, one moves a week on and a colleague takes the other over.
    moved, handed_over = (ActionItem.objects.get(title=action["title"]).pk for action in actions)
    actions[0] |= {"id": moved, "due_date": in_days(9).date()}
    actions[1] |= {"id": handed_over, "owner_contact": colleague.pk}
    data = minutes_data(meeting, actions=actions)
    data["actions-INITIAL_FORMS"] = "2"
    with time_machine.travel(in_days(2, hour=10), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    for days in (3, 3, 8, 8, 10, 10, 11):
        tick(in_days(days, hour=9), django_capture_on_commit_callbacks)

    def received(contact):
        return [message.subject for message in to(mailoutbox, contact.email)]

    first, then = received(world.contact)[:2], received(world.contact)[2:]
    assert sorted(first) == ["Due tomorrow: Siirtyy", "Due tomorrow: Vaihtaa omistajaa"]
    assert then == ["Due tomorrow: Siirtyy", "Overdue: Siirtyy"]  # for the new date; the old one's are skipped
    assert received(colleague) == ["Overdue: Vaihtaa omistajaa"]
