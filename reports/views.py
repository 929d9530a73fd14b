"""The coordinator's report pages. Every page is coordinator-only: partners and others get 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from networkhub import contributions, files, heartbeat
from networkhub.confirm import Confirmation, confirmation_page
from networkhub.dates import short_date
from networkhub.models import Language
from partners.access import project_view
from projects.models import ProgrammeDeadline

from . import data as report_data
from . import services
from .forms import BudgetFormSet, GoalEntryFormSet, ReportForm
from .models import RenderStatus, Report


def _report(project, report_pk):
    return get_object_or_404(Report.objects.filter(project=project).select_related("project__programme"), pk=report_pk)


def pdf_response(request, fieldfile, filename, sha256):
    """The stored PDF, checked against its hash, shown inline; a page saying why if it cannot be."""
    return files.file_response(
        request,
        fieldfile,
        filename=filename,
        content_type="application/pdf",
        as_attachment=False,
        expected_sha256=sha256,
    )


def filename(report, number=None):
    suffix = f"-v{number}" if number else "-draft"
    name = report.project.case_number or report.project.acronym
    return f"{name}-{report.report_type}-{report.period_end:%Y%m%d}{suffix}.pdf"


@project_view(coordinator_only=True)
def report_list(request, project):
    reports = list(project.reports.order_by("period_start", "report_type"))
    taken = {report.programme_deadline_id: report for report in reports}
    deadlines = services.deadlines_for(project)
    for row in deadlines:
        row["report"] = taken.get(row["deadline"].pk)  # its state as it is now: draft, in review, accepted...
    return render(
        request,
        "reports/report_list.html",
        {"project": project, "reports": reports, "deadlines": deadlines, "report_languages": Language.choices},
    )


@require_POST
@project_view(coordinator_only=True)
def report_create(request, project):
    pk = request.POST.get("deadline", "")
    deadline = get_object_or_404(
        ProgrammeDeadline.objects.filter(programme_id=project.programme_id), pk=int(pk) if pk.isdigit() else 0
    )
    language = request.POST.get("language") if request.POST.get("language") in ("fi", "sv", "en") else None
    report = services.create_report(
        project, programme_deadline=deadline, actor=request.user, language=language or request.user.language
    )
    return redirect("reports:edit", project.pk, report.pk)


@vary_on_headers("HX-Request")
@project_view(coordinator_only=True)
def report_detail(request, project, report_pk):
    report = _report(project, report_pk)
    rendering = report.render_status in (RenderStatus.QUEUED, RenderStatus.RENDERING)
    if request.htmx and not request.htmx.boosted:
        # While the PDF is generated, its panel polls this page for itself alone (reports/_pdf_panel.html).
        if not report.is_editable:
            return HttpResponseClientRefresh()  # submitted meanwhile: the panel is gone, reload the page
        context = {
            "project": project,
            "report": report,
            "rendering": rendering,
            "RenderStatus": RenderStatus,
            "no_worker": heartbeat.worker_running() is False,
        }
        return render(request, "reports/_pdf_panel.html", context)
    version = report.versions.order_by("-number").first()
    if report.is_editable:
        data = report_data.build(report)
        check = report_data.self_check(data)
    else:
        data, check = version.data, []
    return render(
        request,
        "reports/report_detail.html",
        {
            "project": project,
            "report": report,
            "data": data,
            "self_check": check,
            "versions": report.versions.only("pk", "number", "submitted_at", "pdf_sha256", "submitted_by__full_name")
            .select_related("submitted_by")
            .order_by("-number"),
            "steps": report.review_steps.select_related("actor", "version"),
            "rendering": rendering,
            "RenderStatus": RenderStatus,
            # Without a worker the PDF is never generated: the panel says so (networkhub.heartbeat).
            "no_worker": report.is_editable and heartbeat.worker_running() is False,
        },
    )


@project_view(coordinator_only=True)
def report_edit(request, project, report_pk):
    report = _report(project, report_pk)
    if not report.is_editable:
        messages.info(request, _("A report in review cannot be edited."))
        return redirect("reports:detail", project.pk, report.pk)
    post = request.POST or None
    form = ReportForm(post, instance=report)
    goals = GoalEntryFormSet(post, instance=report, prefix="goals", queryset=report.goal_entries.select_related("goal"))
    budget = BudgetFormSet(post, instance=report, prefix="budget")
    # Goals counted by the app (mobilities): the count at the period's end is shown, and fills an empty actual value.
    counted = contributions.goal_values((entry.instance.goal for entry in goals), report.period_end)
    for entry in goals:
        entry.counted = counted.get(entry.instance.goal_id)
        if not entry.is_bound and entry.instance.actual is None and entry.counted is not None:
            entry.initial["actual"] = entry.counted
    forms = [form, goals, budget]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        try:
            services.save_draft(report, forms=forms, actor=request.user)
        except services.ReportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Report saved. Generate the PDF again before submitting."))
            return redirect("reports:detail", project.pk, report.pk)
    return render(
        request,
        "reports/report_form.html",
        {"project": project, "report": report, "form": form, "goals": goals, "budget": budget},
    )


@require_POST
@project_view(coordinator_only=True)
def report_render(request, project, report_pk):
    report = _report(project, report_pk)
    try:
        services.request_render(report, actor=request.user)
    except services.ReportError as error:
        messages.error(request, error.message)
    return redirect("reports:detail", project.pk, report.pk)


@project_view(coordinator_only=True)
def report_pdf(request, project, report_pk):
    report = _report(project, report_pk)
    if report.render_status != RenderStatus.DONE or not report.rendered_pdf:
        raise Http404
    return pdf_response(request, report.rendered_pdf, filename(report), report.rendered_pdf_sha256)


@require_http_methods(["GET", "POST"])
@project_view(coordinator_only=True)
def report_submit(request, project, report_pk):
    report = _report(project, report_pk)
    if request.method == "GET":
        return _confirm_submit(request, project, report)
    try:
        version = services.submit(report, actor=request.user)
    except services.ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Version %(number)s submitted to the funder.") % {"number": version.number})
    return redirect("reports:detail", project.pk, report.pk)


def _confirm_submit(request, project, report):
    if report.render_status != RenderStatus.DONE:
        return redirect("reports:detail", project.pk, report.pk)
    warnings = []
    if report.period_end >= timezone.localdate():
        warnings.append(
            _(
                "The report period ends on %(date)s and has not ended yet. A report is normally submitted "
                "after its period; what happens before the end is not in it."
            )
            % {"date": short_date(report.period_end)}
        )
    funder = project.programme.funder_name
    return confirmation_page(
        request,
        Confirmation(
            title=_("Submit the report to the funder?"),
            what_happens=_(
                "The PDF generated on %(time)s is submitted to %(funder)s as version %(number)s. The funder's "
                "reviewers see it at once; you can change the report again only if they ask for more information."
            )
            % {
                "time": formats.date_format(timezone.localtime(report.rendered_at), "SHORT_DATETIME_FORMAT"),
                "funder": funder,
                "number": report.version_count + 1,
            },
            warnings=warnings,
            confirm_label=_("Submit to the funder"),
            action_url=reverse("reports:submit", args=[project.pk, report.pk]),
            cancel_url=reverse("reports:detail", args=[project.pk, report.pk]),
        ),
    )


@project_view(coordinator_only=True)
def version_pdf(request, project, report_pk, number):
    report = _report(project, report_pk)
    version = get_object_or_404(report.versions.all(), number=number)
    return pdf_response(request, version.pdf, filename(report, number), version.pdf_sha256)
