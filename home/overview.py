"""OPH's programme overview: one row per project with its network-health statuses, their trend and the
next report (or the report overdue), filtered, sorted and paged in the database: the projects with an overdue
report first (`reports.deadlines.with_overdue_report`: each project's stored first open report due date, one
join), then the most red.

The health columns (the items, the latest stored statuses, their filter, sort and trend cells) come from
`health.queries` (health.overview): the page's queryset is annotated with each project's latest daily
statuses and their red and amber counts, sorted by the most red, filtered, and cut by Django's Paginator.
Only the page's rows are then completed, with a fixed number of queries: their snapshots of the trend window,
the programmes' deadlines with the projects' extensions, and the reports for those deadlines. So a page costs
the same at 2 and at 1,000 projects.
"""

from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from health import queries as health
from networkhub.dates import short_date
from networkhub.numbers import count
from networkhub.status import badge as status_badge
from partners.models import Membership, MembershipRole
from projects.models import Programme, Project, ProjectStatus, Region, ReportType
from reports.deadlines import deadline_states, overdue_report, with_overdue_report
from reports.models import Report, ReportStatus
from reports.queries import officer_projects, spend_against_plan
from results.queries import outputs_and_reach

from .models import OverviewKey

PAGE_SIZE = 25

NO_REGION = "none"

OVERDUE = "overdue"


RISK = "risk"

# The headline values that no stored item value gives (issue 22, part 3; docs/health.md "The overview's values"):
# item 11's outputs and their reach, and the spend against plan of the last report. Computed in the page's query.
OUTPUTS, REACH, SPEND = "outputs_count", "outputs_reach", "spend_against_plan"
HEADLINES = [
    (OUTPUTS, _("11. Outputs")),
    (REACH, _("11. Reach (people)")),
    (SPEND, _("Spend against plan in the last report, %")),
]

# The statuses the per-item filter offers (health.panel.Status).
ITEM_STATUSES = [("", _("Any status"))] + [
    (status.value, status.label)
    for status in (
        health.Status.RED,
        health.Status.AMBER,
        health.Status.GREEN,
        health.Status.NO_DATA,
        health.Status.NOT_IN_USE,
    )
]

COHORT_YEARS_BACK = 8


class OverviewFilterForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Network health"), choices=health.StatusFilter.CHOICES, required=False)
    item = forms.ChoiceField(label=_("Item"), required=False)
    item_status = forms.ChoiceField(label=_("Status of the item"), choices=ITEM_STATUSES, required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    cohort = forms.TypedChoiceField(label=_("Cohort (application year)"), coerce=int, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    lead = forms.CharField(label=_("Lead organisation"), max_length=100, required=False)
    report = forms.ChoiceField(
        label=_("Reports"), choices=[("", _("All")), (OVERDUE, _("Overdue reports"))], required=False
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    mine = forms.BooleanField(label=_("My projects"), required=False)
    include_closed = forms.BooleanField(label=_("Include closed projects"), required=False)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["programme"].queryset = Programme.objects.order_by("code")
        self.fields["region"].choices = [("", _("All")), *sorted(Region.choices, key=lambda c: str(c[1]))] + [
            (NO_REGION, _("Region not given"))
        ]
        columns = health.columns()
        self.fields["item"].choices = [("", _("Any item"))] + [
            (column.key, f"{column.number}. {column.title}") for column in columns
        ]
        self.fields["phase"].choices = [("", _("All")), *health.Phase.choices]
        years = range(today.year + 1, today.year - COHORT_YEARS_BACK, -1)
        self.fields["cohort"].choices = [("", _("All"))] + [(year, str(year)) for year in years]
        self.fields["sort"].choices = sort_choices(columns)

    def clean(self):
        data = super().clean()
        if data.get("item_status") and not data.get("item"):
            self.add_error("item", _("Choose the item whose status to filter by."))
        return data


def sort_choices(columns):
    """The orders the overview offers: its default, the risk score, and each item's value either way."""
    choices = [("", _("Overdue reports, then the most red")), (RISK, _("Risk score, highest first"))]
    for column in columns:
        field = health.value_field(column.key)
        choices.append((f"-{field}", _("%(item)s: highest value first") % {"item": f"{column.number}. {column.title}"}))
        choices.append((field, _("%(item)s: lowest value first") % {"item": f"{column.number}. {column.title}"}))
    for field, title in HEADLINES:
        choices.append((f"-{field}", _("%(item)s: highest value first") % {"item": title}))
        choices.append((field, _("%(item)s: lowest value first") % {"item": title}))
    return choices


@dataclass
class SortHeader:
    """A column heading that sorts the overview: the query of its link (the filters kept, the page dropped) and
    its `aria-sort` when the page is sorted by it."""

    column: object  # health's Column, or None for the risk score
    query: str
    aria_sort: str


def sort_headers(request_get, columns):
    """{"risk": SortHeader, item key: SortHeader}: an item's heading sorts by its value, highest first, and once
    sorted so, lowest first; the risk score's, highest first. The headline values (`HEADLINES`) sort through the
    form's "Sort by"."""
    current = request_get.get("sort", "")

    def header(column, field, descending_only=False):
        query = request_get.copy()
        query.pop("page", None)
        if current == f"-{field}" or (descending_only and current == field):
            state = "descending"
        elif current == field:
            state = "ascending"
        else:
            state = ""
        if descending_only:
            query["sort"] = field
        else:
            query["sort"] = field if state == "descending" else f"-{field}"
        return SortHeader(column, query.urlencode(), state)

    headers = {"risk": header(None, RISK, descending_only=True)}
    for column in columns:
        headers[column.key] = header(column, health.value_field(column.key))
    return headers


def assigned_to(projects, user):
    """ "My projects": the projects whose assigned officer is `user` (case work, reports.queries.officer_projects)."""
    return projects.filter(pk__in=officer_projects(user).values("pk"))


def filter_by_phase(projects, phase, today):
    """`projects` in `phase` on `today` (health.phase, computed from the dates in the database; the closing phase's
    three months are counted back from the end date as `today` plus three months)."""
    closing_from = today + relativedelta(months=health.CLOSING_MONTHS)
    not_closed = Q(end_date__gte=today) & ~Q(status=ProjectStatus.CLOSED)
    if phase == health.Phase.CLOSED:
        return projects.exclude(not_closed)
    if phase == health.Phase.PREPARING:
        return projects.filter(not_closed, application_date__gt=today)
    if phase == health.Phase.RUNNING:
        return projects.filter(not_closed, application_date__lte=today, end_date__gt=closing_from)
    if phase == health.Phase.CLOSING:
        return projects.filter(not_closed, application_date__lte=today, end_date__lte=closing_from)
    return projects


def led_by(projects, name):
    """`projects` whose current lead organisation's name contains `name` (any case)."""
    leads = Membership.objects.current().filter(
        project=OuterRef("pk"), role=MembershipRole.LEAD, organisation__name__icontains=name
    )
    return projects.filter(Exists(leads))


def annotated_projects():
    """Every project with `statuses_on` (the date of its latest daily statuses, or None) and that day's red and
    amber counts (health.queries.with_statuses)."""
    return health.with_statuses(Project.objects.select_related("programme"))


# The overview's keys name the stored first open report due date and whether it is stored thus (home.models).
KEYS_DUE = ("first_open_due_on", Q(has_report_due=True))


def filtered(form, today=None, user=None, weighing=None):
    """The projects matching the filters as `OverviewKey`s (their pk is the project's), by default those with an
    overdue report first, then the most red, or in the order asked for (the risk score, an item's value, a
    headline value); closed ones (status closed or past their end date) only when asked for. Sorted and counted
    over the one narrow table of keys, not over the projects joined to their days and due dates (issue 24); the
    rows shown are read by `projects_for`. `weighing`: the risk weights of the programmes that weigh otherwise
    (`health.programmes_weighing_otherwise`), if read already."""
    today = today or timezone.localdate()
    keys = OverviewKey.objects.annotate(
        statuses_on=F("taken_on"), has_overdue_report=overdue_report(today, stored_due=KEYS_DUE)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    sort = filters.get("sort", "")
    if sort == RISK:
        keys = health.with_risk(keys, day="", weighing=weighing)
    elif sort.lstrip("-") in {OUTPUTS, REACH, SPEND}:
        keys = with_headlines(keys, today)
    elif sort:
        keys = health.with_values(keys, day="")
    if not (filters.get("include_closed") or filters.get("phase") == health.Phase.CLOSED):
        keys = keys.exclude(status=ProjectStatus.CLOSED).exclude(end_date__lt=today)
    if filters:
        if filters["programme"]:
            keys = keys.filter(programme=filters["programme"])
        if filters["region"] == NO_REGION:
            keys = keys.filter(region="")
        elif filters["region"]:
            keys = keys.filter(region=filters["region"])
        keys = health.filter_by_status(keys, filters["status"], day="")
        keys = health.filter_by_item(keys, filters["item"], filters["item_status"], day="")
        keys = filter_by_phase(keys, filters["phase"], today)
        if filters["cohort"]:
            keys = keys.filter(application_date__year=filters["cohort"])
        if filters["lead"]:
            keys = led_by(keys, filters["lead"])
        if filters["mine"]:
            keys = assigned_to(keys, user)
        if filters["report"] == OVERDUE:
            keys = keys.filter(has_overdue_report=True)
    return keys.order_by(*_order(sort), "acronym", "pk")


def projects_for(pks, today, weighing=None):
    """The projects `pks` in that order, each annotated with what a row shows: its latest statuses and values by
    item, the risk score, whether a report is overdue and the headline values (one query; `weighing` as in
    `filtered`)."""
    projects = with_headlines(
        health.with_risk(health.with_values(with_overdue_report(annotated_projects(), today)), weighing=weighing),
        today,
    )
    by_pk = {project.pk: project for project in projects.filter(pk__in=pks)} if pks else {}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def with_headlines(projects, today):
    """`projects` (Projects, or the overview's keys, whose pk is the project's) with `outputs` and `reach`
    (results.queries, as of `today`) and `spend_against_plan` (the last report's actual costs in per cent of the
    planned, None without a submitted report): subqueries in the page's one query."""
    return projects.annotate(**outputs_and_reach(today), spend_against_plan=spend_against_plan())


def _order(sort):
    default = ["-has_overdue_report", *health.most_red_first()]
    if sort == RISK:
        return [F("risk_score").desc(), *default]
    if sort:
        field = sort.lstrip("-")
        value = F(field).desc(nulls_last=True) if sort.startswith("-") else F(field).asc(nulls_last=True)
        return [value, *default]
    return default


@dataclass
class Row:
    project: Project
    cells: list  # health.overview.Cell, one per column
    next_report: dict | None
    html: str = ""  # the table row, made once in `_row_html`


def page(request_get, page_number, today=None, user=None):
    """The filter form and the page of rows (a Paginator page whose object_list are `Row`s)."""
    today = today or timezone.localdate()
    form = OverviewFilterForm(request_get or None, today=today)
    # The order and the count read the keys alone; the page's 25 rows are then read with their values (issue 24).
    # Both weigh the risk with the same programmes' weights, read once.
    weighing = health.programmes_weighing_otherwise()
    paginator = Paginator(filtered(form, today, user, weighing).values_list("pk", flat=True), PAGE_SIZE)
    current = paginator.get_page(page_number)
    current.object_list = rows(projects_for(list(current.object_list), today, weighing), today)
    return form, current


class _Words:
    """The page's words, translated once per page rather than once per row."""

    def __init__(self):
        self.dates = {}

        self.no_statuses = gettext("No statuses yet")
        self.no_deadline = gettext("No upcoming deadline")
        self.not_submitted = gettext("not submitted yet")
        self.in_review = gettext("In review:")
        self.overdue = gettext("Overdue")
        self.outputs = gettext("outputs")
        self.reach = gettext("people reached")
        self.spend = gettext("Spend: %(share)s of plan")
        self.spend_no_report = gettext("Spend: no report yet")
        # Choice labels looked up once: get_FOO_display() per row cost more than the page's queries.
        self.regions = {value: str(label) for value, label in Region.choices}
        self.report_types = {value: str(label) for value, label in ReportType.choices}
        self.report_states = {value: str(label) for value, label in ReportStatus.choices}

    def overdue_days(self, days):
        return ngettext("by %(days)s day", "by %(days)s days", days) % {"days": days}

    def date(self, day):
        if day not in self.dates:
            self.dates[day] = short_date(day)
        return self.dates[day]


def rows(projects, today):
    words = _Words()
    cells = health.cells(projects, today)
    reports = _next_reports(projects, today)
    result = []
    for project in projects:
        row = Row(project, cells[project.pk], reports.get(project.pk))
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
        reverse("reports:card", args=[project.pk]),
        project.acronym,
        project.programme.name,
        place,
    )
    as_of = words.date(project.statuses_on) if project.statuses_on else words.no_statuses
    return format_html(
        '<tr>{}<td>{}</td><td class="text-end">{}</td>{}<td>{}{}</td></tr>',
        heading,
        as_of,
        project.risk_score,
        _cells_html(row, words),
        _next_report_html(row.next_report, words),
        _spend_html(project, words),
    )


# The item whose cell also shows the outputs and their reach (docs/health.md "The overview's values").
OUTPUTS_ITEM = "dissemination"


def _cells_html(row, words):
    """The item cells, each made by format_html in health.overview; item 11's also shows the outputs and the
    people reached ("3 · 140"), which no stored value gives. The overview fits a laptop's width: no column of its
    own (tests/e2e/test_table_width.py)."""
    parts = []
    for cell in row.cells:
        if cell.column.key == OUTPUTS_ITEM:
            headline = format_html(
                '<br><small class="text-body-secondary" data-headline="outputs">'
                '{}<span class="visually-hidden"> {}</span> · {}<span class="visually-hidden"> {}</span></small></td>',
                count(row.project.outputs_count),
                words.outputs,
                count(row.project.outputs_reach),
                words.reach,
            )
            parts.append(mark_safe(cell.html.removesuffix("</td>")) + headline)  # both made by format_html
        else:
            parts.append(cell.html)
    return mark_safe("".join(parts))  # each part made by format_html


def _spend_html(project, words):
    """The spend against plan of the last report, under the next report; "no report yet" is no data, not 0 %."""
    if project.spend_against_plan is None:
        text = words.spend_no_report
    else:
        text = words.spend % {"share": f"{health.format_value(project.spend_against_plan)} %"}
    return format_html('<br><small class="text-body-secondary" data-headline="spend">{}</small>', text)


def _next_report_html(next_report, words):
    """The longest overdue deadline ("overdue N d") or else the next one with the state of its report, and a
    report still in review for an earlier or later one."""
    if next_report is None:
        return words.no_deadline
    report, in_review = next_report["report"], next_report["in_review"]
    if next_report["days_overdue"]:
        text = format_html(
            "{} {}<br>{}, {}",
            status_badge("overdue", words.overdue),
            words.overdue_days(next_report["days_overdue"]),
            next_report["label"],
            words.date(next_report["due_date"]),
        )
    else:
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
    url = reverse("reports:report", args=[report.pk])
    return format_html('<a href="{}">{}</a>', url, words.report_states[report.status])


def _next_reports(projects, today):
    """{project pk: {"label", "due_date", "days_overdue", "report", "in_review"}}: each project's longest overdue
    deadline, or else its next one (extensions applied) with the submitted report for it, if any; and the first
    other submitted report not yet accepted. A draft is not the funder's to see. Four queries for the page."""
    states = deadline_states(projects, today)
    shown = {pk: state.shown for pk, state in states.items() if state.shown}
    submitted = {}
    reports = (
        Report.objects.filter(project__in=list(shown), version_count__gt=0)
        .exclude(status=ReportStatus.DRAFT)
        .only("pk", "project_id", "programme_deadline_id", "report_type", "status", "due_date")
        .order_by("due_date", "pk")
    )
    for report in reports:
        submitted.setdefault(report.project_id, []).append(report)
    result = {}
    for project_pk, row in shown.items():
        mine = submitted.get(project_pk, [])
        report = next((each for each in mine if each.programme_deadline_id == row["deadline"].pk), None)
        in_review = next((each for each in mine if each is not report and each.status != ReportStatus.ACCEPTED), None)
        result[project_pk] = {
            "label": row["label"],
            "report_type": row["deadline"].report_type,
            "due_date": row["due_date"],
            "days_overdue": row["days_overdue"],
            "report": report,
            "in_review": in_review,
        }
    return result
