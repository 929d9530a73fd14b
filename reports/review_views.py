"""The funder's review queue: submitted reports of every project, for funder reviewers only (others 404).

Reviewers see the frozen versions and the projects' public facts, never a draft or live project data.
"""

from datetime import date, datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from networkhub.confirm import Confirmation, confirmation_page
from networkhub.dates import short_date
from networkhub.models import Role
from networkhub.spreadsheets import CSV_BOM, csv_cell, csv_writer, xlsx_response
from networkhub.status import badge as status_badge
from partners.access import role_view
from projects.models import ReportType

from . import services
from .forms import QueueFilterForm, ReviewForm
from .models import Report, ReportStatus, ReportVersion
from .views import filename, pdf_response

QUEUE_PAGE_SIZE = 25


def reviewable_reports():
    """Reports with at least one submitted version; a draft that never was submitted does not exist here."""
    return Report.objects.filter(version_count__gt=0).exclude(status=ReportStatus.DRAFT)


def _queue(request):
    form = QueueFilterForm(request.GET or None)
    reports = (
        reviewable_reports()
        .select_related("project__programme")
        .defer("rendered_pdf", "rendered_data")  # the queue shows neither; a PDF per row would dominate the page
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
            first = ReportVersion.objects.filter(report=OuterRef("pk")).order_by("submitted_at").values("submitted_at")
            reports = reports.annotate(first_submitted=Subquery(first[:1])).filter(
                Q(due_date__lt=TruncDate("first_submitted"))
                | Q(status=ReportStatus.INFO_REQUESTED, due_date__lt=timezone.localdate())
            )
    return form, reports


@role_view(Role.FUNDER)
def queue(request):
    """One page of the queue: filtered, ordered and cut in the database (the CSV export has every row)."""
    form, reports = _queue(request)
    page = Paginator(reports, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/review_queue.html",
        {"form": form, "page": page, "rows": queue_rows(page), "query": query_without_page(request)},
    )


def queue_rows(page):
    """The page's <tr>s, built here rather than in the template: at 25 rows the template's lookups and date
    filters cost more than the queries (bench/programme_overview.py). Values formatted as the page does."""
    dates = {}
    # Choice labels looked up once: get_FOO_display() per row costs more than it seems (lazy strings).
    types = {value: str(label) for value, label in ReportType.choices}
    states = {value: str(label) for value, label in ReportStatus.choices}
    badges = {value: status_badge(value, label) for value, label in states.items()}
    # The column headings, repeated on each cell for the stacked layout on a phone (see .table-stack).
    heads = [
        str(label)
        for label in (
            _("Case number"),
            _("Project"),
            _("Programme"),
            _("Report"),
            _("Due date"),
            _("Status"),
            _("Submitted"),
        )
    ]

    def day(value):
        if value not in dates:
            dates[value] = short_date(value)
        return dates[value]

    rows = []
    for report in page.object_list:
        project = report.project
        submitted = formats.date_format(timezone.localtime(report.submitted_at), "SHORT_DATETIME_FORMAT")
        status = states.get(report.status, report.status)
        rows.append(
            format_html(
                '<tr><td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
                '<th scope="row"><a href="{}">{} {} – {}</a></th><td data-label="{}">{}</td>'
                '<td data-label="{}">{} (v{})</td><td data-label="{}">{}</td></tr>',
                heads[0],
                project.case_number,
                heads[1],
                project.acronym,
                heads[2],
                project.programme.name,
                reverse("reports:report", args=[report.pk]),
                types.get(report.report_type, report.report_type),
                day(report.period_start),
                day(report.period_end),
                heads[4],
                day(report.due_date) if report.due_date else "–",
                heads[5],
                badges.get(report.status) or status_badge(report.status, status),
                report.version_count,
                heads[6],
                submitted,
            )
        )
    return rows


def query_without_page(request):
    """The request's filters as a query string, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class _Line:
    """A file-like object whose write() hands back what the csv writer wrote, for streaming."""

    def write(self, value):
        return value


def _export_header():
    return [_("Case number"), _("Project"), _("Programme"), _("Report type"), _("Period starts"),
            _("Period ends"), _("Due date"), _("Status"), _("Version"), _("Submitted")]  # fmt: skip


def _export_rows(reports):
    """One list of values per report, dates as dates, read with one streamed query (`iterator()`)."""
    types = {value: str(label) for value, label in ReportType.choices}
    states = {value: str(label) for value, label in ReportStatus.choices}
    for report in reports.iterator(chunk_size=500):
        yield [
            report.project.case_number,
            report.project.acronym,
            report.project.programme.name,
            types.get(report.report_type, report.report_type),
            report.period_start,
            report.period_end,
            report.due_date,
            states.get(report.status, report.status),
            report.version_count,
            timezone.localtime(report.submitted_at) if report.submitted_at else None,
        ]


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return csv_cell(value)


@role_view(Role.FUNDER)
def queue_csv(request):
    """Every report the filters select, streamed row by row, however long the queue is. Semicolon-separated
    with a byte order mark, so that Excel set to Finnish opens it in columns (networkhub.spreadsheets)."""
    _form, reports = _queue(request)
    writer = csv_writer(_Line())

    def lines():
        yield CSV_BOM
        yield writer.writerow(_export_header())
        for values in _export_rows(reports):
            yield writer.writerow([_csv_text(value) for value in values])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="report-queue.csv"'
    return response


@role_view(Role.FUNDER)
def queue_xlsx(request):
    """The same rows and columns as the CSV as an Excel workbook: dates are dates, numbers are numbers."""
    _form, reports = _queue(request)
    return xlsx_response(
        "report-queue.xlsx", title=_("Review queue"), header=_export_header(), rows=_export_rows(reports)
    )


def _reviewable(report_pk):
    return get_object_or_404(reviewable_reports().select_related("project__programme"), pk=report_pk)


@role_view(Role.FUNDER)
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


@role_view(Role.FUNDER)
def version_pdf(request, report_pk, number):
    report = _reviewable(report_pk)
    version = get_object_or_404(report.versions.all(), number=number)
    return pdf_response(request, version.pdf, filename(report, number), version.pdf_sha256)


@require_http_methods(["GET", "POST"])
@role_view(Role.FUNDER)
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
    return redirect("reports:report", report.pk)


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
            action_url=reverse("reports:transition", args=[report.pk, "accept"]),
            cancel_url=reverse("reports:report", args=[report.pk]),
        ),
    )
