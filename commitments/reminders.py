"""Chasing signatures: the signer after 3 and 7 days, the coordinators at 14, and 2 days before
the link expires. Each reminder carries a fresh link that expires when the original one does."""

from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networkhub import reminders, tokens

from .models import OPEN_STATUSES, RequestStatus, SignatureRequest, SignerRole, TokenPurpose


class ReminderKind(models.TextChoices):
    SIGNATURE_UNSIGNED = "signature_unsigned", _("Unsigned signature request")
    SIGNATURE_ESCALATION = "signature_escalation", _("Signature request unsigned for two weeks")
    LINK_EXPIRING = "link_expiring", _("Signing link about to expire")


def schedule_for(request):
    """Called when a signature request's link has been e-mailed (and again when it is resent)."""
    project = request.version.letter.membership.project
    signer = {"recipient": request.email, "recipient_name": request.name, "language": request.language}
    for days in reminders.steps(ReminderKind.SIGNATURE_UNSIGNED):
        reminders.schedule(
            ReminderKind.SIGNATURE_UNSIGNED,
            request,
            project=project,
            step=f"{days}d",
            due_at=request.sent_at + timedelta(days=days),
            **signer,
        )
    for days in reminders.steps(ReminderKind.SIGNATURE_ESCALATION):
        for email, name, language in reminders.coordinator_recipients(project):
            reminders.schedule(
                ReminderKind.SIGNATURE_ESCALATION,
                request,
                project=project,
                step=f"{days}d",
                due_at=request.sent_at + timedelta(days=days),
                recipient=email,
                recipient_name=name,
                language=language,
            )
    for days in reminders.steps(ReminderKind.LINK_EXPIRING):
        reminders.schedule(
            ReminderKind.LINK_EXPIRING,
            request,
            project=project,
            step=f"{request.expires_at:%Y%m%d}-{days}d",
            due_at=request.expires_at - timedelta(days=days),
            **signer,
        )


def stop_for(request):
    reminders.cancel(request, reason="the signature request is closed")


def _open(request, reminder):
    request.refresh_from_db(fields=["status", "expires_at"])
    return request.status == RequestStatus.SENT and request.version.status in OPEN_STATUSES


def _link_still_expiring(request, reminder):
    return _open(request, reminder) and reminder.step.startswith(f"{request.expires_at:%Y%m%d}")


def _signer_context(request, reminder):
    """A fresh link for the same request, ending when the original does; the e-mailed one keeps working."""
    token, raw = tokens.issue(
        TokenPurpose.SIGNATURE,
        request,
        sent_to=request.email,
        ttl=max(request.expires_at - timezone.now(), timedelta(minutes=1)),
        revoke_previous=False,
    )
    membership = request.version.letter.membership
    return {
        "request": request,
        "version": request.version,
        "organisation": membership.organisation,
        "expires_at": token.expires_at,
        "url": tokens.absolute_url(reverse("commitments:sign", args=[raw])),
    }


def _coordinator_context(request, reminder):
    membership = request.version.letter.membership
    return {
        "request": request,
        "version": request.version,
        "organisation": membership.organisation,
        "url": tokens.absolute_url(reverse("commitments:letter", args=[membership.project_id, membership.pk])),
    }


def _describe(rows):
    """Which letter (its organisation and version) and whose signature: one query for all the rows."""
    found = reminders.targets(
        rows, SignatureRequest.objects.select_related("version__letter__membership__organisation")
    )
    roles = dict(SignerRole.choices)
    texts = {}
    for row in rows:
        request = found.get(row.target_id)
        if request is None:
            continue
        texts[row.pk] = gettext("Commitment letter of %(organisation)s, version %(number)s: %(role)s %(name)s") % {
            "organisation": request.version.letter.membership.organisation.name,
            "number": request.version.number,
            "role": str(roles.get(request.role, "")).lower(),
            "name": request.name,
        }
    return texts


# What this app contributes to the reminder engine (declared in its AppConfig's `contributions`).
KINDS = (
    reminders.kind(
        ReminderKind.SIGNATURE_UNSIGNED,
        template="emails/reminder_signature",
        still_due=_open,
        context=_signer_context,
        describe=_describe,
        essential=True,
        default_steps=[3, 7],
    ),
    reminders.kind(
        ReminderKind.LINK_EXPIRING,
        template="emails/reminder_link_expiring",
        still_due=_link_still_expiring,
        context=_signer_context,
        describe=_describe,
        essential=True,
        default_steps=[2],
    ),
    reminders.kind(
        ReminderKind.SIGNATURE_ESCALATION,
        template="emails/reminder_signature_escalation",
        still_due=_open,
        context=_coordinator_context,
        describe=_describe,
        essential=True,
        default_steps=[14],
    ),
)
PLANNERS = ()
