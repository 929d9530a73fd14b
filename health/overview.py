"""The network-health columns of OPH's programme overview (the page is `home.overview`): the registered items as
columns, the projects annotated with their latest stored statuses, the status filter and sort, and each row's
cells with their trend.

The statuses are the latest stored `HealthSnapshot` rows (the daily job keeps them a day old at most),
never a panel computed per project: the page's queryset is annotated with the date of each project's
latest daily statuses and that day's red and amber counts, joined from `HealthDay` (counting each
project's snapshot rows in subqueries cost 30 ms a page at 1,000 projects), sorted by the most red and
filtered in the database. The cells of a page's rows then take one query: their snapshots of the trend window.
"""

import html
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connections
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networkhub.dates import short_date
from networkhub.status import badge as status_badge
from projects.models import Programme

from .models import HealthSnapshot
from .panel import _SEVERITY, ITEMS, Status
from .snapshots import TREND_WEEKS


@dataclass
class Column:
    number: int
    key: str
    title: str


def columns():
    """The panel's registered items in characteristic order: (number, key, title)."""
    entries = sorted(ITEMS.values(), key=lambda entry: (entry.number, entry.key))
    return [
        Column(entry.number, entry.key, entry.title or _("Item %(number)s") % {"number": entry.number})
        for entry in entries
    ]


def titles():
    """{key: title} of the registered items."""
    return {column.key: column.title for column in columns()}


class StatusFilter:
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NO_DATA = "no_data"
    NOT_IN_USE = "not_in_use"
    NONE = "none"
    CHOICES = [
        ("", _("All")),
        (RED, _("At least one red item")),
        (AMBER, _("At least one amber item")),
        (NO_DATA, _("At least one item without data")),
        (NOT_IN_USE, _("At least one item not in use")),
        (GREEN, _("No red, amber or grey item")),
        (NONE, _("No statuses yet")),
    ]


def with_statuses(projects):
    """`projects` with `statuses_on` (the date of each one's latest daily statuses, or None) and that day's red
    and amber counts, joined from `HealthDay` (health.daily): sorting a thousand projects needs no count per project."""
    return projects.annotate(
        statuses_on=F("health_day__taken_on"),
        red_count=Coalesce("health_day__red_count", Value(0)),
        amber_count=Coalesce("health_day__amber_count", Value(0)),
        no_data_count=Coalesce("health_day__no_data_count", Value(0)),
        not_in_use_count=Coalesce("health_day__not_in_use_count", Value(0)),
    )


# Where a queryset finds a project's latest stored day: a Project queryset through its `health_day` (the default),
# or a model that copies the day's columns under their own names (the overview's keys, `day=""`).
DAY = "health_day__"


def filter_by_status(projects, status, day=DAY):
    """`projects` (annotated by `with_statuses`, or with `statuses_on` and the counts as columns) cut by a
    `StatusFilter` value; "" keeps them all."""
    if status == StatusFilter.RED:
        return projects.filter(**{f"{day}red_count__gt": 0})
    if status == StatusFilter.AMBER:
        return projects.filter(**{f"{day}amber_count__gt": 0})
    if status == StatusFilter.NO_DATA:
        return projects.filter(**{f"{day}no_data_count__gt": 0})
    if status == StatusFilter.NOT_IN_USE:
        return projects.filter(**{f"{day}not_in_use_count__gt": 0})
    if status == StatusFilter.GREEN:  # grey is not healthy; "not in use" is neither healthy nor a fault
        return projects.filter(**{f"{day}taken_on__isnull": False}, red_count=0, amber_count=0, no_data_count=0)
    if status == StatusFilter.NONE:
        return projects.filter(statuses_on__isnull=True)
    return projects


def most_red_first():
    """The order of projects annotated by `with_statuses`: the most red, then the most amber, those without
    statuses last. The page adds its own tie-breakers."""
    unknown_last = Case(When(statuses_on__isnull=True, then=Value(1)), default=Value(0))
    return ["-red_count", "-amber_count", unknown_last]


def format_value(value):
    """An item's stored value in the active language's number format: whole numbers without decimals, others with
    one; "" for none."""
    if value is None:
        return ""
    value = round(value, 1)
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 1)


