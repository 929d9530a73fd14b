from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import reminders, tokens
from .celery_tasks import RetryingTask
from .mail import mail_key, send_once
from .models import User


@shared_task(base=RetryingTask, bind=True)
def send_password_reset(self, user_id):
    """E-mail a password-reset link; Django's token dies once the password changes or after a timeout.

    Each request is one e-mail: the key carries this task's id, which its retries share.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
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
def send_reminder(self, reminder_id):
    """Idempotent: the reminder row is claimed by a conditional update, so a re-run sends nothing twice."""
    return reminders.send(reminder_id, final_attempt=self.request.retries >= self.max_retries)


@shared_task
def scan_reminders():
    """Queue one send task per due reminder. Returns how many were newly queued."""
    queued, stale = reminders.claim_due()
    for pk in [*queued, *stale]:
        transaction.on_commit(lambda pk=pk: send_reminder.delay(pk))
    return len(queued)


@shared_task
def plan_reminders():
    reminders.plan()
