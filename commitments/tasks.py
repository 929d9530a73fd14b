"""Commitment e-mails. Each e-mail goes out once under its key (networkhub.mail.send_once), so a task
that retries after the third of five recipients sends the other two, not all five again; links are
issued only for e-mail that is sent now."""

from datetime import timedelta
from functools import cache

from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from networkhub import tokens
from networkhub.celery_tasks import RetryingTask
from networkhub.mail import mail_key, send_once

from . import reminders
from .models import (
    AmendmentStatus,
    LetterAmendment,
    LetterVersion,
    RequestStatus,
    RulesRequest,
    RulesRequestStatus,
    SignatureRequest,
    TokenPurpose,
)
from .pdf import letter_pdf


def _letter_context(version):
    membership = version.letter.membership
    return {"version": version, "project": membership.project, "organisation": membership.organisation}


@shared_task(base=RetryingTask, bind=True)
def send_signature_request(self, request_id, resend=False):
    """Make the signer's link (an older one dies) and e-mail it in the signer's language.

    A request's first e-mail goes out once; each resend a coordinator asks for is one more e-mail
    (its key carries this task's id, which the task's retries share).
    """
    request = SignatureRequest.objects.select_related(
        "version__letter__membership__project", "version__letter__membership__organisation"
    ).get(pk=request_id)
    if request.status != RequestStatus.SENT:
        return

    def context():
        token, raw = tokens.issue(TokenPurpose.SIGNATURE, request, sent_to=request.email)
        if request.sent_at is None:
            request.sent_at = timezone.now()
        request.expires_at = token.expires_at
        SignatureRequest.objects.filter(pk=request.pk).update(sent_at=request.sent_at, expires_at=request.expires_at)
        reminders.schedule_for(request)
        return {
            **_letter_context(request.version),
            "request": request,
            "resend": resend,
            "expires_at": token.expires_at,
            "url": tokens.absolute_url(reverse("commitments:sign", args=[raw])),
        }

    send_once(
        mail_key("signature_request", request, request.email, step=f"resend-{self.request.id}" if resend else "first"),
        "emails/signature_request",
        to=request.email,
        language=request.language,
        context=context,
        project=request.version.letter.membership.project,
    )


def _coordinators(version):
    return version.letter.membership.project.coordinators.filter(is_active=True)


@shared_task(base=RetryingTask)
def notify_declined(request_id):
    """Tell the coordinators and the other signers that a signer declined, and why."""
    declined = SignatureRequest.objects.select_related("version__letter__membership__project").get(pk=request_id)
    version = declined.version
    context = {**_letter_context(version), "declined": declined}
    recipients = {user.email: user.language for user in _coordinators(version)}
    for other in version.requests.exclude(pk=declined.pk).exclude(sent_at=None):
        recipients.setdefault(other.email, other.language)
    for email, language in recipients.items():
        send_once(
            mail_key("letter_declined", declined, email),
            "emails/letter_declined",
            to=email,
            language=language,
            context=context,
        )


@shared_task(base=RetryingTask)
def notify_letter_signed(version_id):
    """The letter is signed by both: everyone gets the signed PDF with its evidence page."""
    version = LetterVersion.objects.select_related(
        "letter__membership__project", "letter__membership__organisation"
    ).get(pk=version_id)
    recipients = {user.email: user.language for user in _coordinators(version)}
    for request in version.requests.filter(status=RequestStatus.SIGNED):
        recipients.setdefault(request.email, request.language)
    membership = version.letter.membership
    filename = f"{membership.project.acronym}-{membership.organisation.name}-v{version.number}.pdf"
    pdf = cache(lambda: letter_pdf(version))  # made once, and only if someone still needs it

    def attachments(context):
        return [(filename, pdf(), "application/pdf")]

    for email, language in recipients.items():
        send_once(
            mail_key("letter_signed", version, email),
            "emails/letter_signed",
            to=email,
            language=language,
            context=_letter_context(version),
            attachments=attachments,
        )


@shared_task(base=RetryingTask)
def send_rules_request(rules_request_id):
    request = RulesRequest.objects.select_related("membership__project", "rules", "contact").get(pk=rules_request_id)
    if request.status != RulesRequestStatus.SENT:
        return

    def context():
        token, raw = tokens.issue(TokenPurpose.RULES, request, sent_to=request.contact.email)
        return {
            "request": request,
            "project": request.membership.project,
            "rules": request.rules,
            "expires_at": token.expires_at,
            "url": tokens.absolute_url(reverse("commitments:signing_rules", args=[raw])),
        }

    send_once(
        mail_key("rules_request", request, request.contact.email),
        "emails/rules_request",
        to=request.contact.email,
        language=request.contact.language,
        context=context,
        project=request.membership.project,
    )


@shared_task(base=RetryingTask)
def send_amendment_request(amendment_id):
    """E-mail the contact person the link to acknowledge an amendment, in their language."""
    amendment = LetterAmendment.objects.select_related(
        "version__letter__membership__project", "version__letter__membership__organisation", "contact"
    ).get(pk=amendment_id)
    if amendment.status != AmendmentStatus.PENDING:
        return

    def context():
        ttl = max(amendment.expires_at - timezone.now(), timedelta(minutes=1))
        _token, raw = tokens.issue(TokenPurpose.AMENDMENT, amendment, sent_to=amendment.sent_to, ttl=ttl)
        return {
            **_letter_context(amendment.version),
            "amendment": amendment,
            "name": amendment.contact.name,
            "expires_at": amendment.expires_at,
            "url": tokens.absolute_url(reverse("commitments:amendment", args=[raw])),
        }

    send_once(
        mail_key("amendment_request", amendment, amendment.sent_to),
        "emails/amendment_request",
        to=amendment.sent_to,
        language=amendment.language,
        context=context,
        project=amendment.version.letter.membership.project,
    )
