"""The transactional outbox: a task a service queues is written in the same transaction as the change.

`enqueue(task, *args, ...)` writes an `OutboxTask` row in the caller's transaction, so the task commits
or rolls back with the change, and asks for a publish of that row once the transaction commits. A broker
that is away at that moment costs the request nothing (the publish catches it; the on-commit callback is
robust): the row stays for the relay. The user sees the change saved, and the Messages page shows the
e-mail queued (`queued_mail`).

Publishing a row:

1. claim it with a conditional update: a row "pending", or "publishing" with a claim older than the lease
   (OUTBOX_PUBLISHING_LEASE_MINUTES: its publisher died), becomes "publishing" with `claimed_at` = now;
2. `apply_async` with the row's own task id (`OutboxTask.task_id`), its queue and its eta;
3. mark it "published".

A broker error in step 2 puts the row back to "pending" at once (with the error and the attempt counted),
so the next relay takes it without waiting out the lease; only a publisher that dies between 1 and 3
leaves a row to its lease. A crash after step 2 but before step 3 publishes the row once more after the
lease, under the same task id: the e-mail's idempotency key (`mail.send_once`) makes it one e-mail.

The relay (`relay`, the periodic task `networkhub.tasks.relay_outbox` and `manage.py relay_outbox`) claims
batches of due rows with `select_for_update(skip_locked=True)` and the same update, so several relays
share the work and none publishes a row another holds within its lease. It stops trying after a few
publishes fail in a row (the broker is away) and hands the rest back. The relay runs on Celery beat, so
it does not run while the broker is down, when nothing could be published anyway.

After a publish fails in a web process, that process leaves publishing to the relay for BACKOFF_SECONDS,
so a request that queues many e-mails, and the requests after it, do not each wait for the broker's
connection error.
"""

import json
import logging
import time
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from . import registry
from .celery_tasks import PUBLISH_ERRORS, TRANSIENT_ERRORS
from .models import OutboxStatus, OutboxTask

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# Publishes that may fail in a row before a relay stops trying: the broker is away.
PUBLISH_ATTEMPTS = 3
# After a failed publish on commit, this process leaves publishing to the relay for this long.
BACKOFF_SECONDS = 10.0
_broker_away_until = 0.0


def publishing_lease():
    """How long a claim on publishing a row lasts before another publisher may take it over."""
    return timedelta(minutes=settings.OUTBOX_PUBLISHING_LEASE_MINUTES)


def _claimable(now):
    return Q(status=OutboxStatus.PENDING) | Q(status=OutboxStatus.PUBLISHING, claimed_at__lt=now - publishing_lease())


def enqueue(task, *args, project=None, kind="", countdown=None, queue="", **kwargs):
    """Queue `task(*args, **kwargs)` with the caller's change; returns the `OutboxTask` row.

    Call it inside the service's transaction: the row is written there and the publish runs after the
    commit. In autocommit the row is written and published at once. `project` (a project or its pk) and
    `kind` (the e-mail's kind, as `send_once` records it) put the e-mail on the project's Messages page
    while it is queued; `countdown` (seconds) delays the task. Arguments must be JSON (keys, not objects).
    """
    args, kwargs = list(args), dict(kwargs)
    try:
        json.dumps([args, kwargs])
    except (TypeError, ValueError) as error:
        raise TypeError(f"{task.name}: an outbox task's arguments must be JSON: {error}") from None
    now = timezone.now()
    row = OutboxTask.objects.create(
        task_name=task.name,
        args=args,
        kwargs=kwargs,
        eta=now + timedelta(seconds=countdown) if countdown else None,
        queue=queue,
        kind=kind,
        project_id=getattr(project, "pk", project),
        created_at=now,
    )
    transaction.on_commit(lambda: publish_after_commit(row), robust=True)
    return row


