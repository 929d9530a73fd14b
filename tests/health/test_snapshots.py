"""The weekly snapshots: a Celery periodic job that takes each open project's panel once a week."""

from datetime import timedelta

import pytest
from django.conf import settings

from config.celery import app
from health import jobs
from health.models import HealthSnapshot
from health.snapshots import take_snapshots, week_of
from projects.models import ProjectStatus
from tests.health.helpers import TODAY, at, founding_members
from tests.meetings.factories import HeldMeetingFactory

pytestmark = pytest.mark.django_db


def _rows():
    return sorted(HealthSnapshot.objects.values_list("project_id", "taken_on", "key", "status", "value"))


def test_the_job_runs_once_a_week_whatever_runs_twice(world):
    founding_members(world, 2)
    assert jobs.take_health_snapshots() == 2  # the world's two projects
    first = _rows()
    assert len(first) == 2 * 12  # the two projects' 12 items
    assert {taken_on for _project, taken_on, *_rest in first} == {TODAY}  # a Monday
    HeldMeetingFactory(project=world.project, start=at(TODAY - timedelta(days=2)))  # the data changes
    assert jobs.take_health_snapshots() == 0
    assert take_snapshots(TODAY + timedelta(days=4)) == 0  # later the same week
    assert _rows() == first
    assert take_snapshots(TODAY + timedelta(days=7)) == 2  # next week
    assert len(_rows()) == 4 * 12


def test_a_snapshot_is_the_panel_as_of_its_monday(world):
    HeldMeetingFactory(project=world.project, start=at(TODAY - timedelta(days=30)))
    take_snapshots(TODAY - timedelta(days=12))  # a Saturday: the week began on Monday the 19th
    snapshot = HealthSnapshot.objects.get(project=world.project, key="meetings")
    assert snapshot.taken_on == week_of(TODAY - timedelta(days=12)) == TODAY - timedelta(days=14)
    assert snapshot.value == 16


def test_closed_projects_are_not_snapshotted(world):
    world.other_project.status = ProjectStatus.CLOSED
    world.other_project.save()
    assert take_snapshots() == 1
    assert not HealthSnapshot.objects.filter(project=world.other_project).exists()


def test_beat_schedules_the_job_and_a_worker_knows_it():
    entry = settings.CELERY_BEAT_SCHEDULE["take-health-snapshots"]
    assert entry["task"] == "health.jobs.take_health_snapshots"
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
