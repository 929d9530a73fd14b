"""The report's PDF (on the `pdf` queue) and the review e-mails, in each recipient's language."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.urls import reverse

from networkhub import tokens
from networkhub.celery_tasks import TRANSIENT_ERRORS, RetryingTask
from networkhub.mail import mail_key, send_once
from networkhub.models import Role

from . import data as report_data
from . import rendering
from .models import RenderStatus, Report, ReportReviewStep, ReportStatus
from .pdf import render_pdf

logger = logging.getLogger(__name__)


@shared_task(base=RetryingTask, queue="pdf")
def render_report(report_id, seq):
    """Gather the data and render the PDF; a failure is stored for the page to show, with a retry button."""
    updated = Report.objects.filter(pk=report_id, render_seq=seq).update(render_status=RenderStatus.RENDERING)
    if not updated:
        return  # a newer request superseded this one
    report = Report.objects.select_related("project__programme").get(pk=report_id)
    try:
        data = report_data.build(report)
        pdf = render_pdf(data)
    except TRANSIENT_ERRORS:
        raise  # the database or a connection dropped: the task retries
    except Exception as error:
        logger.exception("Rendering report %s failed", report_id)
        rendering.store_render(report_id, seq, error=f"{error.__class__.__name__}: {error}")
        return
    rendering.store_render(report_id, seq, pdf=pdf, data=data)


@shared_task(base=RetryingTask)
def notify_review_step(step_id):
    """A submission goes to the funder's reviewers; a review step goes to the project's coordinators.

    One e-mail per (step, recipient), whatever retries: a retry after the third recipient sends the rest.
    """
    step = ReportReviewStep.objects.select_related("report__project__programme", "version", "actor").get(pk=step_id)
    report = step.report
    if step.status == ReportStatus.SUBMITTED:
        recipients = get_user_model().objects.filter(role=Role.FUNDER, is_active=True)
        url = reverse("review:report", args=[report.pk])
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