TREND_SYMBOLS = {"better": "↑", "worse": "↓", "same": "→"}
# The overview's cells are compact so that twelve items fit a laptop's width (issue 22, "A layout that fits"): the
# status's colour with a symbol whose shape reads without colour; the word is in the legend above the table, in
# the cell's tooltip and, for screen readers, in the cell itself.
STATUS_SYMBOLS = {
    Status.GREEN: "✓",
    Status.AMBER: "!",
    Status.RED: "✕",
    Status.NO_DATA: "?",
    Status.NOT_IN_USE: "–",
    Status.HISTORY: "◷",
}


@dataclass
class Cell:
    column: Column
    status: str
    label: str
    trend: str  # "better", "worse", "same" or "" (nothing to compare with)
    since: object  # the date compared with
    trend_text: str  # the trend in words, for screen readers and the tooltip: the arrow alone is not enough
    html: str  # the table cell, made once here: a template loop over 300 cells cost more than the queries
    value: float | None = None  # the item's stored headline value of the latest day (health.items), if any


class _Words:
    """The cells' words, translated once per page rather than once per cell."""

    def __init__(self):
        self.labels = {status: str(status.label) for status in Status}
        self.trends = {
            "better": gettext("better than on %(date)s"),
            "worse": gettext("worse than on %(date)s"),
            "same": gettext("as on %(date)s"),
        }
        self.dates = {}
        self.cells = {}
        self.numbers = {}

    def cell_html(self, key, status, label, trend, text, value=""):
        """A cell's HTML: its parts around the value depend only on the item, status and trend, so most cells of a
        page share them; the value, which differs from project to project, is escaped into the middle."""
        parts = (key, status, label, trend, text)
        if parts not in self.cells:
            self.cells[parts] = _cell_parts(*parts)
        before, after = self.cells[parts]
        return mark_safe(before + _value_html(value) + after)  # each part made by format_html or escaped

    def number(self, value):
        """A stored value as the page shows it: whole numbers without decimals, others with one."""
        if value not in self.numbers:
            self.numbers[value] = format_value(value)
        return self.numbers[value]

    def date(self, day):
        if day not in self.dates:
            self.dates[day] = short_date(day)
        return self.dates[day]

    def trend(self, trend, since):
        return self.trends[trend] % {"date": self.date(since)} if trend else ""


def cells(projects, today):
    """{project pk: [Cell] in the columns' order} for `projects` (annotated by `with_statuses`), one query."""
    cols, words = columns(), _Words()
    history, values = _history(projects, today)
    return {
        project.pk: [
            _cell(column, history.get(project.pk, {}), project.statuses_on, words, values.get(project.pk, {}))
            for column in cols
        ]
        for project in projects
    }


def _history(projects, today):
    """{project pk: {key: [(date, status), ...] oldest first}} and {project pk: {key: the latest day's value}}: each
    project's latest day and the oldest weekly snapshot of the trend window, one query. Only the two ends are read:
    the trend compares them."""
    start = today - timedelta(weeks=TREND_WEEKS) + timedelta(days=1)
    oldest = start + timedelta(days=(7 - start.weekday()) % 7)  # the first Monday inside the window
    days = {project.statuses_on for project in projects if project.statuses_on} | {oldest}
    snapshots = HealthSnapshot.objects.filter(project__in=[project.pk for project in projects], taken_on__in=days)
    latest = {project.pk: project.statuses_on for project in projects}
    history, values = {}, {}
    for project_pk, key, taken_on, status, value in snapshots.order_by("taken_on").values_list(
        "project_id", "key", "taken_on", "status", "value"
    ):
        history.setdefault(project_pk, {}).setdefault(key, []).append((taken_on, status))
        if taken_on == latest.get(project_pk):
            values.setdefault(project_pk, {})[key] = value
    return history, values


def _cell(column, history, statuses_on, words, values):
    points = history.get(column.key, [])
    latest = next((status for taken_on, status in points if taken_on == statuses_on), None) or Status.NO_DATA
    earlier = [(taken_on, status) for taken_on, status in points if taken_on < statuses_on] if statuses_on else []
    trend, since = "", None
    if earlier and {earlier[0][1], latest} <= {Status.GREEN, Status.AMBER, Status.RED}:
        since, before = earlier[0]
        change = _SEVERITY[Status(latest)] - _SEVERITY[Status(before)]
        trend = "worse" if change > 0 else "better" if change < 0 else "same"
    label, text = words.labels[Status(latest)], words.trend(trend, since)
    value = values.get(column.key) if statuses_on else None
    html = words.cell_html(column.key, latest, label, trend, text, words.number(value))
    return Cell(column, latest, label, trend, since, text, html, value)


