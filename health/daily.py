"""Today's network-health statuses of every open project, which the funder's programme overview reads.

The weekly snapshots (health.snapshots) draw the trends; OPH's overview needs statuses no older than a day.
The daily job stores the panel as of today as `HealthSnapshot` rows dated today, and the day's red and
amber counts on the project's `HealthDay`, by which the overview sorts and filters.

It works in batches (docs/health.md, "Daily statuses"). A worker claims a batch of projects' days by moving their
`HealthDay` forward with one conditional update inside the transaction that computes and writes the batch: a
second run the same day, or a concurrent worker, finds nothing of it to claim and writes nothing, and a worker that
dies half way rolls its claim back for the next. A batch's panels load their data a kind at a time for all its
projects (`health.panel.panels_for`, `health.batch`), and the rows are written with one bulk insert. Rows of
earlier days that are not a week's Monday are removed once today's are stored, so the table keeps the weekly
history and the latest day only (a Monday's rows are that week's snapshot).

Between two runs a change to a project's inputs stores its day again (health.live, `store_day`), so the
landing page and the overview never show a status older than the last change.
"""

import json

from django.db import connection, transaction
from django.utils import timezone

from projects.models import Project, ProjectStatus

from .models import HealthDay, HealthSnapshot
from .panel import Network, Status, panels_in_languages
from .stored import record

# Projects a worker claims and computes at a time: their data is loaded a kind at a time (health.batch), one
# transaction per batch.
BATCH_SIZE = 200


def open_days():
    """Give every open project without a `HealthDay` one to claim (its day starts unclaimed). Only the missing rows
    are inserted: an insert that met a row another worker has claimed would wait for that worker's batch. The beat
    task opens the days before it sends the workers, so that they seldom have any to insert."""
    missing = Project.objects.exclude(status=ProjectStatus.CLOSED).filter(health_day__isnull=True)
    pks = list(missing.values_list("pk", flat=True))
    if pks:
        HealthDay.objects.bulk_create([HealthDay(project_id=pk) for pk in pks], ignore_conflicts=True)


def take_daily_statuses(day=None, *, batch_size=None, on_claim=None):
    """Store every open project's panel as of `day` (default: today), a batch at a time; returns the number of
    projects this worker stored. Several workers may run it at once: each claims batches the others do not
    hold (`claim_batch`) until none is left. `on_claim(pks)` hears each batch claimed (the tests' witness)."""
    day = day or timezone.localdate()
    open_days()
    stored, after = 0, 0
    while True:
        with transaction.atomic():
            claimed = claim_batch(day, batch_size or BATCH_SIZE, after)
            if not claimed and after:
                # A worker that died handed its batch back behind this one's position: look once more from the start.
                after = 0
                continue
            if not claimed:
                return stored
            if on_claim is not None:
                on_claim(claimed)
            projects = list(Project.objects.select_related("programme").filter(pk__in=claimed).order_by("pk"))
            store_days(projects, day)
        stored += len(claimed)
        after = claimed[-1]


def claim_batch(day, size, after=0):
    """Claim up to `size` open projects' unclaimed days for `day` with one conditional update; their pks.

    Only projects after the pk `after` are looked at: a worker goes on from its last batch rather than reading past
    every day claimed before it again, which made a run's time grow with the square of the projects.

    Runs in the caller's transaction, which computes and writes the batch: the claim and the rows commit
    together, and a worker that dies half way rolls its claim back, so the batch is claimed again by the next.
    On PostgreSQL the rows are picked `FOR UPDATE SKIP LOCKED`: concurrent workers take disjoint batches without
    waiting for each other. SQLite (`make run`) has no row locks; the one statement is atomic there.
    """
    days, projects = HealthDay._meta.db_table, Project._meta.db_table
    skip_locked = " FOR UPDATE OF d SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    sql = (
        f"UPDATE {days} SET taken_on = %s WHERE (taken_on IS NULL OR taken_on < %s) AND project_id IN ("
        f"SELECT d.project_id FROM {days} d INNER JOIN {projects} p ON p.id = d.project_id "
        f"WHERE (d.taken_on IS NULL OR d.taken_on < %s) AND p.status <> %s AND d.project_id > %s "
        f"ORDER BY d.project_id LIMIT %s{skip_locked}) RETURNING project_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [day, day, day, ProjectStatus.CLOSED, after, size])
        return sorted(row[0] for row in cursor.fetchall())


