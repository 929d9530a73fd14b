"""reports' public reads for the apps above it (home's programme overview).

- `officer_projects(user)`: the projects whose programme officer the user is ("my projects", case work).
- `spend_against_plan()`: the spend against plan of each project's last report, for a Project queryset.
"""

from django.db.models import FloatField, OuterRef, Subquery, Sum
from django.db.models.functions import Cast, NullIf

from projects.models import Project

from .models import CaseOfficer, Report, ReportBudgetLine


def officer_projects(user):
    """A queryset of the projects `user` is the officer of (none for anyone not signed in)."""
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(pk__in=CaseOfficer.objects.filter(officer=user).values("project_id"))


def spend_against_plan():
    """An expression for a Project queryset (OPH's overview, docs/health.md): the actual costs of the project's last
    report in per cent of its planned costs, summed over the budget lines. The last report is the one with the
    latest period among those submitted at least once (a draft is not the funder's to see). No submitted report,
    or nothing planned in it: None (no data, never 0 %). One subquery in the page's query."""
    last = (
        Report.objects.filter(project=OuterRef(OuterRef("pk")), version_count__gt=0)
        .order_by("-period_end", "-pk")
        .values("pk")[:1]
    )
    lines = (
        ReportBudgetLine.objects.filter(report=Subquery(last))
        .order_by()
        .values("report")
        .annotate(
            share=100 * Cast(Sum("actual_eur"), FloatField()) / NullIf(Cast(Sum("planned_eur"), FloatField()), 0.0)
        )
        .values("share")[:1]
    )
    return Subquery(lines, output_field=FloatField())
