"""OPH's programme overview: one row per project with its network-health statuses, their trend and the
next report, filtered, sorted and paged in the database.

The statuses are the latest stored `HealthSnapshot` rows (the daily job keeps them a day old at most),
never a panel computed per project: the page's queryset is annotated with the date of each project's
latest daily statuses and that day's red and amber counts, joined from `HealthDay` (counting each
project's snapshot rows in subqueries cost 30 ms a page at 1,000 projects), sorted by the most red,
filtered, and cut by Django's Paginator. Only the page's rows are then completed, with a fixed number of queries: their
snapshots of the trend window, the programmes' deadlines with the projects' extensions, and the reports
for those deadlines. So a page costs the same at 2 and at 1,000 projects.
"""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from health.panel import ITEMS, Status
from projects.models import Programme, Project, Region, ReportType
from reports.deadlines import next_deadlines
from reports.models import Report, ReportStatus

from .health import TREND_WEEKS
from .models import HealthSnapshot
from .templatetags.health_tags import health_badge

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
    "learning": _("Goals reviewed, ideas used"),
    "trust": _("Trust"),
    "expertise": _("Expertise shared"),
    "partners": _("Business and foreign partners involved"),
    "dissemination": _("Results disseminated"),
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


def annotated_projects():
    """Every project with `statuses_on` (the date of its latest daily statuses, or None) and that day's red and
    amber counts, joined from `HealthDay` (home.daily): sorting a thousand projects needs no count per project."""
    return Project.objects.select_related("programme").annotate(
        statuses_on=F("health_day__taken_on"),
        red_count=Coalesce("health_day__red_count", Value(0)),
        amber_count=Coalesce("health_day__amber_count", Value(0)),
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
            projects = projects.filter(health_day__red_count__gt=0)
        elif status == StatusFilter.AMBER:
            projects = projects.filter(health_day__amber_count__gt=0)
        elif status == StatusFilter.GREEN:
            projects = projects.filter(health_day__taken_on__isnull=False, red_count=0, amber_count=0)
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
    trend_text: str  # the trend in words, for screen readers and the tooltip: the arrow alone is not enough
    html: str  # the table cell, made once here: a template loop over 300 cells cost more than the queries

    @property
    def trend_symbol(self):
        return TREND_SYMBOLS.get(self.trend, "")


@dataclass
class Row:
    project: Project
    cells: list
    next_report: dict | None
    html: str = ""  # the table row, made once in `_row_html`


def page(request_get, page_number, today=None):
    """The filter form and the page of rows (a Paginator page whose object_list are `Row`s)."""
    today = today or timezone.localdate()
    form = OverviewFilterForm(request_get or None)
    paginator = Paginator(filtered(form), PAGE_SIZE)
    current = paginator.get_page(page_number)
    projects = list(current.object_list)
    current.object_list = rows(projects, today)
    return form, current


class _Words:
    """The page's words, translated once per page rather than once per cell."""

    def __init__(self):
        self.labels = {status: str(status.label) for status in Status}
        self.trends = {
            "better": gettext("better than on %(date)s"),
            "worse": gettext("worse than on %(date)s"),
            "same": gettext("as on %(date)s"),
        }
        self.dates = {}

        self.no_statuses = gettext("No statuses yet")
        self.no_deadline = gettext("No upcoming deadline")
        self.not_submitted = gettext("not submitted yet")
        self.in_review = gettext("In review:")
        # Choice labels looked up once: get_FOO_display() per row cost more than the page's queries.
        self.regions = {value: str(label) for value, label in Region.choices}
        self.report_types = {value: str(label) for value, label in ReportType.choices}
        self.report_states = {value: str(label) for value, label in ReportStatus.choices}
        self.cells = {}

    def cell_html(self, *args):
        """A cell's HTML depends only on the item, status and trend: most cells of a page are alike."""
        if args not in self.cells:
            self.cells[args] = _cell_html(*args)
        return self.cells[args]

    def date(self, day):
        if day not in self.dates:
            self.dates[day] = formats.date_format(day, "SHORT_DATE_FORMAT")
        return self.dates[day]

    def trend(self, trend, since):
        return self.trends[trend] % {"date": self.date(since)} if trend else ""


def rows(projects, today):
    cols, words = columns(), _Words()
    history = _history(projects, today)
    reports = _next_reports(projects, today)
    result = []
    for project in projects:
        cells = [_cell(column, history.get(project.pk, {}), project.statuses_on, words) for column in cols]
        row = Row(project, cells, reports.get(project.pk))
        row.html = _row_html(row, words)
        result.append(row)
    return result


def _row_html(row, words):
    """One project's <tr>, built here rather than in the template: at 25 rows of 15 cells the template's
    variable lookups and filters cost more than the page's queries (bench/programme_overview.py)."""
    project = row.project
    place = format_html(" · {}", words.regions.get(project.region, project.region)) if project.region else ""
    heading = format_html(
        '<th scope="row"><a href="{}">{}</a><br><span class="fw-normal small">{}{}</span></th>',
        reverse("review:deadlines", args=[project.pk]),
        project.acronym,
        project.programme.name,
        place,
    )
    as_of = words.date(project.statuses_on) if project.statuses_on else words.no_statuses
    return format_html(
        "<tr>{}<td>{}</td>{}<td>{}</td></tr>",
        heading,
        as_of,
        mark_safe("".join(cell.html for cell in row.cells)),  # each cell made by format_html
        _next_report_html(row.next_report, words),
    )


def _next_report_html(next_report, words):
    """The next deadline and the state of its report, and a report still in review for an earlier or later one."""
    if next_report is None:
        return words.no_deadline
    report, in_review = next_report["report"], next_report["in_review"]
    state = _report_link(report, words) if report else words.not_submitted
    text = format_html("{}, {}: {}", next_report["label"], words.date(next_report["due_date"]), state)
    if in_review is not None:
        text = format_html(
            "{}<br>{} {}: {}",
            text,
            words.in_review,
            words.report_types[in_review.report_type],
            _report_link(in_review, words),
        )
    return text


def _report_link(report, words):
    url = reverse("review:report", args=[report.pk])
    return format_html('<a href="{}">{}</a>', url, words.report_states[report.status])


def _history(projects, today):
    """{project pk: {key: [(date, status), ...] oldest first}}: each project's latest day and the oldest weekly
    snapshot of the trend window, one query. Only the two ends are read: the trend compares them."""
    start = today - timedelta(weeks=TREND_WEEKS) + timedelta(days=1)
    oldest = start + timedelta(days=(7 - start.weekday()) % 7)  # the first Monday inside the window
    days = {project.statuses_on for project in projects if project.statuses_on} | {oldest}
    snapshots = HealthSnapshot.objects.filter(project__in=[project.pk for project in projects], taken_on__in=days)
    history = {}
    for project_pk, key, taken_on, status in snapshots.order_by("taken_on").values_list(
        "project_id", "key", "taken_on", "status"
    ):
        history.setdefault(project_pk, {}).setdefault(key, []).append((taken_on, status))
    return history


def _cell(column, history, statuses_on, words):
    points = history.get(column.key, [])
    latest = next((status for taken_on, status in points if taken_on == statuses_on), None) or Status.NO_DATA
    earlier = [(taken_on, status) for taken_on, status in points if taken_on < statuses_on] if statuses_on else []
    trend, since = "", None
    if earlier and Status.NO_DATA not in (earlier[0][1], latest):
        since, before = earlier[0]
        change = _SEVERITY[Status(latest)] - _SEVERITY[Status(before)]
        trend = "worse" if change > 0 else "better" if change < 0 else "same"
    label, text = words.labels[Status(latest)], words.trend(trend, since)
    return Cell(column, latest, label, trend, since, text, words.cell_html(column.key, latest, label, trend, text))


def _cell_html(key, status, label, trend, text):
    badge = format_html('<span class="badge {}">{}</span>', health_badge(status), label)
    if trend:
        badge = format_html(
            '{} <span aria-hidden="true" title="{}">{}</span><span class="visually-hidden">{}</span>',
            badge,
            text,
            TREND_SYMBOLS[trend],
            text,
        )
    return format_html('<td class="text-center text-nowrap" data-item="{}">{}</td>', key, badge)


def _next_reports(projects, today):
    """{project pk: {"label", "due_date", "report", "in_review"}}: each project's next deadline (extensions
    applied) with the submitted report for it, if any, and the first other submitted report not yet
    accepted. A draft is not the funder's to see. Three queries for the page."""
    upcoming = next_deadlines(projects, today)
    submitted = {}
    reports = (
        Report.objects.filter(project__in=list(upcoming), version_count__gt=0)
        .exclude(status=ReportStatus.DRAFT)
        .only("pk", "project_id", "programme_deadline_id", "report_type", "status", "due_date")
        .order_by("due_date", "pk")
    )
    for report in reports:
        submitted.setdefault(report.project_id, []).append(report)
    result = {}
    for project_pk, (due, deadline) in upcoming.items():
        mine = submitted.get(project_pk, [])
        report = next((each for each in mine if each.programme_deadline_id == deadline.pk), None)
        in_review = next((each for each in mine if each is not report and each.status != ReportStatus.ACCEPTED), None)
        result[project_pk] = {
            "label": deadline.get_report_type_display(),
            "due_date": due,
            "report": report,
            "in_review": in_review,
        }
    return result
