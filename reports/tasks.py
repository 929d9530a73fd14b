"""The report's PDF (on the `pdf` queue) and the review e-mails, in each recipient's language."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.urls import reverse

from networkhub import tokens
from networkhub.celery_tasks import PUBLISH_ERRORS, TRANSIENT_ERRORS, RetryingTask
from networkhub.mail import mail_key, send_once
from networkhub.models import Role

from . import data as report_data
from . import rendering
from .models import Report, ReportReviewStep, ReportStatus
from .pdf import render_pdf

logger = logging.getLogger(__name__)


@shared_task(base=RetryingTask, bind=True, queue="pdf")
def render_report(self, report_id, seq):
    """Gather the data and render the PDF; a failure is stored for the page to show, with a retry button.

    One task at a time holds the render (rendering.claim_render) and only it stores the PDF. A transient
    error gives the claim back for the retry; on the last attempt it is stored as the failure."""
    claimed_at = rendering.claim_render(report_id, seq)
    if claimed_at is None:
        return  # done, taken by another task, or superseded by a newer request
    report = Report.objects.select_related("project__programme").get(pk=report_id)
    try:
        data = report_data.build(report)
        pdf = render_pdf(data)
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            rendering.store_render(report_id, seq, claimed_at=claimed_at, error=f"{error.__class__.__name__}: {error}")
            return
        rendering.release_render(report_id, seq, claimed_at)
        raise  # the database or a connection dropped: the task retries
    except Exception as error:
        logger.exception("Rendering report %s failed", report_id)
        rendering.store_render(report_id, seq, claimed_at=claimed_at, error=f"{error.__class__.__name__}: {error}")
        return
    rendering.store_render(report_id, seq, claimed_at=claimed_at, pdf=pdf, data=data)


@shared_task(base=RetryingTask)
def sweep_stale_renders():
    """Queue again each render whose worker was killed or whose task was lost (its lease ran out)."""
    lapsed = rendering.lapsed_renders()
    for pk, seq in lapsed:
        try:
            render_report.apply_async((pk, seq))
        except PUBLISH_ERRORS as error:  # still queued: the next sweep after the lease tries again
            logger.warning("Could not queue report %s's PDF again: %r", pk, error)
    return len(lapsed)


@shared_task(base=RetryingTask)
def notify_review_step(step_id):
    """A submission goes to the funder's reviewers; a review step goes to the project's coordinators.

    One e-mail per (step, recipient), whatever retries: a retry after the third recipient sends the rest.
    """
    step = ReportReviewStep.objects.select_related("report__project__programme", "version", "actor").get(pk=step_id)
    report = step.report
    if step.status == ReportStatus.SUBMITTED:
        recipients = get_user_model().objects.filter(role=Role.FUNDER, is_active=True)
        url = reverse("reports:report", args=[report.pk])
    else:
        recipients = report.project.coordinators.filter(is_active=True)
        url = reverse("reports:detail", args=[report.project_id, report.pk])
    for user in recipients:
        send_once(
            mail_key("report_review", step, user.email),
            "emails/report_review",
            to=user.email,
            language=user.language,
            context={
                "project": report.project,
                "report": report,
                "step": step,
                "url": tokens.absolute_url(url),
            },
        )
