"""Retention: personal data the application no longer needs is removed after RETENTION_DAYS (docs/privacy.md).

- link tokens that can no longer be used (expired, used or revoked) and were made more than N days ago,
  which includes invitations never accepted;
- the content of e-mails sent more than N days ago (subject, error text, the task's arguments): the
  application never stores an e-mail's body, and these are what it keeps of one. The metadata stays:
  recipient, kind, language, status, times and attempts, for the Messages page and the audit trail.

Each step is a conditional delete or update of what is still there, so a second run changes nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import outbox
from .models import LinkToken, Message, MessageStatus


def retention_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS)


def purge_link_tokens(now=None):
    now = now or timezone.now()
    unusable = Q(expires_at__lte=now) | Q(used_at__isnull=False) | Q(revoked_at__isnull=False)
    deleted, _by_model = LinkToken.objects.filter(unusable, created_at__lt=retention_cutoff(now)).delete()
    return deleted


def purge_message_content(now=None):
    has_content = ~Q(subject="") | ~Q(error="") | Q(task__isnull=False)
    return (
        Message.objects.filter(has_content, created_at__lt=retention_cutoff(now))
        .exclude(status=MessageStatus.SENDING)
        .update(subject="", error="", task=None)
    )


def purge_expired_personal_data(now=None):
    """Run every retention step; returns what each removed."""
    now = now or timezone.now()
    return {
        "link_tokens": purge_link_tokens(now),
        "message_content": purge_message_content(now),
        "published_outbox_tasks": outbox.purge_published(now),
    }
