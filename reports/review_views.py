"""The funder's review queue: submitted reports of every project, for funder reviewers only (others 404).

Reviewers see the frozen versions and the projects' public facts, never a draft or live project data.
"""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Min, Q
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from networkhub.confirm import Confirmation, confirmation_page
from networkhub.spreadsheets import csv_cell

from . import services
from .forms import QueueFilterForm, ReviewForm
from .models import Report, ReportStatus
from .views import filename, pdf_response


def funder_only(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_funder:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def reviewable_reports():
    """Reports with at least one submitted version; a draft that never was submitted does not exist here."""
    return Report.objects.filter(version_count__gt=0).exclude(status=ReportStatus.DRAFT)


def _queue(request):
    form = QueueFilterForm(request.GET or None)
    reports = (
        reviewable_reports()
        .select_related("project__programme")
        .annotate(first_submitted=Min("versions__submitted_at"))
        .order_by("due_date", "pk")
    )
    if form.is_valid():
        filters = form.cleaned_data
        if filters["programme"]:
            reports = reports.filter(project__programme=filters["programme"])
        if filters["report_type"]:
            reports = reports.filter(report_type=filters["report_type"])
        if filters["status"]:
            reports = reports.filter(status=filters["status"])
        if filters["overdue"]:
            # Submitted after the due date, or information requested and the due date has passed.
            reports = reports.filter(
                Q(due_date__lt=TruncDate("first_submitted"))
                | Q(status=ReportStatus.INFO_REQUESTED, due_date__lt=timezone.localdate())
            )
    return form, reports


@funder_only
def queue(request):
    form, reports = _queue(request)
    return render(request, "reports/review_queue.html", {"form": form, "reports": reports})


@funder_only
def queue_csv(request):
    _form, reports = _queue(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="report-queue.csv"'
    response.write("\ufeff")  # for spreadsheet programs
    writer = csv.writer(response)
    writer.writerow(
        [_("Case number"), _("Project"), _("Programme"), _("Report type"), _("Period"), _("Due date"),
         _("Status"), _("Version"), _("Submitted")]
    )  # fmt: skip
    for report in reports:
        writer.writerow(
            csv_cell(value)
            for value in [
                report.project.case_number,
                report.project.acronym,
                report.project.programme.name,
                report.get_report_type_display(),
                f"{report.period_start.isoformat()} – {report.period_end.isoformat()}",
                report.due_date.isoformat() if report.due_date else "",
                report.get_status_display(),
                report.version_count,
                timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M") if report.submitted_at else "",
            ]
        )
    return response


def _reviewable(report_pk):
    return get_object_or_404(reviewable_reports().select_related("project__programme"), pk=report_pk)


@funder_only
def report(request, report_pk):
    report = _reviewable(report_pk)
    versions = report.versions.select_related("submitted_by").order_by("-number")
    latest = versions[0]
    actions = [
        (action, label)
        for action, label in (
            ("content_check", _("Start content check")),
            ("financial_check", _("Move to financial check")),
            ("accept", _("Accept")),
        )
        if report.status in services.TRANSITIONS[action][0]
    ]
    return render(
        request,
        "reports/review_report.html",
        {
            "report": report,
            "project": report.project,
            "latest": latest,
            "data": latest.data,
            "versions": versions,
            "steps": report.review_steps.select_related("actor", "version"),
            "actions": actions,
            "can_request_info": report.status in services.TRANSITIONS["request_info"][0],
            "form": ReviewForm(),
        },
    )


@funder_only
def version_pdf(request, report_pk, number):
    report = _reviewable(report_pk)
    version = get_object_or_404(report.versions.all(), number=number)
    return pdf_response(request, version.pdf, filename(report, number), version.pdf_sha256)


@require_http_methods(["GET", "POST"])
@funder_only
def transition(request, report_pk, action):
    report = _reviewable(report_pk)
    if action not in services.TRANSITIONS:
        raise Http404
    if request.method == "GET":
        if action != "accept":
            raise Http404
        return _confirm_accept(request, report)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.review(report, action, actor=request.user, comment=form.cleaned_data.get("comment", ""))
    except services.ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("review:report", report.pk)


def _confirm_accept(request, report):
    project = report.project
    return confirmation_page(
        request,
        Confirmation(
            title=_("Accept the report?"),
            what_happens=_(
                "The %(report)s of %(project)s (%(case)s) is accepted as final. The coordinators can no longer "
                "change it, and the acceptance is recorded in the review history."
            )
            % {
                "report": report.get_report_type_display().lower(),
                "project": project.acronym,
                "case": project.case_number,
            },
            confirm_label=_("Accept"),
            action_url=reverse("review:transition", args=[report.pk, "accept"]),
            cancel_url=reverse("review:report", args=[report.pk]),
        ),
    )
