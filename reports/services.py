"""Report state changes: one function per transition; each locks the report row and writes the audit event."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import audit, contributions, files, outbox
from networkhub.errors import ServiceError

from . import data as report_data
from . import due
from .deadlines import deadlines_for, next_deadline  # noqa: F401 - part of the service API
from .models import (
    EDITABLE,
    IN_REVIEW,
    BudgetCategory,
    ProjectDeadline,
    RenderStatus,
    Report,
    ReportBudgetLine,
    ReportGoalEntry,
    ReportReviewStep,
    ReportStatus,
    ReportVersion,
    pdf_folder,
)
from .tasks import notify_review_step, render_report


class ReportError(ServiceError):
    """A report change was refused."""


@transaction.atomic
def grant_extension(project, programme_deadline, due_date, *, actor, reason=""):
    extension, _created = ProjectDeadline.objects.update_or_create(
        project=project,
        programme_deadline=programme_deadline,
        defaults={"due_date": due_date, "reason": reason, "granted_by": actor, "granted_at": timezone.now()},
    )
    Report.objects.filter(project=project, programme_deadline=programme_deadline).update(due_date=due_date)
    audit.record(
        "report.deadline_extended", actor=actor, project=project, target=extension, due_date=due_date.isoformat()
    )
    return extension


# --- Drafts --------------------------------------------------------------------------------


@transaction.atomic
def create_report(project, *, programme_deadline=None, actor, language=None, report_type=None, period=None):
    """The draft for one of the programme's deadlines (or, for a status report, any period).

    The period runs from the day after the previous report's end (or the project's start) to the due date.
    A new draft gets a row to fill in for each of the project's goals and each budget category; goals
    added later appear on the edit page as unsaved rows.
    """
    due = None
    if programme_deadline is not None:
        due = next(row for row in deadlines_for(project) if row["deadline"].pk == programme_deadline.pk)
        report_type = programme_deadline.report_type
    if period is None:
        until = due["due_date"] if due else timezone.localdate()
        previous = Report.objects.filter(project=project, period_end__lt=until).order_by("-period_end").first()
        start = previous.period_end + timedelta(days=1) if previous else project.start_date
        period = (start, max(start, min(until, project.end_date)))
    report, created = Report.objects.get_or_create(
        project=project,
        report_type=report_type,
        period_start=period[0],
        defaults={
            "period_end": period[1],
            "due_date": due["due_date"] if due else None,
            "programme_deadline": programme_deadline,
            "language": language or "fi",
            "created_by": actor,
        },
    )
    if created:
        # A goal counted by the app (mobilities) starts from its count at the period's end; the coordinator may edit it.
        goals = list(project.goals.all())
        counted = contributions.goal_values(goals, report.period_end)
        ReportGoalEntry.objects.bulk_create(
            ReportGoalEntry(report=report, goal=goal, actual=counted.get(goal.pk)) for goal in goals
        )
        ReportBudgetLine.objects.bulk_create(
            ReportBudgetLine(report=report, category=category) for category in BudgetCategory.values
        )
        audit.record("report.created", actor=actor, project=project, target=report, type=report.report_type)
    return report


def _locked(report):
    return Report.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def save_draft(report, *, forms, actor):
    """Save the report's form and its goal and budget formsets, only while editable.

    Outputs are not edited here: they come from the project's results."""
    locked = _locked(report)
    if locked.status not in EDITABLE:
        raise ReportError(_("A report in review cannot be edited."))
    for form in forms:
        form.save()
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    audit.record("report.edited", actor=actor, project=report.project, target=report)


# --- The PDF -------------------------------------------------------------------------------


@transaction.atomic
def request_render(report, *, actor):
    """Queue the PDF; a newer request makes any older render's result stale (render_seq)."""

    locked = _locked(report)
    if locked.status not in EDITABLE:
        raise ReportError(_("A report in review cannot be regenerated."))
    locked.render_seq += 1
    Report.objects.filter(pk=report.pk).update(
        render_seq=locked.render_seq,
        render_status=RenderStatus.QUEUED,
        render_error="",
        render_claimed_at=timezone.now(),
    )
    audit.record("report.render_requested", actor=actor, project=report.project, target=report)
    outbox.enqueue(render_report, report.pk, locked.render_seq, project=report.project_id)
    return locked.render_seq


# --- Submission ----------------------------------------------------------------------------


