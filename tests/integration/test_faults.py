"""Reminders that survive faults (issue 12), with real processes.

Two Celery workers and one beat run against the pytest test database on the machine's PostgreSQL
and a Redis server of the test's own; e-mail goes to an SMTP sink inside the test that counts
deliveries per e-mail key. Leases are shortened through the environment. The test schedules 200 due
reminders, kills one worker's process with `kill -9` when a quarter have been delivered (and starts
it again), restarts Redis empty at half, waits out the leases and checks: every reminder delivered;
nothing delivered twice except an e-mail whose SMTP conversation the kill cut, and that one recorded
as a resend of the same message.
"""

import os
import shutil
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from networkhub import reminders
from networkhub.mail import key_digest
from networkhub.models import Message, MessageStatus, Reminder, ReminderStatus
from projects.models import ProgrammeDeadline, ReportType
from reports.reminders import ReminderKind as ReportReminder

from .processes import Celery, RedisServer, SmtpSink, stopped_after, wait_for, worker_environment

pytestmark = [pytest.mark.faults, pytest.mark.machine_clock, pytest.mark.django_db(transaction=True)]

REMINDERS = 200
LEASES = {
    "REMINDER_QUEUED_LEASE_MINUTES": "0.34",  # 20 s
    "MAIL_SENDING_LEASE_MINUTES": "0.25",  # 15 s
    "CELERY_VISIBILITY_TIMEOUT_MINUTES": "0.5",
    "REMINDER_SCAN_SECONDS": "2",
}


def _services_or_skip():
    if connection.vendor != "postgresql" or not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("CI runs the fault test against PostgreSQL (DATABASE_URL) with redis-server installed")
        pytest.skip("needs DATABASE_URL (PostgreSQL) and redis-server")


def _schedule(world):
    deadline = ProgrammeDeadline.objects.create(
        programme=world.project.programme,
        report_type=ReportType.INTERIM,
        due_date=timezone.localdate() + timedelta(days=7),
    )
    for index in range(REMINDERS):
        reminders.schedule(
            ReportReminder.REPORT_DEADLINE,
            world.project,
            project=world.project,
            step=f"{deadline.pk}-{deadline.due_date:%Y%m%d}-{index}",
            due_at=timezone.now() - timedelta(minutes=1),
            recipient=f"r{index}@example.org",
            language=("fi", "sv", "en")[index % 3],
        )
    return {key_digest(reminders.message_key(reminder)): reminder.pk for reminder in Reminder.objects.all()}


def _all_sent():
    return Reminder.objects.filter(status=ReminderStatus.SENT).count() == REMINDERS


def test_reminders_survive_a_killed_worker_and_redis_restarted_empty(world, tmp_path):
    _services_or_skip()
    keys = _schedule(world)
    assert len(keys) == REMINDERS
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    with SmtpSink(delay=0.1) as sink:
        celery = Celery(tmp_path, worker_environment(redis_server.url, sink.port, **LEASES))
        started = time.monotonic()
        with stopped_after(celery, redis_server):
            first = celery.worker("first")
            celery.worker("second")
            celery.beat()
            assert wait_for(lambda: sink.delivered() > 0, 120), "nothing was delivered"
            print(f"{time.monotonic() - started:.1f} s: {sink.delivered()} delivered")

            assert wait_for(lambda: sink.delivered() >= REMINDERS // 4, 180), "a quarter never arrived"
            assert first.poll() is None, "the worker to kill had already stopped"
            celery.kill(first)
            celery.worker("first-again")
            print(f"{time.monotonic() - started:.1f} s: {sink.delivered()} delivered")

            assert wait_for(lambda: sink.delivered() >= REMINDERS // 2, 180), "half never arrived"
            stranded = Reminder.objects.filter(status=ReminderStatus.QUEUED).count()
            redis_server.restart_empty()
            print(f"{time.monotonic() - started:.1f} s: {sink.delivered()} delivered")
            assert stranded > 0, "Redis restarted with no task in it: the fault tested nothing"

            # Tasks lost with Redis come back after the queued lease, a send the kill cut after the
            # sending lease; the visibility timeout returns the killed worker's task too.
            assert wait_for(_all_sent, 240), "reminders left undelivered"
            print(f"{time.monotonic() - started:.1f} s: {sink.delivered()} delivered")
            celery.stop_all()
            print(f"{time.monotonic() - started:.1f} s: stopped")
            counts = sink.counts()

    # Every reminder delivered, and nothing but the reminders.
    assert set(counts) == set(keys)
    messages = {m.key: m for m in Message.objects.filter(kind=ReportReminder.REPORT_DEADLINE)}
    assert len(messages) == REMINDERS and {m.status for m in messages.values()} == {MessageStatus.SENT}
    by_digest = {key_digest(key): message for key, message in messages.items()}
    # Delivered twice only where the kill cut the one SMTP conversation its worker had open, and then
    # recorded: the message log counts every delivery as an attempt of the same message.
    twice = {digest: count for digest, count in counts.items() if count > 1}
    assert len(twice) <= 1 and all(count == 2 for count in twice.values()), twice
    for digest, count in twice.items():
        assert by_digest[digest].attempts >= count, "a duplicate the message log does not show"
    print(f"stranded by the Redis restart: {stranded}; delivered twice: {len(twice)}")
