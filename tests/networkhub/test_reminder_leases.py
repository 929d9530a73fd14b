"""Nothing stuck: every state of a reminder that is not final has a lease, and a publish that fails
leaves the reminder due for the next scan (issue 12)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from networkhub import reminders
from networkhub.mail import KEY_HEADER, key_digest, sending_lease
from networkhub.models import Message, MessageStatus, Reminder, ReminderStatus
from networkhub.tasks import scan_reminders
from projects.models import ProgrammeDeadline, ReportType
from reports.reminders import ReminderKind as ReportReminder

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def due(clock, world):
    """Three report-deadline reminders to the coordinator, due a minute ago."""
    deadline = ProgrammeDeadline.objects.create(
        programme=world.project.programme, report_type=ReportType.INTERIM, due_date=NOW.date() + timedelta(days=7)
    )
    for index in range(3):
        reminders.schedule(
            ReportReminder.REPORT_DEADLINE,
            world.project,
            project=world.project,
            step=f"{deadline.pk}-{deadline.due_date:%Y%m%d}-{index}d",
            due_at=NOW - timedelta(minutes=1),
            recipient=f"r{index}@example.org",
        )
    return list(Reminder.objects.order_by("pk"))


def statuses():
    return sorted(Reminder.objects.values_list("status", flat=True))


def scan(capture):
    with capture(execute=True):
        return scan_reminders()


def test_a_queued_reminder_whose_task_never_came_is_queued_again_after_its_lease(
    due, clock, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REMINDER_QUEUED_LEASE_MINUTES = 20
    claimed = reminders.claim_due()  # queued, and the send tasks lost with the broker
    assert (len(claimed.queued), statuses()) == (3, ["queued"] * 3)
    assert {r.claimed_at for r in Reminder.objects.all()} == {NOW}

    clock.move_to(NOW + timedelta(minutes=20) - timedelta(seconds=1))
    assert scan(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == [] and statuses() == ["queued"] * 3  # inside the lease nobody touches them

    clock.move_to(NOW + timedelta(minutes=20, seconds=1))
    scan(django_capture_on_commit_callbacks)
    assert statuses() == ["sent"] * 3
    assert sorted(m.to[0] for m in mailoutbox) == ["r0@example.org", "r1@example.org", "r2@example.org"]
    clock.move_to(NOW + timedelta(hours=2))
    scan(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 3


def test_a_queued_reminder_from_before_queueing_was_timed_is_taken_up(
    due, mailoutbox, django_capture_on_commit_callbacks
):
    Reminder.objects.update(status=ReminderStatus.QUEUED, claimed_at=None)
    scan(django_capture_on_commit_callbacks)
    assert statuses() == ["sent"] * 3 and len(mailoutbox) == 3


def test_a_send_cut_mid_conversation_is_resent_once_after_the_lease_and_recorded(
    due, clock, mailoutbox, django_capture_on_commit_callbacks
):
    reminder = due[0]
    # A worker claimed the reminder and its e-mail, began the SMTP conversation and was killed.
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.SENDING, claimed_at=NOW, attempts=1)
    Message.objects.create(
        key=reminders.message_key(reminder),
        kind=reminder.kind,
        recipient=reminder.recipient,
        language="fi",
        project=reminder.project,
        status=MessageStatus.SENDING,
        claimed_at=NOW,
    )
    Reminder.objects.exclude(pk=reminder.pk).update(status=ReminderStatus.CANCELLED)

    clock.move_to(NOW + sending_lease() - timedelta(seconds=1))
    scan(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    clock.move_to(NOW + sending_lease() + timedelta(seconds=1))
    scan(django_capture_on_commit_callbacks)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT and reminder.attempts == 2
    assert (reminder.message.status, reminder.message.attempts) == (MessageStatus.SENT, 2)  # the resend is logged
    assert [m.to for m in mailoutbox] == [[reminder.recipient]]
    # Every attempt carries the e-mail's key (hashed), so the receiving side can tell a resend.
    assert mailoutbox[0].extra_headers[KEY_HEADER] == key_digest(reminder.message.key)


def test_a_reminder_waits_no_longer_than_the_e_mail_another_worker_holds(due, clock, mailoutbox):
    """A second task finding the e-mail claimed by a live sender leaves the reminder on the e-mail's lease."""
    reminder = due[0]
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.QUEUED, claimed_at=NOW)
    held_since = NOW - timedelta(minutes=3)
    Message.objects.create(
        key=reminders.message_key(reminder),
        kind=reminder.kind,
        recipient=reminder.recipient,
        language="fi",
        status=MessageStatus.SENDING,
        claimed_at=held_since,
    )
    assert reminders.send(reminder.pk) is None
    reminder.refresh_from_db()
    assert (reminder.status, reminder.claimed_at) == (ReminderStatus.SENDING, held_since)
    clock.move_to(held_since + sending_lease() + timedelta(seconds=1))
    assert reminders.send(reminder.pk) == ReminderStatus.SENT
    assert len(mailoutbox) == 1


def test_a_failed_publish_leaves_every_reminder_due_for_the_next_scan(
    due, mailoutbox, django_capture_on_commit_callbacks, broker_down
):
    assert scan(django_capture_on_commit_callbacks) == 3  # the scan does not raise
    assert statuses() == ["pending"] * 3
    assert set(Reminder.objects.values_list("claimed_at", flat=True)) == {None}


def test_after_the_broker_returns_the_next_scan_sends_them(due, mailoutbox, django_capture_on_commit_callbacks):
    Reminder.objects.filter(pk=due[0].pk).update(status=ReminderStatus.PENDING)  # handed back by a failed scan
    scan(django_capture_on_commit_callbacks)
    assert statuses() == ["sent"] * 3 and len(mailoutbox) == 3


def test_release_only_hands_back_the_claim_it_made(due, clock):
    claimed = reminders.claim_due()
    clock.move_to(NOW + timedelta(hours=1))
    again = reminders.claim_due()  # the lease ran out and a later scan claimed them
    assert sorted(again.stale) == sorted(claimed.queued)
    assert sum(reminders.release(pk, claimed.at) for pk in claimed.queued) == 0
    assert statuses() == ["queued"] * 3


def test_a_second_scan_does_not_claim_what_the_first_took_back(due, clock):
    reminders.claim_due()
    clock.move_to(NOW + timedelta(hours=1))
    first, second = reminders.claim_due(), reminders.claim_due()
    assert len(first.stale) == 3 and second.stale == [] and second.queued == []