def _cell_parts(key, status, label, trend, text):
    """The cell's HTML before and after its value: the status's symbol and word, then the trend's arrow and words."""
    symbol = format_html(
        '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>',
        STATUS_SYMBOLS.get(status, "•"),
        label,
    )
    tooltip, after = label, ""
    if trend:
        after = format_html(
            ' <span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>', TREND_SYMBOLS[trend], text
        )
        tooltip = f"{label}, {text}"
    before = format_html(
        '<td class="text-center text-nowrap" data-item="{}" title="{}">{}', key, tooltip, status_badge(status, symbol)
    )
    return before, after + "</td>"


def _value_html(value):
    return f'<br><small class="text-body-secondary">{html.escape(value)}</small>' if value else ""


def legend():
    """[(symbol badge, the status's word)] for the statuses the overview's cells show, in the panel's order."""
    return [
        (status_badge(status, format_html('<span aria-hidden="true">{}</span>', symbol)), status.label)
        for status, symbol in STATUS_SYMBOLS.items()
    ]


# ---------------------------------------------------------------------------------------------------------------
# Values, the per-item filter and the risk score (issue 22, docs/health.md "The overview's risk score").

# Points of a status in the risk score, before the item's weight: red counts most, grey (not enough data) a little.
RISK_POINTS = {Status.RED: 4, Status.AMBER: 2, Status.NO_DATA: 1}


def _stored_status(key, day=DAY):
    """Item `key`'s status in the project's latest daily statuses (`HealthDay.statuses`), None if not stored."""
    return KeyTextTransform(key, f"{day}statuses")


def value_field(key):
    return f"value_{key}"


def status_field(key):
    return f"status_{key}"


def with_values(projects, day=DAY):
    """`projects` (annotated by `with_statuses`) with each item's stored value (`value_<key>`) and status
    (`status_<key>`) of the latest daily statuses, read from the project's joined `HealthDay` row (its statuses
    and values by item), so sorting and filtering by an item reads no other row per project. An item not stored
    has None."""
    annotations = {}
    for column in columns():
        value = KeyTextTransform(column.key, f"{day}item_values")
        annotations[value_field(column.key)] = Cast(value, FloatField())
        annotations[status_field(column.key)] = _stored_status(column.key, day)
    return projects.annotate(**annotations)


def filter_by_item(projects, key, status, day=DAY):
    """`projects` whose latest daily status of item `key` is `status` (a `Status` value). Where the database compares
    JSON by containment (PostgreSQL), `statuses @> {key: status}`, which the overview's keys serve from a GIN index;
    elsewhere (SQLite) a JSON key lookup (a text transform compared with a string fails on SQLite)."""
    if not key or not status:
        return projects
    stored = f"{day}statuses__{key}"
    if status == Status.NO_DATA:  # an item never stored, or a project without a stored day, has no data either
        missing = Q(**{f"{day}statuses__isnull": True}) | Q(**{f"{stored}__isnull": True})
        return projects.filter(missing | Q(**{stored: status}))
    if connections[projects.db].features.supports_json_field_contains:
        return projects.filter(**{f"{day}statuses__contains": {key: str(status)}})
    return projects.filter(**{stored: status})


def risk_weights(programme_code=None, programme_settings=None):
    """{item key: weight} for a programme: settings.HEALTH_RISK_WEIGHTS, with the programme's overrides from
    settings.HEALTH_RISK_WEIGHTS_BY_PROGRAMME (by programme code), then its `health_settings["risk_weights"]`
    (set in the admin). An item not listed weighs 1. In Python, for what the database computes in `with_risk`."""
    weights = dict.fromkeys(ITEMS, 1)
    weights.update(settings.HEALTH_RISK_WEIGHTS)
    if programme_code:
        weights.update(settings.HEALTH_RISK_WEIGHTS_BY_PROGRAMME.get(programme_code, {}))
    weights.update((programme_settings or {}).get("risk_weights", {}))
    return {key: weight for key, weight in weights.items() if key in ITEMS}


class _WeightedPoints(Func):
    """An item's points × weight from its stored status: `CASE status WHEN 'red' THEN 12 … ELSE 0 END` with the
    products as constants, a simple CASE, so the status is read once per item and nothing else per project."""

    arity = 1
    output_field = IntegerField()

    def __init__(self, status, weight):
        super().__init__(status)
        self.weight = weight

    def as_sql(self, compiler, connection, **extra_context):
        status_sql, params = compiler.compile(self.source_expressions[0])
        sql = [f"CASE {status_sql}"]
        params = list(params)
        for value, points in RISK_POINTS.items():
            sql.append("WHEN %s THEN %s")
            params += [str(value), points * self.weight]
        sql.append("ELSE 0 END")
        return " ".join(sql), params


