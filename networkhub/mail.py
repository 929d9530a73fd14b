"""Templated e-mail in the recipient's language, sent once per idempotency key. Called from Celery tasks only.

Every e-mail is a `Message` row for the project's message log, and the row is how it is sent once:

1. `send_once` claims the key: it inserts the row in status "sending" (the unique key makes the
   insert the claim), or takes over a row that failed or whose claim is older than the lease
   (MAIL_SENDING_LEASE_MINUTES: a worker was killed mid-send), counting one more attempt.
2. Only then does it build the context, render and send over SMTP.
3. It marks the row "sent", or "failed" with the error and raises it for the task to retry.

A key already sent, or claimed by a live sender, sends nothing: the caller gets the existing row.
The row is written before the SMTP conversation, so a crash cannot lose it; the price is that a
crash after the mail left but before it was marked sent means one resend after the lease, which
`attempts` records. Call it outside `transaction.atomic()` (tasks do), so that the claim commits
before the mail goes out.
"""

import hashlib
import json
import logging
from datetime import timedelta

from celery import current_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Message, MessageStatus
from .privacy import is_erased

logger = logging.getLogger(__name__)

KEY_MAX_LENGTH = Message._meta.get_field("key").max_length


def sending_lease():
    """How long a claim on a send lasts before a retry may take it over."""
    return timedelta(minutes=settings.MAIL_SENDING_LEASE_MINUTES)


def normalise_key(key):
    """A key longer than the column is stored as its SHA-256."""
    if len(key) <= KEY_MAX_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


KEY_HEADER = "X-Networkhub-Key"


def key_digest(key):
    """What the e-mail's key header carries: the key's SHA-256, so addresses and ids stay inside."""
    return hashlib.sha256(key.encode()).hexdigest()


def mail_key(kind, target, recipient, step=0):
    """The idempotency key of one e-mail: "kind:object label:pk:recipient:step".

    `target` is a model instance or a (label, pk) pair such as ("meetings.meeting", 7); `step` tells
    apart the e-mails one recipient gets about one object (a version, a reminder step, a sequence).
    """
    label, pk = target if isinstance(target, tuple) else (target._meta.label_lower, target.pk)
    return normalise_key(f"{kind}:{label}:{pk}:{recipient.strip().lower()}:{step}")


def default_kind(template_prefix):
    return template_prefix.rsplit("/", 1)[-1]


