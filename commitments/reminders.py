"""Chasing signatures: the signer after 3 and 7 days, the coordinators at 14, and 2 days before
the link expires. Each reminder carries a fresh link that expires when the original one does."""

from datetime import datetime, timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networkhub import reminders, tokens
from networkhub.dates import morning, short_date
from partners.models import ContactPerson
from projects.models import Project, ProjectStatus

from .follow_through import late_tasks, member_tasks
from .models import OPEN_STATUSES, Letter, RequestStatus, SignatureRequest, SignerRole, TokenPurpose


class ReminderKind(models.TextChoices):
    SIGNATURE_UNSIGNED = "signature_unsigned", _("Unsigned signature request")
    SIGNATURE_ESCALATION = "signature_escalation", _("Signature request unsigned for two weeks")
    LINK_EXPIRING = "link_expiring", _("Signing link about to expire")
    TASK_LATE = "task_late", _("Letter task late")
    TASK_LATE_ESCALATION = "task_late_escalation", _("Letter task late, to the coordinator")


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


# --- Late letter tasks ---------------------------------------------------------------------------

LATE_TASK_WINDOW_DAYS = 30  # a task late for longer is not reminded of any more (never forever)


def _task_step(task):
    """The reminder's step: the task's identity across versions and its deadline (a new deadline, a new step)."""
    return f"{task.thread.hex[:16]}-{task.deadline:%Y%m%d}"


def plan_late_tasks(now):
    """A late task (deadline passed, neither done nor dropped) is reminded to its responsible contact the morning
    after its deadline, and to the coordinators some days later. The target is the letter and the step names the
    task's thread, so a new version of the letter does not remind of the same task again."""
    today = timezone.localdate(now)
    projects = Project.objects.filter(status=ProjectStatus.ACTIVE).prefetch_related("coordinators")
    by_pk = {project.pk: project for project in projects}
    late = [
        (membership, task)
        for membership, task in late_tasks(by_pk, today)
        if task.deadline >= today - timedelta(days=LATE_TASK_WINDOW_DAYS)
    ]
    contacts = ContactPerson.objects.in_bulk({task.responsible.pk for _m, task in late if task.responsible})
    escalate = reminders.steps(ReminderKind.TASK_LATE_ESCALATION)
    for membership, task in late:
        project = by_pk[membership.project_id]
        letter = Letter(pk=task.progress.letter_id)
        contact = contacts.get(task.responsible.pk) if task.responsible else None
        if contact is not None and contact.email:
            reminders.schedule(
                ReminderKind.TASK_LATE,
                letter,
                project=project,
                step=_task_step(task),
                due_at=morning(task.deadline + timedelta(days=1)),
                recipient=contact.email,
                recipient_name=contact.name,
                language=contact.language,
            )
        for days in escalate:
            for email, name, language in reminders.coordinator_recipients(project):
                reminders.schedule(
                    ReminderKind.TASK_LATE_ESCALATION,
                    letter,
                    project=project,
                    step=_task_step(task),
                    due_at=morning(task.deadline + timedelta(days=1 + days)),
                    recipient=email,
                    recipient_name=name,
                    language=language,
                )


def _late_task(letter, reminder):
    """The letter's task this reminder is about, if it is still late with the same deadline; else None."""
    membership = letter.membership
    for task in member_tasks(membership):
        if task.late and _task_step(task) == reminder.step:
            return task
    return None


def _task_still_late(letter, reminder):
    return _late_task(letter, reminder) is not None


def _task_context(letter, reminder):
    membership = letter.membership
    return {
        "task": _late_task(letter, reminder),
        "organisation": membership.organisation,
        "url": tokens.absolute_url(reverse("commitments:letter_tasks", args=[membership.project_id, membership.pk])),
    }


def _describe_tasks(rows):
    """Whose letter and which deadline: one query for all the rows (the step holds the deadline)."""
    found = reminders.targets(rows, Letter.objects.select_related("membership__organisation"))
    texts = {}
    for row in rows:
        letter = found.get(row.target_id)
        if letter is None:
            continue
        stamp = row.step.rpartition("-")[2]
        try:
            deadline = short_date(datetime.strptime(stamp, "%Y%m%d").date())
        except ValueError:
            continue
        texts[row.pk] = gettext("Late task of %(organisation)s, deadline %(date)s") % {
            "organisation": letter.membership.organisation.name,
            "date": deadline,
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
    reminders.kind(
        ReminderKind.TASK_LATE,
        template="emails/reminder_task_late",
        still_due=_task_still_late,
        context=_task_context,
        describe=_describe_tasks,
        default_steps=[1],
    ),
    reminders.kind(
        ReminderKind.TASK_LATE_ESCALATION,
        template="emails/reminder_task_late_escalation",
        still_due=_task_still_late,
        context=_task_context,
        describe=_describe_tasks,
        default_steps=[5],
    ),
)
PLANNERS = (plan_late_tasks,)
