"""Today's network-health statuses of every open project, which the funder's programme overview reads.

The weekly snapshots (health.snapshots) draw the trends; OPH's overview needs statuses no older than a day.
The daily job stores the panel as of today as `HealthSnapshot` rows dated today, and the day's red and
amber counts on the project's `HealthDay`, by which the overview sorts and filters. A project's day is
claimed by moving its `HealthDay` forward with a conditional update inside the transaction that writes
the rows: a second run the same day, or a concurrent one, finds nothing to claim and writes nothing,
and a run that dies half way leaves the day unclaimed for the next. Rows of earlier days that are not a
week's Monday are removed once today's are stored, so the table keeps the weekly history and the
latest day only (a Monday's rows are that week's snapshot).

Between two runs a change to a project's inputs stores its day again (health.live, `store_day`), so the
landing page and the overview never show a status older than the last change.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from projects.models import Project, ProjectStatus

from .models import HealthDay, HealthSnapshot
from .panel import Status, panel


def take_daily_statuses(day=None):
    """Store every open project's panel as of `day` (default: today); returns the number of projects stored."""
    day = day or timezone.localdate()
    open_projects = list(Project.objects.exclude(status=ProjectStatus.CLOSED).values_list("pk", flat=True))
    HealthDay.objects.bulk_create([HealthDay(project_id=pk) for pk in open_projects], ignore_conflicts=True)
    unclaimed = Q(health_day__taken_on__isnull=True) | Q(health_day__taken_on__lt=day)
    stored = 0
    for project in Project.objects.filter(unclaimed, pk__in=open_projects):
        with transaction.atomic():
            claim = HealthDay.objects.filter(Q(taken_on__isnull=True) | Q(taken_on__lt=day), project=project)
            if not claim.update(taken_on=day):
                continue  # another run claimed this project's day first
            store_day(project, day)
        stored += 1
    return stored


def store_day(project, day):
    """Write `project`'s panel as of `day` as that day's rows and counts, replacing any rows of the day, and
    clear the day's stale mark. The caller holds the project's day (a claim or a row lock) in a transaction."""
    items = panel(project, day)
    HealthSnapshot.objects.filter(project=project, taken_on=day).delete()
    HealthSnapshot.objects.bulk_create(
        [
            HealthSnapshot(
                project=project,
                taken_on=day,
                key=item.key,
                status=item.status,
                value=item.value,
                action=item.action,
            )
            for item in items
        ]
    )
    statuses = [item.status for item in items]
    HealthDay.objects.filter(project=project).update(
        taken_on=day,
        stale_since=None,
        red_count=statuses.count(Status.RED),
        amber_count=statuses.count(Status.AMBER),
        no_data_count=statuses.count(Status.NO_DATA),
        not_in_use_count=statuses.count(Status.NOT_IN_USE),
    )
    _drop_earlier_days(project, day)


def _drop_earlier_days(project, day):
    """Earlier daily rows that are not a week's snapshot (not dated a Monday) have served their day."""
    earlier = HealthSnapshot.objects.filter(project=project, taken_on__lt=day)
    earlier.exclude(taken_on__week_day=MONDAY).delete()


MONDAY = 2  # Django's `week_day` lookup: 1 is Sunday, 2 Monday (the day `health.snapshots.week_of` dates a week by)
