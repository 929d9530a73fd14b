"""The network-health panel on the project home: each item (computed in `health.panel`) with its
trend over the last weekly snapshots, and the weekly snapshots themselves."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from projects.models import Project, ProjectStatus

from .models import HealthSnapshot
from .panel import HealthItem, Status, panel, panels_for

BATCH_SIZE = 200  # projects whose weekly snapshots are computed together

TREND_WEEKS = 8


@dataclass
class PanelRow:
    item: HealthItem
    trend: list  # (date, value, status), oldest first, ending with today's
    show_action: bool


def week_of(day):
    """The Monday of `day`'s week: the date a weekly snapshot carries."""
    return day - timedelta(days=day.weekday())


def dashboard_panel(project, *, may_act, as_of=None, network=None, items=None):
    """The panel's rows; the next action only where there is something to fix and the user may do it.

    `network`, a `health.panel.Network`, is shared with what else the page shows of it (the map). `items`: the
    panel's items as stored (health.stored), when current; None computes them."""
    as_of = network.as_of if network is not None else as_of or timezone.localdate()
    snapshots = HealthSnapshot.objects.filter(
        project=project, taken_on__gt=as_of - timedelta(weeks=TREND_WEEKS), taken_on__lte=as_of
    ).order_by("taken_on")
    trends = {}
    for snapshot in snapshots:
        trends.setdefault(snapshot.key, []).append((snapshot.taken_on, snapshot.value, snapshot.status))
    rows = []
    for health_item in items if items is not None else panel(project, as_of, network=network):
        trend = [point for point in trends.get(health_item.key, []) if point[0] < as_of]
        trend.append((as_of, health_item.value, health_item.status))
        show_action = (
            bool(health_item.action_url)
            and health_item.status != Status.GREEN
            and (may_act or not health_item.action_for_coordinators)
        )
        rows.append(PanelRow(health_item, trend, show_action))
    return rows


def take_snapshots(day=None):
    """Snapshot the panel of every project not closed, dated the Monday of `day`'s week (default: this week).

    A project whose week is already taken is skipped, and the unique constraint drops what a
    concurrent run wrote first: running twice in the same week changes nothing. Returns the number of
    projects snapshotted.
    """
    monday = week_of(day or timezone.localdate())
    projects = Project.objects.exclude(status=ProjectStatus.CLOSED).exclude(health_snapshots__taken_on=monday)
    pks = list(projects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH_SIZE):  # a batch's panels load their data a kind at a time (health.batch)
        batch = Project.objects.select_related("programme").filter(pk__in=pks[start : start + BATCH_SIZE])
        panels = panels_for(list(batch.order_by("pk")), monday)
        with transaction.atomic():
            HealthSnapshot.objects.bulk_create(
                [
                    HealthSnapshot(
                        project_id=pk,
                        taken_on=monday,
                        key=health_item.key,
                        status=health_item.status,
                        value=health_item.value,
                        action=health_item.action,
                    )
                    for pk, items in panels.items()
                    for health_item in items
                ],
                ignore_conflicts=True,
            )
    return len(pks)


YEAR_WEEKS = 52

# The strip's fill per status (the badges' tones in static/css/networkhub.css); the text table says the same.
STRIP_COLOURS = {
    Status.GREEN: "#198754",
    Status.AMBER: "#e0a800",
    Status.RED: "#b02a37",
    Status.NO_DATA: "#adb5bd",
    Status.NOT_IN_USE: "#e9ecef",
    Status.HISTORY: "#e9ecef",
}


def year_of_statuses(project, today=None):
    """A project's stored statuses over the last 12 months, for the funder's project card: one query.

    Returns {"weeks": [Monday, ...] oldest first (52 weeks ending with this one), "months": [first of month, ...]
    (the last 12), "items": {key: {"weeks": [status or None], "months": [status or None]}}}. A week's status is
    its weekly snapshot, or the latest daily row within the week (this week's, before Monday's snapshot is taken);
    a month's is that of its last week with one."""
    today = today or timezone.localdate()
    this_week = week_of(today)
    weeks = [this_week - timedelta(weeks=n) for n in range(YEAR_WEEKS - 1, -1, -1)]
    months = []
    month = today.replace(day=1)
    for _n in range(12):
        months.insert(0, month)
        month = (month - timedelta(days=1)).replace(day=1)
    rows = HealthSnapshot.objects.filter(project=project, taken_on__gte=weeks[0], taken_on__lte=today).order_by(
        "taken_on"
    )
    by_week = {}
    for key, taken_on, status in rows.values_list("key", "taken_on", "status"):
        by_week.setdefault(key, {})[week_of(taken_on)] = status  # later rows of a week win
    items = {}
    for key, statuses in by_week.items():
        by_month = {}
        for monday in weeks:
            if monday in statuses:
                by_month[monday.replace(day=1)] = statuses[monday]
        items[key] = {
            "weeks": [statuses.get(monday) for monday in weeks],
            "months": [by_month.get(first) for first in months],
        }
    return {"weeks": weeks, "months": months, "items": items}
