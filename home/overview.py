"""OPH's programme overview: one row per project with its network-health statuses, their trend and the
next report, filtered, sorted and paged in the database.

The statuses are the latest stored `HealthSnapshot` rows (the daily job keeps them a day old at most),
never a panel computed per project: the page's queryset is annotated with the date of each project's
latest snapshot and its red and amber counts through subqueries, sorted by the most red, and cut by
Django's Paginator. Only the page's rows are then completed, with a fixed number of queries: their
snapshots of the trend window, the programmes' deadlines with the projects' extensions, and the reports
for those deadlines. So a page costs the same at 2 and at 1,000 projects.
"""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from health.panel import ITEMS, Status
from projects.models import Programme, Project, Region
from reports.deadlines import next_deadlines
from reports.models import Report, ReportStatus

from .health import TREND_WEEKS
from .models import HealthSnapshot

PAGE_SIZE = 25

# The items' titles for the column headers; the registry knows items only by key until they are computed.
# An item another app registers later without a title here is headed by its number.
ITEM_TITLES = {
    "rules": _("Jointly agreed rules"),
    "application": _("Committed when applying"),
    "tasks": _("Tasks defined in the letters"),
    "management": _("Management committed"),
    "coordinator": _("Active coordinator"),
    "meetings": _("Regular meetings"),
    "partners": _("Business and foreign partners involved"),
    "new_to_international": _("Members new to international activity"),
}

_SEVERITY = {Status.NO_DATA: 0, Status.GREEN: 1, Status.AMBER: 2, Status.RED: 3}


class StatusFilter:
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NONE = "none"
    CHOICES = [
        ("", _("All")),
        (RED, _("At least one red item")),
        (AMBER, _("At least one amber item")),
        (GREEN, _("No red or amber item")),
        (NONE, _("No statuses yet")),
    ]


NO_REGION = "none"


class OverviewFilterForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Network health"), choices=StatusFilter.CHOICES, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("code")
        self.fields["region"].choices = [("", _("All")), *sorted(Region.choices, key=lambda c: str(c[1]))] + [
            (NO_REGION, _("Region not given"))
        ]


def columns():
    """The panel's registered items in characteristic order: (number, key, title)."""
    entries = sorted(ITEMS.values(), key=lambda entry: (entry.number, entry.key))
    return [
        Column(entry.number, entry.key, ITEM_TITLES.get(entry.key) or _("Item %(number)s") % {"number": entry.number})
        for entry in entries
    ]


@dataclass
class Column:
    number: int
    key: str
    title: str


