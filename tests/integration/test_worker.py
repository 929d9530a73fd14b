"""One reminder through the real parts: a Celery worker process, Redis as broker, PostgreSQL.

The test schedules a due reminder, runs the scan, and reads the worker's file outbox and the
message table: exactly one e-mail. Then it stops the worker.
"""

import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from config.celery import app
from networkhub import reminders
from networkhub.models import Message, Reminder, ReminderStatus
from networkhub.tasks import scan_reminders
from projects.models import ProgrammeDeadline, ReportType
from reports.reminders import ReminderKind as ReportReminder

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def _services_or_skip():
    redis_url = os.environ.get("REDIS_URL")
    if connection.vendor != "postgresql" or not redis_url:
        if os.environ.get("CI"):
            pytest.fail("CI runs this test against real PostgreSQL and Redis (DATABASE_URL, REDIS_URL)")
        pytest.skip("needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    return redis_url


def _database_url():
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(predicate, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_real_worker_delivers_a_due_reminder_exactly_once(world, tmp_path):
    broker = _services_or_skip()
    app.control.purge()  # no other run's tasks left in the queue
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
        "EMAIL_HOST": "",
        "EMAIL_FILE_PATH": str(outbox),
        "SITE_URL": "http://networkhub.test",
        "DJANGO_ENV": "development",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            "default",
            "-n",
            "it@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        app.conf.task_always_eager = False
        deadline = ProgrammeDeadline.objects.create(
            programme=world.project.programme, report_type=ReportType.INTERIM, due_date=date.today() + timedelta(days=7)
        )
        reminders.schedule(
            ReportReminder.REPORT_DEADLINE,
            world.project,
            project=world.project,
            step=f"{deadline.pk}-{deadline.due_date:%Y%m%d}-7d",
            due_at=timezone.now() - timedelta(minutes=1),
            recipient=world.coordinator.email,
            language="sv",
        )
        assert scan_reminders() == 1
        assert scan_reminders() == 0  # a second scan finds nothing left to queue
        reminder = Reminder.objects.get()
        delivered = _wait_for(lambda: Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SENT)
        assert delivered, "the worker did not deliver the reminder"
        time.sleep(2)  # anything sent twice would show by now
        files = list(outbox.iterdir())
        assert len(files) == 1
        content = files[0].read_text()
        assert f"To: {world.coordinator.email}" in content and "Content-Language: sv" in content
        assert Message.objects.filter(kind=ReportReminder.REPORT_DEADLINE, status="sent").count() == 1
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        print(output[-3000:])  # shown by pytest when the test fails