def publish_after_commit(row):
    """The on-commit publish of one row: claim it, publish it, unless a publish failed here a moment ago."""
    if time.monotonic() < _broker_away_until:
        return False  # the relay publishes it
    now = timezone.now()
    claimed = OutboxTask.objects.filter(_claimable(now), pk=row.pk).update(
        status=OutboxStatus.PUBLISHING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False  # rolled back with a savepoint, or a relay has it already
    return publish(row, now)


def publish(row, claimed_at):
    """Hand a claimed row to the broker and mark it published; True if it was. A broker error puts it back."""
    global _broker_away_until
    runner = current_app.tasks.get(row.task_name)
    if runner is None:
        _release(row, claimed_at, f"No task named {row.task_name}")
        logger.error("Outbox row %s names no known task %s", row.pk, row.task_name)
        return False
    options = {"task_id": str(row.task_id)}
    if row.queue:
        options["queue"] = row.queue
    if row.eta and row.eta > timezone.now():
        options["eta"] = row.eta
    try:
        runner.apply_async(row.args, row.kwargs, **options)
    except PUBLISH_ERRORS as error:
        _broker_away_until = time.monotonic() + BACKOFF_SECONDS
        logger.warning("Could not publish %s (outbox row %s), left for the relay: %r", row.task_name, row.pk, error)
        _release(row, claimed_at, error)
        return False
    OutboxTask.objects.filter(pk=row.pk, status=OutboxStatus.PUBLISHING).update(
        status=OutboxStatus.PUBLISHED, published_at=timezone.now(), last_error=""
    )
    return True


def _release(row, claimed_at, error):
    """Put a row whose publish failed back to pending for the next relay (its lease would bring it back too)."""
    text = error if isinstance(error, str) else f"{error.__class__.__name__}: {error}"
    try:
        OutboxTask.objects.filter(pk=row.pk, status=OutboxStatus.PUBLISHING, claimed_at=claimed_at).update(
            status=OutboxStatus.PENDING, claimed_at=None, last_error=text[:2000]
        )
    except TRANSIENT_ERRORS as db_error:  # the database is away too: the lease brings the row back
        logger.warning("Could not hand back outbox row %s: %r", row.pk, db_error)


def claim_batch(limit=BATCH_SIZE, now=None):
    """Claim up to `limit` due rows, oldest first, for this relay; returns (rows, claimed_at).

    Rows another relay holds are skipped (SKIP LOCKED), and the claim commits before anything is
    published, so two relays never hold one row within its lease.
    """
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            OutboxTask.objects.filter(_claimable(now))
            .order_by("created_at", "pk")
            .select_for_update(skip_locked=True)[:limit]
        )
        if rows:
            OutboxTask.objects.filter(_claimable(now), pk__in=[row.pk for row in rows]).update(
                status=OutboxStatus.PUBLISHING, claimed_at=now, attempts=F("attempts") + 1
            )
    return rows, now


def relay(limit=None):
    """Publish every due row (or at most `limit`); returns how many were published."""
    published = failures = 0
    while True:
        size = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - published)
        if size <= 0:
            break
        rows, claimed_at = claim_batch(size)
        for row in rows:
            if failures >= PUBLISH_ATTEMPTS:
                _release(row, claimed_at, "Not tried: the broker was away")
            elif publish(row, claimed_at):
                published, failures = published + 1, 0
            else:
                failures += 1
        if failures >= PUBLISH_ATTEMPTS or len(rows) < size:
            break
    return published


def purge_published(now=None):
    """Delete the rows published more than OUTBOX_KEEP_DAYS ago (their arguments may name people)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _by_model = OutboxTask.objects.filter(status=OutboxStatus.PUBLISHED, published_at__lt=cutoff).delete()
    return deleted


def queued_mail(project):
    """The project's e-mails still in the outbox, per kind: [{label, count, since}], from one query."""
    rows = (
        OutboxTask.objects.filter(project=project)
        .exclude(status=OutboxStatus.PUBLISHED)
        .exclude(kind="")
        .values("kind")
        .annotate(count=Count("pk"), since=Min("created_at"))
        .order_by("since", "kind")
    )
    return [{**row, "label": registry.message_kind_label(row["kind"])} for row in rows]