def _items_risk(weights, day):
    """The project's points over its latest stored day: Σ points(status) × weight(item), from the statuses by item
    on its `HealthDay`; an item weighing 0 is left out."""
    total = Value(0)
    for key, weight in weights.items():
        if weight:
            total = total + _WeightedPoints(_stored_status(key, day), weight)
    return ExpressionWrapper(total, output_field=IntegerField())


def programmes_weighing_otherwise():
    """[(programme pk, its weights)] of the programmes whose weights differ from the default: named in
    settings.HEALTH_RISK_WEIGHTS_BY_PROGRAMME or with `risk_weights` in their health settings. One query; the
    programmes are few, whatever the number of projects. A page that annotates the risk twice (its order, then its
    rows) reads them once and passes them to both `with_risk`s."""
    programmes = Programme.objects.filter(
        Q(code__in=list(settings.HEALTH_RISK_WEIGHTS_BY_PROGRAMME)) | Q(health_settings__has_key="risk_weights")
    ).values_list("pk", "code", "health_settings")
    return [(pk, risk_weights(code, health_settings)) for pk, code, health_settings in programmes.order_by("pk")]


def with_risk(projects, overdue_field="has_overdue_report", day=DAY, weighing=None):
    """`projects` (annotated with the boolean `overdue_field`) with `risk_score`: the sum, over the items of the
    latest daily statuses, of the status's points (red 4, amber 2, no data 1) times the item's weight in the
    project's programme (`risk_weights`, read when the page is), plus settings.HEALTH_RISK_OVERDUE_WEIGHT for an
    overdue report. One expression in the page's query, whatever the number of projects, with the weights as
    constants: a programme that weighs its items otherwise (in settings or in its health settings) adds one branch
    on the project's `programme_id`, so sorting 10,000 projects reads no programme row per project. `weighing`:
    `programmes_weighing_otherwise()` read already; None reads it (one query)."""
    if weighing is None:
        weighing = programmes_weighing_otherwise()
    items = Case(
        *[When(programme_id=pk, then=_items_risk(weights, day)) for pk, weights in weighing],
        default=_items_risk(risk_weights(), day),
        output_field=IntegerField(),
    )
    overdue = Case(
        When(**{overdue_field: True}, then=Value(settings.HEALTH_RISK_OVERDUE_WEIGHT)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return projects.annotate(risk_score=ExpressionWrapper(items + overdue, output_field=IntegerField()))


# ---------------------------------------------------------------------------------------------------------------
# The programme aggregates' distribution (issue 22 part 6, docs/health.md "Programme aggregates").

DISTRIBUTION_STATUSES = (Status.GREEN, Status.AMBER, Status.RED, Status.NO_DATA, Status.NOT_IN_USE)


def status_distribution(projects):
    """{"with_statuses": n, "items": {key: {status: n}}} over `projects` (a queryset of projects): how many have
    stored daily statuses, and for each item how many of those are green, amber, red, not in use or without data in
    their latest daily statuses. An item a project's day did not store counts as without data; an item stored as
    history (a past fact) counts in none of them. The projects with no
    stored day are not in any item's counts: the caller shows them as "no statuses yet", never as green.
    Two queries whatever the number of projects."""
    pks = projects.values("pk")
    with_day = projects.model.objects.filter(pk__in=pks, health_day__taken_on__isnull=False).count()
    rows = (
        HealthSnapshot.objects.filter(project__in=pks, taken_on=F("project__health_day__taken_on"))
        .values("key", "status")
        .annotate(projects=Count("project", distinct=True))
        .order_by()
    )
    items = {column.key: dict.fromkeys(DISTRIBUTION_STATUSES, 0) for column in columns()}
    history = dict.fromkeys(items, 0)  # a past fact, scored nowhere (docs/health.md "Statuses")
    for row in rows:
        counts = items.get(row["key"])
        if counts is None:
            continue
        if row["status"] == Status.HISTORY:
            history[row["key"]] = row["projects"]
        elif row["status"] != Status.NO_DATA:
            counts[row["status"]] = row["projects"]
    for key, counts in items.items():
        counts[Status.NO_DATA] = with_day - sum(counts.values()) - history[key]
    return {"with_statuses": with_day, "items": items}
