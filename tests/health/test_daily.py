"""The daily statuses for OPH's programme overview: each open project's panel stored once a day, claimed
with a conditional update; earlier days that are not a week's Monday are dropped once today's are stored."""

from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings

from config.celery import app
from health import jobs
from health.daily import take_daily_statuses
from health.models import HealthDay, HealthSnapshot
from health.panel import ITEMS
from health.snapshots import take_snapshots
from projects.models import ProjectStatus
from tests.health.helpers import TODAY, at, founding_members

pytestmark = pytest.mark.django_db

TUESDAY, WEDNESDAY = TODAY + timedelta(days=1), TODAY + timedelta(days=2)


def _days(project):
    return sorted(set(HealthSnapshot.objects.filter(project=project).values_list("taken_on", flat=True)))


def test_the_job_stores_todays_statuses_once_a_day(world):
    founding_members(world, 2)
    assert jobs.take_daily_health_batches(TODAY.isoformat()) == 2
    assert HealthSnapshot.objects.filter(project=world.project, taken_on=TODAY).count() == len(ITEMS)
    assert HealthDay.objects.get(project=world.project).taken_on == TODAY
    rows = list(HealthSnapshot.objects.values_list("pk", "status"))
    assert jobs.take_daily_health_batches(TODAY.isoformat()) == 0  # the same day again: nothing to claim
    assert list(HealthSnapshot.objects.values_list("pk", "status")) == rows


def test_a_day_claimed_by_another_run_is_not_written_twice(world):
    HealthDay.objects.create(project=world.project, taken_on=TODAY)  # another worker claimed it a moment ago
    assert take_daily_statuses(TODAY) == 1  # only the other project
    assert not HealthSnapshot.objects.filter(project=world.project).exists()


def test_earlier_days_go_weekly_snapshots_stay(world):
    take_snapshots(TODAY - timedelta(weeks=1))  # last Monday's weekly snapshot
    take_daily_statuses(TODAY)  # a Monday: today's rows are this week's snapshot too
    with time_machine.travel(at(TUESDAY, 12), tick=False):
        take_daily_statuses(TUESDAY)
    assert _days(world.project) == [TODAY - timedelta(weeks=1), TODAY, TUESDAY]
    with time_machine.travel(at(WEDNESDAY, 12), tick=False):
        take_daily_statuses(WEDNESDAY)
    assert _days(world.project) == [TODAY - timedelta(weeks=1), TODAY, WEDNESDAY]  # Tuesday has served its day
    assert date.weekday(TODAY) == 0


def test_closed_projects_get_no_daily_statuses(world):
    world.other_project.status = ProjectStatus.CLOSED
    world.other_project.save()
    assert take_daily_statuses(TODAY) == 1
    assert not HealthSnapshot.objects.filter(project=world.other_project).exists()


def test_beat_runs_the_daily_job_and_a_worker_knows_it():
    entry = settings.CELERY_BEAT_SCHEDULE["take-daily-health-statuses"]
    assert entry["task"] == "health.jobs.take_daily_health_statuses"
    assert entry["schedule"] <= 24 * 3600
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
