"""Funder reviewers grant deadline extensions. They see projects' public facts only: no project pages, no drafts."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networkhub.dates import short_date
from networkhub.models import Role
from partners.access import role_view
from projects.forms import DateField
from projects.models import ProgrammeDeadline, Project

from . import services
from .review_views import QUEUE_PAGE_SIZE, reviewable_reports


class ExtensionForm(forms.Form):
    deadline = forms.ModelChoiceField(label=gettext_lazy("Deadline"), queryset=ProgrammeDeadline.objects.none())
    due_date = DateField(label=gettext_lazy("New due date"))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].queryset = ProgrammeDeadline.objects.filter(programme_id=project.programme_id)


@role_view(Role.FUNDER)
def project_list(request):
    # Only what a row shows: a project's description and settings are not read 25 times to be dropped (issue 24).
    projects = (
        Project.objects.select_related("programme")
        .only("case_number", "acronym", "name", "start_date", "end_date", "programme")
        .order_by("case_number", "pk")
    )
    page = Paginator(projects, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/review_projects.html", {"page": page, "rows": _project_rows(page), "query": ""})


def _project_rows(projects):
    """Each project's <tr>, built here: at 25 rows the template's lookups, URL tags and date filters cost more than
    the page's queries, and the page is to cost the same at 3 and 10,000 projects (issue 24, bench/scale.py)."""
    dates = {}

    def short(day):
        if day not in dates:
            dates[day] = short_date(day)
        return dates[day]

    return [
        format_html(
            '<tr><td><a href="{}">{}</a></td><td>{} – {}</td><td>{}</td><td>{} – {}</td></tr>',
            reverse("reports:deadlines", args=[project.pk]),
            project.case_number or "–",
            project.acronym,
            project.name,
            project.programme.name,
            short(project.start_date),
            short(project.end_date),
        )
        for project in projects
    ]


@role_view(Role.FUNDER)
def project_deadlines(request, project_pk):
    project = get_object_or_404(Project.objects.select_related("programme"), pk=project_pk)
    form = ExtensionForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        services.grant_extension(
            project,
            form.cleaned_data["deadline"],
            form.cleaned_data["due_date"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Extension granted."))
        return redirect("reports:deadlines", project.pk)
    deadlines = services.deadlines_for(project)
    # The state of each deadline's report as it is now; a draft is not the funder's to see.
    reports = {
        report.programme_deadline_id: report
        for report in reviewable_reports().filter(project=project, programme_deadline__isnull=False)
    }
    for row in deadlines:
        row["report"] = reports.get(row["deadline"].pk)
    return render(request, "reports/review_deadlines.html", {"project": project, "deadlines": deadlines, "form": form})
