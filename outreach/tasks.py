"""Sending announcements: one e-mail per recipient under the key of the announcement and the contact."""

from celery import shared_task

from networkhub.celery_tasks import RetryingTask
from networkhub.mail import mail_key, normalise_key, send_once
from networkhub.models import Message

from .models import Recipient


def announcement_key(announcement, contact):
    """The idempotency key of one announcement's e-mail to one contact: sending again sends nothing."""
    return mail_key("announcement", announcement, contact.email, step=contact.pk)


@shared_task(base=RetryingTask, bind=True)
def send_announcement_mail(self, recipient_id):
    """E-mail one recipient the announcement in the language chosen for them, once, and link the e-mail's record
    to the recipient (its status is the delivery state the Messages page shows)."""
    recipient = (
        Recipient.objects.select_related("announcement__project", "announcement__sent_by", "contact__organisation")
        .filter(pk=recipient_id)
        .first()
    )
    if recipient is None:
        return
    announcement, contact = recipient.announcement, recipient.contact
    key = announcement_key(announcement, contact)
    subject, body = announcement.text(recipient.language)
    try:
        send_once(
            key,
            "emails/announcement",
            to=contact.email,
            language=recipient.language,
            context={
                "project": announcement.project,
                "contact": contact,
                "subject": subject,
                "body": body,
                "sent_by": announcement.sent_by,
            },
            kind="announcement",
            project=announcement.project,
        )
    finally:
        record = Message.objects.filter(key=normalise_key(key)).first()
        if record is not None and recipient.message_id != record.pk:
            Recipient.objects.filter(pk=recipient.pk).update(message=record)