def store_day(project, day):
    """Write `project`'s panel as of `day` as that day's rows and counts, replacing any rows of the day, and
    clear the day's stale mark. The caller holds the project's day (a claim or a row lock) in a transaction."""
    store_days([project], day)


def store_days(projects, day):
    """`store_day` for many projects in a constant number of queries (their panels: `health.panel.panels_for`).

    The panel is also stored as the project home shows it, in every language (health.stored): its data is loaded
    once, the items' Python runs once per language."""
    networks = [Network(project, day) for project in projects]
    by_language = panels_in_languages(networks)
    panels = {pk: next(iter(languages.values())) for pk, languages in by_language.items()}  # the statuses agree
    records = {network.project.pk: record(network, by_language[network.project.pk]) for network in networks}
    pks = list(panels)
    HealthSnapshot.objects.filter(project__in=pks, taken_on=day).delete()
    HealthSnapshot.objects.bulk_create(
        [
            HealthSnapshot(
                project_id=pk,
                taken_on=day,
                key=item.key,
                status=item.status,
                value=item.value,
                action=item.action,
            )
            for pk, items in panels.items()
            for item in items
        ]
    )
    counts = []
    for pk, items in panels.items():
        statuses = [item.status for item in items]
        by_item = {item.key: str(item.status) for item in items}
        values = {item.key: None if item.value is None else float(item.value) for item in items}
        counts.append(
            [
                pk,
                *(statuses.count(status) for status in COUNTED),
                json.dumps(by_item),
                json.dumps(values),
                json.dumps(records[pk]),
            ]
        )
    if counts:
        _store_counts(day, counts)
    _drop_earlier_days(pks, day)


# The statuses counted on `HealthDay`, in the order of `_store_counts`' columns.
COUNTED = (Status.RED, Status.AMBER, Status.NO_DATA, Status.NOT_IN_USE)


def _store_counts(day, counts):
    """Date the days of [project pk, red, amber, no data, not in use, statuses JSON, values JSON, panel JSON] and
    store their counts, statuses and values by item and panel (health.stored), clearing their stale marks: one
    UPDATE joined to the rows' VALUES (Django's `bulk_update` builds a CASE per field and row)."""
    table = HealthDay._meta.db_table
    json_value = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    rows = ", ".join([f"(%s, %s, %s, %s, %s, {json_value}, {json_value}, {json_value})"] * len(counts))
    sql = (
        f"WITH counted (project_id, red, amber, no_data, not_in_use, statuses, item_values, panel) AS (VALUES {rows}) "
        f"UPDATE {table} SET taken_on = %s, stale_since = NULL, red_count = counted.red, "
        f"amber_count = counted.amber, no_data_count = counted.no_data, not_in_use_count = counted.not_in_use, "
        f"statuses = counted.statuses, item_values = counted.item_values, panel = counted.panel "
        f"FROM counted WHERE {table}.project_id = counted.project_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in counts for value in row] + [day])


def _drop_earlier_days(project_pks, day):
    """Earlier daily rows that are not a week's snapshot (not dated a Monday) have served their day."""
    earlier = HealthSnapshot.objects.filter(project__in=project_pks, taken_on__lt=day)
    earlier.exclude(taken_on__week_day=MONDAY).delete()


MONDAY = 2  # Django's `week_day` lookup: 1 is Sunday, 2 Monday (the day `health.snapshots.week_of` dates a week by)
