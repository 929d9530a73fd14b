"""E-mails left in "sending" outside the reminder engine (issue 12): a periodic sweep starts their task
again, which sends them as one more attempt of the same message; one sent outside any task is marked
failed, visibly."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery import shared_task
from django.urls import reverse

from accounts.models import User
from networkhub.celery_tasks import RetryingTask
from networkhub.mail import INTERRUPTED, mail_key, send_once, sending_lease
from networkhub.models import Message, MessageStatus
from networkhub.tasks import send_password_reset, sweep_stale_messages

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
TASK_ID = "5f1c1d4e-0000-4000-8000-000000000001"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _left_sending(world, *, task=True):
    """A password-reset e-mail whose worker was killed mid-send, its task lost with the broker."""
    user = world.partner
    return Message.objects.create(
        key=mail_key("password_reset", user, user.email, step=TASK_ID),
        kind="password_reset",
        recipient=user.email,
        language="fi",
        status=MessageStatus.SENDING,
        claimed_at=NOW,
        task={"name": send_password_reset.name, "id": TASK_ID, "args": [user.pk], "kwargs": {}} if task else None,
    )


def test_a_send_left_unfinished_is_sent_again_by_its_task_and_recorded_as_a_resend(
    clock, world, mailoutbox, django_capture_on_commit_callbacks
):
    record = _left_sending(world)
    clock.move_to(NOW + sending_lease() - timedelta(seconds=1))
    assert sweep_stale_messages() == 0  # inside the lease: perhaps still sending
    assert mailoutbox == []

    clock.move_to(NOW + sending_lease() + timedelta(seconds=1))
    assert sweep_stale_messages() == 1
    record.refresh_from_db()
    assert (record.status, record.attempts, record.error) == (MessageStatus.SENT, 2, "")
    assert [m.to for m in mailoutbox] == [[world.partner.email]]
    assert Message.objects.count() == 1  # the same message, not another
    clock.move_to(NOW + timedelta(hours=1))
    assert sweep_stale_messages() == 0 and len(mailoutbox) == 1


def test_the_task_is_recorded_when_the_send_is_claimed(world, mailoutbox):
    result = send_password_reset.delay(world.partner.pk)
    [record] = Message.objects.all()
    assert record.task == {"name": send_password_reset.name, "id": result.id, "args": [world.partner.pk], "kwargs": {}}


def test_a_send_outside_any_task_is_marked_failed_where_the_coordinator_sees_it(clock, world, client, mailoutbox):
    record = _left_sending(world, task=False)
    Message.objects.filter(pk=record.pk).update(project=world.project)
    clock.move_to(NOW + sending_lease() + timedelta(minutes=1))
    assert sweep_stale_messages() == 0
    record.refresh_from_db()
    assert record.status == MessageStatus.FAILED and record.error.startswith(INTERRUPTED)
    assert mailoutbox == []
    client.force_login(world.coordinator)
    page = client.get(reverse("projects:messages", args=[world.project.pk]))
    assert [m.pk for m in page.context["unsent"]] == [record.pk]


def test_the_reminder_engine_keeps_its_own(clock, world):
    record = _left_sending(world)
    Message.objects.filter(pk=record.pk).update(task={**record.task, "name": "networkhub.tasks.send_reminder"})
    clock.move_to(NOW + timedelta(hours=1))
    assert sweep_stale_messages() == 0
    record.refresh_from_db()
    assert record.status == MessageStatus.SENDING  # the reminder scan's lease takes it up


def test_when_the_task_cannot_be_started_the_next_sweep_tries_again(clock, world, broker_down):
    record = _left_sending(world)
    clock.move_to(NOW + timedelta(hours=1))
    assert sweep_stale_messages() == 0
    record.refresh_from_db()
    assert (record.status, record.error, record.claimed_at) == (MessageStatus.SENDING, "", NOW)


@shared_task(base=RetryingTask, name="tests.networkhub.test_mail_sweep.mail_about_a_day")
def mail_about_a_day(user_id, day):
    user = User.objects.get(pk=user_id)
    send_once(
        mail_key("password_reset", user, user.email, step=f"{day:%Y%m%d}"),
        "emails/password_reset",
        to=user.email,
        language="fi",
        context={"user": user, "url": "http://testserver/"},
    )


def test_a_task_called_with_objects_rather_than_keys_still_sends_but_records_no_task(world, mailoutbox):
    mail_about_a_day.delay(world.partner.pk, date(2027, 1, 1))  # eager: the date is not serialised
    [record] = Message.objects.all()
    assert (record.status, record.task) == (MessageStatus.SENT, None)
    assert len(mailoutbox) == 1
