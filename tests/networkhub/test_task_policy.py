"""Every task retries what passes, and Celery acknowledges late as its documentation advises (issue 12)."""

import os
import subprocess
import sys
from pathlib import Path

import kombu.exceptions
import redis.exceptions
from django import db

from networkhub.celery_tasks import RetryingTask
from tests.networkhub.test_celery import TASK_MODULES

ROOT = Path(__file__).resolve().parents[2]


def test_every_task_retries_database_broker_and_network_errors_with_backoff():
    from config.celery import app

    app.loader.import_default_modules()
    ours = {
        name: task for name, task in app.tasks.items() if name.split(".")[0] in {m.split(".")[0] for m in TASK_MODULES}
    }
    assert len(ours) >= 15
    for name, task in ours.items():
        assert isinstance(task, RetryingTask), name
        for error in (
            db.OperationalError,
            db.InterfaceError,
            kombu.exceptions.OperationalError,
            redis.exceptions.ConnectionError,
            ConnectionRefusedError,
        ):
            assert issubclass(error, task.autoretry_for), (name, error)
        assert task.retry_backoff and task.acks_late, name


def test_leases_and_the_visibility_timeout_are_settings_in_minutes():
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "CELERY_VISIBILITY_TIMEOUT_MINUTES": "2.5",
        "REMINDER_QUEUED_LEASE_MINUTES": "0.25",
        "MAIL_SENDING_LEASE_MINUTES": "0.5",
    }
    script = (
        "import django; django.setup()\n"
        "from config.celery import app\n"
        "from networkhub import mail, reminders\n"
        "c = app.conf\n"
        "print(c.broker_transport_options['visibility_timeout'], c.task_acks_late, c.task_reject_on_worker_lost,"
        " c.worker_prefetch_multiplier, reminders.queued_lease().total_seconds(),"
        " mail.sending_lease().total_seconds())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["150", "True", "True", "1", "15.0", "30.0"]


def test_the_defaults_are_minutes_not_an_hour():
    from django.conf import settings as live

    assert live.REMINDER_QUEUED_LEASE_MINUTES == 20 and live.MAIL_SENDING_LEASE_MINUTES == 10
    assert live.CELERY_VISIBILITY_TIMEOUT_MINUTES == 30
    # The visibility timeout outlasts the longest retry countdown, so a waiting retry is not delivered twice.
    assert RetryingTask.retry_backoff_max < live.CELERY_VISIBILITY_TIMEOUT_MINUTES * 60


def test_a_lease_of_zero_is_refused():
    env = {**os.environ, "REMINDER_QUEUED_LEASE_MINUTES": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "REMINDER_QUEUED_LEASE_MINUTES" in result.stderr
