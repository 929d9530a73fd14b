import logging

from celery import current_app, shared_task
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import contributions, jobs, outbox, reminders, tokens
from .celery_tasks import PUBLISH_ERRORS, TRANSIENT_ERRORS, RetryingTask
from .mail import claim_stale_sends, mail_key, send_once, unclaim_stale

logger = logging.getLogger(__name__)
# Publishes that may fail in a row before a scan stops trying: the broker is away.
PUBLISH_ATTEMPTS = 3


@shared_task(base=RetryingTask, bind=True)
def send_password_reset(self, user_id):
    """E-mail a password-reset link; Django's token dies once the password changes or after a timeout.

    Each request is one e-mail: the key carries this task's id, which its retries share.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    send_once(
        mail_key("password_reset", user, user.email, step=self.request.id),
        "emails/password_reset",
        to=user.email,
        language=user.language,
        context={"user": user, "url": tokens.absolute_url(path)},
    )


@shared_task(base=RetryingTask, bind=True)
def send_two_factor_reset_notice(self, user_id, event_id):
    """Tell a person that an administrator reset their two-factor sign-in (once per reset)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    send_once(
        mail_key("two_factor_reset", user, user.email, step=event_id),
        "emails/two_factor_reset",
        to=user.email,
        language=user.language,
        context={"user": user, "url": tokens.absolute_url(contributions.link("two_factor_overview"))},
    )


@shared_task(base=RetryingTask, bind=True)
def send_reminder(self, reminder_id):
    """Idempotent: the reminder row is claimed by a conditional update, so a re-run sends nothing twice."""
    return reminders.send(reminder_id, final_attempt=self.request.retries >= self.max_retries)


@shared_task(base=RetryingTask)
def scan_reminders():
    """Queue one send task per due reminder, once the claims have committed. Returns how many were newly due.

    A send task that cannot be published (the broker is down) leaves its reminder due for the next
    scan; after a few such failures in a row the rest are handed back without trying. The scan itself
    does not fail for it.
    """
    claimed = reminders.claim_due()
    transaction.on_commit(lambda: publish_sends(claimed))
    return len(claimed.queued)


def publish_sends(claimed):
    """Publish a send task per claimed reminder; hand back those that could not be published."""
    failures = 0
    for pk in [*claimed.queued, *claimed.stale]:
        if failures < PUBLISH_ATTEMPTS:
            try:
                send_reminder.apply_async((pk,))
                failures = 0
                continue
            except PUBLISH_ERRORS as error:
                failures += 1
                logger.warning("Could not queue reminder %s, due again at the next scan: %r", pk, error)
        try:
            reminders.release(pk, claimed.at)
        except TRANSIENT_ERRORS as error:  # the database is away too: the queued lease brings it back
            logger.warning("Could not hand back reminder %s: %r", pk, error)


@shared_task(base=RetryingTask)
def plan_reminders():
    reminders.plan()


@shared_task(base=RetryingTask)
def sweep_stale_messages():
    """Start again the task of each e-mail left in "sending" past the lease (its task lost with the broker,
    its worker killed). The task sends it as one more attempt of the same message; an e-mail sent outside
    any task is marked failed instead, visibly. Returns how many tasks were started again."""
    started = 0
    for record in claim_stale_sends(skip_tasks=(send_reminder.name,)):
        task = record.task
        runner = current_app.tasks.get(task["name"]) if task else None
        if runner is None:
            continue  # sent outside a task, or by a task this code no longer has: it stays failed
        try:
            runner.apply_async(task["args"], task["kwargs"], task_id=task["id"])
            started += 1
        except PUBLISH_ERRORS as error:
            logger.warning("Could not start %s again for %s: %r", task["name"], record.key, error)
            unclaim_stale(record)
    return started


@shared_task(base=RetryingTask)
def relay_outbox():
    """Publish the tasks services queued that are still in the outbox (`networkhub.outbox`); returns how many."""
    return outbox.relay()


@shared_task(base=RetryingTask)
def purge_expired_personal_data():
    """Daily retention (RETENTION_DAYS): old unusable link tokens deleted, old e-mails' content blanked."""
    return jobs.purge_expired_personal_data()
