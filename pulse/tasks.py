"""Trust pulse e-mail. The task takes the recipient's key, makes the link itself (the secret never sits in the
broker) and sends at most once per round and recipient (networkhub.mail.send_once)."""

from datetime import timedelta

from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from networkhub import tokens
from networkhub.celery_tasks import RetryingTask
from networkhub.dates import start_of_day_after
from networkhub.mail import mail_key, send_once

from .models import PulseRecipient, TokenPurpose
from .queries import audience


def survey_url(recipient, *, revoke_previous=True):
    """A personal, single-use link to the round's survey; it works until the round closes."""
    closes = start_of_day_after(recipient.round.closes_on)
    _token, raw = tokens.issue(
        TokenPurpose.PULSE,
        recipient,
        sent_to=recipient.contact.email,
        ttl=max(closes - timezone.now(), timedelta(hours=1)),
        revoke_previous=revoke_previous,
    )
    return tokens.absolute_url(reverse("pulse:survey", args=[raw]))


@shared_task(base=RetryingTask)
def send_pulse_survey(recipient_id):
    """The quarter's survey link to one member contact, in their language."""
    recipient = (
        PulseRecipient.objects.select_related("round__project", "contact__organisation").filter(pk=recipient_id).first()
    )
    if recipient is None or recipient.answered or recipient.round.closes_on < timezone.localdate():
        return
    pulse_round, contact = recipient.round, recipient.contact
    send_once(
        mail_key("pulse_survey", pulse_round, contact.email),
        "emails/pulse_survey",
        to=contact.email,
        language=contact.language,
        context=lambda: {
            "contact": contact,
            "project": pulse_round.project,
            "round": pulse_round,
            "url": survey_url(recipient),
            **audience(pulse_round.project),
        },
        project=pulse_round.project,
    )


@shared_task(base=RetryingTask)
def send_pulse_reminder(recipient_id):
    """The mid-round reminder to one contact who had not answered, in their language, with a new link (the first
    one keeps working). Once per round and recipient (the key). It is sent without a project, so the project's
    message page, which coordinators read, does not list who was reminded, that is, who had not answered."""
    recipient = (
        PulseRecipient.objects.select_related("round__project", "contact__organisation").filter(pk=recipient_id).first()
    )
    if recipient is None or recipient.answered or recipient.round.closed:
        return
    if recipient.round.closes_on < timezone.localdate():
        return
    pulse_round, contact = recipient.round, recipient.contact
    send_once(
        mail_key("pulse_reminder", pulse_round, contact.email),
        "emails/pulse_reminder",
        to=contact.email,
        language=contact.language,
        context=lambda: {
            "contact": contact,
            # Not under "project": send_once would file the e-mail under the context's project.
            "network": pulse_round.project,
            "round": pulse_round,
            "url": survey_url(recipient, revoke_previous=False),
            **audience(pulse_round.project),
        },
        project=None,
    )
