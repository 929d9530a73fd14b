"""One way to send mail once: every e-mail goes out under its key, whatever retries or runs twice."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from celery import shared_task
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from networkhub.celery_tasks import RetryingTask
from networkhub.mail import mail_key, send_once, send_templated_mail, sending_lease
from networkhub.models import Message, MessageStatus, User

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
