"""The retry policy of every task, written once: `@shared_task(base=RetryingTask)`.

A task retries on what passes: SMTP and network errors (OSError, which smtplib's errors are), a
database connection that dropped, a broker that was away. It backs off exponentially with jitter
from 30 seconds up to fifteen minutes (an SMTP outage of half an hour is survived), five times,
and is acknowledged only when done, so a killed worker's task runs again. Running again is safe
because each e-mail is sent under its key (`mail.send_once`).
"""

import kombu.exceptions
import redis.exceptions
from celery.contrib.django.task import DjangoTask
from django import db

TRANSIENT_ERRORS = (
    OSError,
    db.OperationalError,
    db.InterfaceError,
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
# What publishing a task raises when the broker is away (Celery wraps most in kombu's OperationalError).
PUBLISH_ERRORS = (OSError, kombu.exceptions.KombuError, redis.exceptions.RedisError)


class RetryingTask(DjangoTask):
    """Celery's Django task (with `delay_on_commit`), retrying what passes."""

    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 30
    retry_backoff_max = 900
    retry_jitter = True
    max_retries = 5
    acks_late = True
