"""One way to send mail once: every e-mail goes out under its key, whatever retries or runs twice."""

import smtplib
from collections import Counter
from datetime import timedelta

import kombu.exceptions
import pytest
import time_machine
from celery import shared_task
from django import db
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from commitments import tasks as commitment_tasks
from meetings import tasks as meeting_tasks
from meetings.models import Invitation, MeetingStatus, Minutes, MinutesStatus, PollInvitee
from networkhub import tasks as base_tasks
from networkhub.celery_tasks import RetryingTask
from networkhub.mail import mail_key, send_once, send_templated_mail, sending_lease
from networkhub.models import Message, MessageStatus
from partners import tasks as partner_tasks
from reports import services as report_services
from reports import tasks as report_tasks
from tests.factories import CoordinatorFactory
from tests.meetings.factories import MeetingFactory, TimePollFactory
from tests.reports.helpers import submitted

TEMPLATE = "emails/password_reset"


def _context(user):
    return {"user": user, "url": "http://testserver/reset/"}


def smtp_drops(monkeypatch, nth):
    """The SMTP server hangs up on the nth message only; returns the address of every attempt."""
    attempts = []
    deliver = EmailBackend.send_messages

    def send_messages(backend, messages):
        attempts.append(messages[0].to[0])
        if len(attempts) == nth:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return deliver(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return attempts


@pytest.fixture
def smtp_drops_third_message(monkeypatch):
    return smtp_drops(monkeypatch, 3)


def test_review_mail_to_five_coordinators_survives_a_dropped_connection_without_resending(
    world, mailoutbox, smtp_drops_third_message, django_capture_on_commit_callbacks
):
    coordinators = [world.coordinator, *CoordinatorFactory.create_batch(4)]
    world.project.coordinators.add(*coordinators)
    report = submitted(world.project, world.coordinator)  # its mail to the funder is never run here
    with django_capture_on_commit_callbacks(execute=True):
        step = report_services.review(report, "request_info", actor=world.funder, comment="Lisätkää talousluvut.")

    expected = {user.email for user in coordinators}
    assert Counter(message.to[0] for message in mailoutbox) == dict.fromkeys(expected, 1)
    # Two delivered, the third dropped, the retry sent the third to fifth and nobody twice.
    assert len(smtp_drops_third_message) == 6 and set(smtp_drops_third_message) == expected
    sent = Message.objects.filter(kind="report_review", project=world.project)
    assert sent.count() == 5 and set(sent.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert set(sent.values_list("key", flat=True)) == {mail_key("report_review", step, email) for email in expected}
    dropped = sent.get(recipient=smtp_drops_third_message[2])
    assert dropped.attempts == 2 and dropped.error == ""
    assert set(sent.exclude(pk=dropped.pk).values_list("attempts", flat=True)) == {1}

    # The task delivered again (a broker redelivery, a double enqueue): nothing more goes out.
    report_tasks.notify_review_step.delay(step.pk)
    assert len(mailoutbox) == 5 and sent.count() == 5


def test_same_key_twice_sends_once(world, mailoutbox):
    key = mail_key("password_reset", world.partner, world.partner.email, step="request-1")
    first = send_once(key, TEMPLATE, to=world.partner.email, language="fi", context=_context(world.partner))

    def must_not_be_built():
        raise AssertionError("the context of an e-mail already sent was built again")

    again = send_once(key, TEMPLATE, to=world.partner.email, language="fi", context=must_not_be_built)
    assert again.pk == first.pk and again.status == MessageStatus.SENT and again.attempts == 1
    assert len(mailoutbox) == 1
    assert Message.objects.filter(key=key).count() == 1
    assert first.subject == mailoutbox[0].subject and first.project is None


def test_keys_are_bounded_and_the_key_is_required_outside_a_task(world, mailoutbox):
    long_address = f"{'x' * 190}@example.org"
    key = mail_key("password_reset", world.partner, long_address, step=1)
    assert key.startswith("sha256:") and len(key) <= 200
    assert key == mail_key("password_reset", world.partner, long_address.upper(), step=1)
    with pytest.raises(TypeError, match="key"):
        send_templated_mail(TEMPLATE, to=world.partner.email, language="fi", context=_context(world.partner))
    assert mailoutbox == []


def test_a_task_without_an_object_to_key_sends_once_through_its_retries(world, mailoutbox, monkeypatch):
    """The password reset's key carries its task id: retries share it, a new request is a new e-mail."""
    smtp_drops(monkeypatch, 1)
    base_tasks.send_password_reset.delay(world.partner.pk)
    assert [message.to for message in mailoutbox] == [[world.partner.email]]
    [record] = Message.objects.filter(kind="password_reset")
    assert (record.status, record.attempts) == (MessageStatus.SENT, 2)
    base_tasks.send_password_reset.delay(world.partner.pk)  # the user asks again
    assert len(mailoutbox) == 2 and Message.objects.filter(kind="password_reset").count() == 2


@shared_task(base=RetryingTask, name="tests.networkhub.test_mail_once.mail_without_a_key")
def mail_without_a_key(user_id):
    user = User.objects.get(pk=user_id)
    send_templated_mail(TEMPLATE, to=user.email, language=user.language, context=_context(user))


def test_send_templated_mail_in_a_task_keys_the_mail_by_the_task(world, mailoutbox, monkeypatch):
    smtp_drops(monkeypatch, 1)
    result = mail_without_a_key.delay(world.partner.pk)
    assert len(mailoutbox) == 1
    [record] = Message.objects.filter(kind="password_reset")
    assert record.key == mail_key("password_reset", ("celery.task", result.id), world.partner.email)
    assert (record.status, record.attempts) == (MessageStatus.SENT, 2)


def test_a_send_whose_worker_died_is_resent_after_the_lease_and_counted(world, mailoutbox, monkeypatch):
    key = mail_key("password_reset", world.partner, world.partner.email, step="request-2")
    deliver = EmailBackend.send_messages

    def deliver_then_die(backend, messages):
        deliver(backend, messages)
        raise SystemExit("worker killed before it could mark the e-mail sent")

    started = timezone.now()
    with monkeypatch.context() as patch, time_machine.travel(started, tick=False):
        patch.setattr(EmailBackend, "send_messages", deliver_then_die)
        with pytest.raises(SystemExit):
            send_once(key, TEMPLATE, to=world.partner.email, language="fi", context=_context(world.partner))
    record = Message.objects.get(key=key)
    assert (record.status, record.attempts, record.claimed_at) == (MessageStatus.SENDING, 1, started)

    # Within the lease the claim holds: a retry sends nothing and sees the send in flight.
    with time_machine.travel(started + sending_lease() - timedelta(seconds=1), tick=False):
        in_flight = send_once(key, TEMPLATE, to=world.partner.email, language="fi", context=_context(world.partner))
    assert in_flight.status == MessageStatus.SENDING and len(mailoutbox) == 1

    # After the lease a retry takes it over and sends it again, recorded as the second attempt.
    resent_at = started + sending_lease() + timedelta(seconds=1)
    with time_machine.travel(resent_at, tick=False):
        resent = send_once(key, TEMPLATE, to=world.partner.email, language="fi", context=_context(world.partner))
    assert (resent.pk, resent.status, resent.attempts, resent.claimed_at) == (
        record.pk,
        MessageStatus.SENT,
        2,
        resent_at,
    )
    assert len(mailoutbox) == 2
    assert Message.objects.filter(key=key).count() == 1


def test_a_failed_send_is_recorded_and_retried_under_the_same_record(world, mailoutbox, monkeypatch):
    key = mail_key("password_reset", world.partner, world.partner.email, step="request-3")

    def refuse(backend, messages):
        raise smtplib.SMTPRecipientsRefused({world.partner.email: (451, b"try again later")})

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refuse)
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            send_once(key, TEMPLATE, to=world.partner.email, language="fi", context=_context(world.partner))
    failed = Message.objects.get(key=key)
    assert failed.status == MessageStatus.FAILED and failed.error.startswith("SMTPRecipientsRefused")
    retried = send_once(key, TEMPLATE, to=world.partner.email, language="fi", context=_context(world.partner))
    assert (retried.pk, retried.status, retried.attempts, retried.error) == (failed.pk, MessageStatus.SENT, 2, "")
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(("language", "label"), [("fi", "Lähetetään"), ("sv", "Skickas"), ("en", "Sending")])
def test_the_messages_page_shows_a_send_in_progress(world, client, settings, language, label):
    Message.objects.create(
        key="report_review:reports.reportreviewstep:1:coordinator@example.org:0",
        project=world.project,
        kind="report_review",
        recipient=world.coordinator.email,
        language="fi",
        status=MessageStatus.SENDING,
        claimed_at=timezone.now(),
    )
    client.force_login(world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("projects:messages", args=[world.project.pk])).content.decode()
    assert f"<td>{label}</td>" in page


def test_mail_tasks_share_one_retry_policy():
    mail_tasks = [
        base_tasks.send_password_reset,
        base_tasks.send_reminder,
        partner_tasks.send_invitation,
        commitment_tasks.send_signature_request,
        commitment_tasks.notify_declined,
        commitment_tasks.notify_letter_signed,
        commitment_tasks.send_rules_request,
        meeting_tasks.send_meeting_invitation,
        meeting_tasks.send_meeting_cancellation,
        meeting_tasks.send_meeting_minutes,
        meeting_tasks.send_poll_invitation,
        report_tasks.notify_review_step,
    ]
    for task in mail_tasks:
        assert isinstance(task, RetryingTask), task.name
        assert (task.max_retries, task.acks_late, task.retry_backoff, task.retry_backoff_max) == (5, True, 30, 900), (
            task.name
        )
        transient = {OSError, db.OperationalError, db.InterfaceError, kombu.exceptions.OperationalError}
        assert transient <= set(task.autoretry_for), task.name


# --- The meetings app's MailLog merged into Message -----------------------------------------------

# Meetings before the merge, with the Message that has keys (the merge's other dependency).
BEFORE = [("meetings", "0001_initial"), ("networkhub", "0007_message_keys_and_attempts")]
AFTER = [("meetings", "0002_mail_log_into_messages")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_mail_log_rows_become_the_messages_the_tasks_would_write(world, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("the migration test runs on PostgreSQL; set DATABASE_URL")
    world.contact.language = "sv"
    world.contact.save()
    meeting = MeetingFactory(project=world.project, status=MeetingStatus.PLANNED)
    held = MeetingFactory(project=world.project, status=MeetingStatus.HELD)
    poll = TimePollFactory(project=world.project, created_by=world.coordinator)
    invitation = Invitation.objects.create(meeting=meeting, contact=world.contact)
    invitee = PollInvitee.objects.create(poll=poll, contact=world.contact)
    minutes = Minutes.objects.create(meeting=held, status=MinutesStatus.PUBLISHED, published_at=timezone.now())
    sent_at = timezone.now() - timedelta(days=2)
    try:
        old = _migrate(BEFORE)
        MailLog = old.get_model("meetings", "MailLog")
        OldMessage = old.get_model("networkhub", "Message")
        email = world.contact.email
        MailLog.objects.create(
            kind="meeting_invitation", target=f"meeting:{meeting.pk}", recipient=email, step=0, sent_at=sent_at
        )
        MailLog.objects.create(kind="meeting_minutes", target=f"meeting:{held.pk}", recipient=email, sent_at=sent_at)
        MailLog.objects.create(kind="poll_invitation", target=f"poll:{poll.pk}", recipient=email, sent_at=sent_at)
        # The old task also wrote an unkeyed Message for the invitation, just after its MailLog row.
        logged = OldMessage.objects.create(
            project_id=world.project.pk,
            kind="meeting_invitation",
            recipient=email,
            language="sv",
            subject="Kallelse: styrgruppens möte",
            status="sent",
            created_at=sent_at + timedelta(seconds=2),
        )

        _migrate(AFTER)
        _migrate(_latest())  # the live models below have the columns of later migrations
        keyed = Message.objects.exclude(key=None)
        assert {(m.key, m.kind, m.project_id, m.recipient, m.language, m.status) for m in keyed} == {
            (
                mail_key("meeting_invitation", meeting, email, 0),
                "meeting_invitation",
                world.project.pk,
                email,
                "sv",
                "sent",
            ),
            (mail_key("meeting_minutes", held, email), "meeting_minutes", world.project.pk, email, "sv", "sent"),
            (mail_key("meeting_poll", poll, email), "meeting_poll", world.project.pk, email, "sv", "sent"),
        }
        # The invitation's own log entry got the key instead of a second row; the others are dated as sent.
        assert keyed.get(kind="meeting_invitation").pk == logged.pk
        assert Message.objects.filter(kind="meeting_invitation").count() == 1
        assert set(keyed.exclude(pk=logged.pk).values_list("created_at", flat=True)) == {sent_at}

        # What the old log says was sent, the new tasks do not send again.
        meeting_tasks.send_meeting_invitation.delay(invitation.pk, 0)
        meeting_tasks.send_meeting_minutes.delay(minutes.pk, world.contact.pk)
        meeting_tasks.send_poll_invitation.delay(invitee.pk)
        assert mailoutbox == []

        # Back: the MailLog rows are made from the messages; forward again changes nothing.
        old = _migrate(BEFORE)
        restored = old.get_model("meetings", "MailLog").objects.values_list("kind", "target", "recipient", "step")
        assert set(restored) == {
            ("meeting_invitation", f"meeting:{meeting.pk}", email, 0),
            ("meeting_minutes", f"meeting:{held.pk}", email, 0),
            ("poll_invitation", f"poll:{poll.pk}", email, 0),
        }
        _migrate(AFTER)
        _migrate(_latest())  # the live models below have the columns of later migrations
        assert Message.objects.exclude(key=None).count() == 3
    finally:
        _migrate(_latest())