def _count(status):
    rows = (
        HealthSnapshot.objects.filter(project=OuterRef("pk"), taken_on=OuterRef("statuses_on"), status=status)
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def annotated_projects():
    """Every project with `statuses_on` (its latest snapshot's date, or None) and that day's red and amber counts."""
    latest = HealthSnapshot.objects.filter(project=OuterRef("pk")).order_by("-taken_on").values("taken_on")[:1]
    return (
        Project.objects.select_related("programme")
        .annotate(statuses_on=Subquery(latest))
        .annotate(red_count=_count(Status.RED), amber_count=_count(Status.AMBER))
    )


def filtered(form):
    projects = annotated_projects()
    if form.is_valid():
        filters = form.cleaned_data
        if filters["programme"]:
            projects = projects.filter(programme=filters["programme"])
        if filters["region"] == NO_REGION:
            projects = projects.filter(region="")
        elif filters["region"]:
            projects = projects.filter(region=filters["region"])
        status = filters["status"]
        if status == StatusFilter.RED:
            projects = projects.filter(red_count__gt=0)
        elif status == StatusFilter.AMBER:
            projects = projects.filter(amber_count__gt=0)
        elif status == StatusFilter.GREEN:
            projects = projects.filter(statuses_on__isnull=False, red_count=0, amber_count=0)
        elif status == StatusFilter.NONE:
            projects = projects.filter(statuses_on__isnull=True)
    unknown_last = Case(When(statuses_on__isnull=True, then=Value(1)), default=Value(0))
    return projects.order_by("-red_count", "-amber_count", unknown_last, "acronym", "pk")


TREND_SYMBOLS = {"better": "↑", "worse": "↓", "same": "→"}


@dataclass
class Cell:
    column: Column
    status: str
    label: str
    trend: str  # "better", "worse", "same" or "" (nothing to compare with)
    since: object  # the date compared with

    @property
    def trend_symbol(self):
        return TREND_SYMBOLS.get(self.trend, "")

    @property
    def trend_text(self):
        """The trend in words, for screen readers and the tooltip: the symbol alone is not enough."""
        if not self.trend:
            return ""
        day = formats.date_format(self.since, "SHORT_DATE_FORMAT")
        texts = {
            "better": gettext("better than on %(date)s"),
            "worse": gettext("worse than on %(date)s"),
            "same": gettext("as on %(date)s"),
        }
        return texts[self.trend] % {"date": day}


@dataclass
class Row:
    project: Project
    cells: list
    next_report: dict | None


def page(request_get, page_number, today=None):
    """The filter form and the page of rows (a Paginator page whose object_list are `Row`s)."""
    today = today or timezone.localdate()
    form = OverviewFilterForm(request_get or None)
    paginator = Paginator(filtered(form), PAGE_SIZE)
    current = paginator.get_page(page_number)
    projects = list(current.object_list)
    current.object_list = rows(projects, today)
    return form, current


def rows(projects, today):
    cols = columns()
    history = _history(projects, today)
    reports = _next_reports(projects, today)
    return [
        Row(project, [_cell(column, history.get(project.pk, {}), project.statuses_on) for column in cols],
            reports.get(project.pk))
        for project in projects
    ]  # fmt: skip


def _history(projects, today):
    """{project pk: {key: [(date, status), ...] oldest first}} over the trend window, one query."""
    snapshots = HealthSnapshot.objects.filter(
        project__in=[project.pk for project in projects], taken_on__gt=today - timedelta(weeks=TREND_WEEKS)
    ).order_by("taken_on")
    history = {}
    for project_pk, key, taken_on, status in snapshots.values_list("project_id", "key", "taken_on", "status"):
        history.setdefault(project_pk, {}).setdefault(key, []).append((taken_on, status))
    return history


def _cell(column, history, statuses_on):
    points = history.get(column.key, [])
    latest = next((status for taken_on, status in points if taken_on == statuses_on), None)
    if latest is None:
        return Cell(column, Status.NO_DATA, Status.NO_DATA.label, "", None)
    earlier = [(taken_on, status) for taken_on, status in points if taken_on < statuses_on]
    trend, since = "", None
    if earlier and Status.NO_DATA not in (earlier[0][1], latest):
        since, before = earlier[0]
        change = _SEVERITY[Status(latest)] - _SEVERITY[Status(before)]
        trend = "worse" if change > 0 else "better" if change < 0 else "same"
    return Cell(column, latest, Status(latest).label, trend, since)


def _next_reports(projects, today):
    """{project pk: {"label", "due_date", "report"}}: each project's next deadline (extensions applied) and the
    submitted report for it, if any; a draft is not the funder's to see. Three queries for the page."""
    upcoming = next_deadlines(projects, today)
    submitted = {
        (report.project_id, report.programme_deadline_id): report
        for report in Report.objects.filter(
            project__in=list(upcoming), programme_deadline__in=[deadline for _due, deadline in upcoming.values()]
        )
        .exclude(status=ReportStatus.DRAFT)
        .filter(version_count__gt=0)
        .only("pk", "project_id", "programme_deadline_id", "status")
        .order_by("pk")
    }
    return {
        project_pk: {
            "label": deadline.get_report_type_display(),
            "due_date": due,
            "report": submitted.get((project_pk, deadline.pk)),
        }
        for project_pk, (due, deadline) in upcoming.items()
    }