@transaction.atomic
def submit(report, *, actor):
    """Freeze the generated PDF and the data it was made from as the next version.

    Only a successfully generated PDF whose data still equals the live data can be submitted, so a
    half-finished or stale PDF never is; the render itself runs in the worker, never here.
    """
    locked = _locked(report)
    if locked.status not in EDITABLE:
        raise ReportError(_("This report has already been submitted."))
    if locked.render_status != RenderStatus.DONE or not locked.rendered_pdf:
        raise ReportError(_("Generate the PDF first; it is what will be submitted."))
    if report_data.data_hash(report_data.build(locked)) != locked.rendered_data_hash:
        raise ReportError(_("The data has changed since the PDF was generated. Generate it again."))
    pdf = _draft_pdf(locked)
    try:
        # The version's own copy: the draft's file is replaced by the next render, the version's never.
        stored = files.save_new(pdf_folder(locked.project_id, locked.pk), pdf)
    except files.STORAGE_ERRORS:
        raise ReportError(_("The file storage cannot be reached just now. Try again in a moment.")) from None
    try:
        version, step = _freeze(report, locked, actor, stored=stored, sha256=files.sha256(pdf))
    except BaseException:
        files.delete_quietly(stored)  # the submission rolls back: the copy is no one's
        raise
    outbox.enqueue(notify_review_step, step.pk, project=report.project_id, kind="report_review")
    return version


def _draft_pdf(locked):
    try:
        return locked.read_rendered_pdf()
    except files.FileProblem as problem:
        if problem.kind == files.FileProblem.UNAVAILABLE:
            raise ReportError(_("The file storage cannot be reached just now. Try again in a moment.")) from None
        raise ReportError(_("The generated PDF is no longer in the file storage. Generate it again.")) from None


def _freeze(report, locked, actor, *, stored, sha256):
    number = locked.version_count + 1
    version = ReportVersion.objects.create(
        report=locked,
        number=number,
        language=locked.language,
        data=locked.rendered_data,
        pdf=stored,
        pdf_sha256=sha256,
        submitted_by=actor,
    )
    now = timezone.now()
    updated = Report.objects.filter(pk=locked.pk, status__in=EDITABLE, version_count=locked.version_count).update(
        status=ReportStatus.SUBMITTED, version_count=number, submitted_at=now, updated_at=now
    )
    if updated != 1:  # cannot happen under the row lock; a second line of defence
        raise ReportError(_("This report has already been submitted."))
    due.refresh([locked.project_id])  # the update() sends no signal
    step = ReportReviewStep.objects.create(report=locked, version=version, status=ReportStatus.SUBMITTED, actor=actor)
    audit.record(
        "report.submitted",
        actor=actor,
        project=report.project,
        target=report,
        version=number,
        sha256=version.pdf_sha256,
    )
    return version, step


# --- Review --------------------------------------------------------------------------------

TRANSITIONS = {
    # action: (allowed from, to, comment required)
    "content_check": ((ReportStatus.SUBMITTED,), ReportStatus.CONTENT_CHECK, False),
    "financial_check": ((ReportStatus.CONTENT_CHECK,), ReportStatus.FINANCIAL_CHECK, False),
    "accept": ((ReportStatus.FINANCIAL_CHECK,), ReportStatus.ACCEPTED, False),
    "request_info": (IN_REVIEW, ReportStatus.INFO_REQUESTED, True),
}


@transaction.atomic
def review(report, action, *, actor, comment=""):
    """Move a submitted report along the funder's checks; every step records who, when and why."""
    allowed, target, needs_comment = TRANSITIONS[action]
    locked = _locked(report)
    if locked.status not in allowed:
        raise ReportError(_("The report is no longer in a state that allows this."))
    comment = comment.strip()
    if needs_comment and not comment:
        raise ReportError(_("Say what information is needed."), field="comment")
    version = locked.versions.order_by("-number").first()
    Report.objects.filter(pk=locked.pk, status=locked.status).update(status=target, updated_at=timezone.now())
    due.refresh([locked.project_id])  # the update() sends no signal
    step = ReportReviewStep.objects.create(report=locked, version=version, status=target, actor=actor, comment=comment)
    audit.record(f"report.{action}", actor=actor, project=report.project, target=report, version=version.number)

    outbox.enqueue(notify_review_step, step.pk, project=report.project_id, kind="report_review")
    return step