def render_mail(template_prefix, *, to, language, context, attachments=(), reply_to=None):
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` in `language`."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "language": language}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], reply_to=[reply_to] if reply_to else None
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.extra_headers["Content-Language"] = language
    return message


def _project(project, context):
    project = project if project is not None else (context.get("project") if isinstance(context, dict) else None)
    return project if isinstance(project, Message.project.field.related_model) else None


def _running_task():
    """The Celery task sending now (name, id, arguments), for the sweep to start again; None outside a task."""
    request = current_task.request if current_task else None
    if request is None or request.id is None or not current_task.name:
        return None
    args, kwargs = list(request.args or ()), dict(request.kwargs or {})
    task = {"name": current_task.name, "id": request.id, "args": args, "kwargs": kwargs}
    try:
        json.dumps(task)
    except (TypeError, ValueError):
        return None  # called with objects rather than keys (an eager call in a shell): not to be started again
    return task


def claim(key, *, kind, to, language, project=None):
    """(record, claimed): the key's Message, and whether this caller now holds the claim to send it."""
    now = timezone.now()
    task = _running_task()
    try:
        with transaction.atomic():
            record = Message.objects.create(
                key=key,
                kind=kind,
                recipient=to,
                language=language,
                project=project,
                status=MessageStatus.SENDING,
                claimed_at=now,
                task=task,
            )
        return record, True
    except IntegrityError:
        record = Message.objects.filter(key=key).first()
        if record is None:
            raise  # some other constraint failed
    # A failed send, or a claim whose sender died (older than the lease), may be taken over.
    claimable = Q(status=MessageStatus.FAILED) | Q(status=MessageStatus.SENDING, claimed_at__lt=now - sending_lease())
    claimed = Message.objects.filter(claimable, pk=record.pk).update(
        status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, error="", task=task
    )
    if claimed and record.status == MessageStatus.SENDING:
        logger.warning("Resending %s: the send claimed at %s never finished", key, record.claimed_at)
    record.refresh_from_db()
    return record, bool(claimed)


INTERRUPTED = "Interrupted: the send stopped without finishing (its worker was killed or its task lost)"


def claim_stale_sends(now=None, *, skip_tasks=(), limit=500):
    """Take over the sends that were left unfinished longer than the lease and whose task is gone.

    Each is marked failed with the reason, by a conditional update (one sweep takes each), and
    returned: the caller starts its task again, whose `send_once` claims the failed record and sends
    it as one more attempt of the same message, or puts it back with `unclaim_stale` if it cannot.
    A record with no task (sent outside a task) stays failed, visibly. Sends by the tasks named in
    `skip_tasks` are left alone (the reminder scan takes up its own).
    """
    now = now or timezone.now()
    stale = Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=now - sending_lease())
    taken = []
    for record in stale.order_by("claimed_at")[:limit]:
        if record.task and record.task.get("name") in skip_tasks:
            continue
        error = INTERRUPTED if record.task else INTERRUPTED + "; no task to send it again"
        if Message.objects.filter(pk=record.pk, status=MessageStatus.SENDING, claimed_at=record.claimed_at).update(
            status=MessageStatus.FAILED, error=error
        ):
            logger.warning("Send of %s (attempt %s) was interrupted; sending it again", record.key, record.attempts)
            taken.append(record)
    return taken


def unclaim_stale(record):
    """Put back a send `claim_stale_sends` took whose task could not be started: the next sweep tries again."""
    return Message.objects.filter(pk=record.pk, status=MessageStatus.FAILED, claimed_at=record.claimed_at).update(
        status=MessageStatus.SENDING, error=""
    )


def _finish(record, status, error=None):
    record.status = status
    record.error = f"{error.__class__.__name__}: {error}"[:2000] if error is not None else ""
    record.save(update_fields=["status", "error", "subject", "project"])


def send_once(key, template_prefix, *, to, language, context, attachments=(), reply_to=None, kind=None, project=None):
    """Send one e-mail under `key` unless that key has been sent; return its `Message`.

    The record comes back SENT (now or earlier), or SENDING when another worker holds a live claim
    (then nothing is sent here). A failed send is marked FAILED and its error raised for the task to
    retry; the retry claims the same record again.

    `context` may be a function returning the context, and `attachments` a function of the context
    returning (filename, content, mimetype) triples: they run only when this call sends, so links are
    issued and PDFs made only for e-mail that goes out. `project` defaults to the context's.
    """
    key = normalise_key(key)
    kind = kind or default_kind(template_prefix)
    record, claimed = claim(key, kind=kind, to=to, language=language, project=_project(project, context))
    if not claimed:
        return record
    if is_erased(to):
        # An erased person's placeholder address: recorded as failed, never sent, not retried.
        _finish(record, MessageStatus.FAILED, ValueError("the recipient was erased"))
        return record
    try:
        context = context() if callable(context) else context
        attachments = attachments(context) if callable(attachments) else attachments
        email = render_mail(
            template_prefix, to=to, language=language, context=context, attachments=attachments, reply_to=reply_to
        )
        record.subject, record.project = email.subject[:300], _project(project, context)
        # Every attempt of one e-mail carries the same key, so a mail system (or a test's SMTP sink)
        # can tell a resend after a crash from another e-mail.
        email.extra_headers[KEY_HEADER] = key_digest(key)
        email.send()
    except Exception as error:  # SMTP errors are OSErrors; anything else is recorded too
        _finish(record, MessageStatus.FAILED, error)
        logger.warning("Sending %s to %s failed: %s", kind, to, error)
        raise
    _finish(record, MessageStatus.SENT)
    return record


def send_templated_mail(template_prefix, *, to, language, context, attachments=(), reply_to=None, kind=None, key=None):
    """`send_once` with the key optional: without one, the running Celery task's id makes it.

    A task's id stays the same through its retries and a broker's redelivery, so the task sends each
    recipient one e-mail of each kind. Outside a task a key is required.
    """
    kind = kind or default_kind(template_prefix)
    if key is None:
        task_id = current_task.request.id if current_task else None
        if task_id is None:
            raise TypeError("send_templated_mail needs an idempotency key outside a Celery task")
        key = mail_key(kind, ("celery.task", task_id), to)
    return send_once(
        key,
        template_prefix,
        to=to,
        language=language,
        context=context,
        attachments=attachments,
        reply_to=reply_to,
        kind=kind,
    )
