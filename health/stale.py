"""The stale mark of a project's stored day (health.live): set on a committed change to the project's inputs,
cleared when the day is stored again. The mark is a lease: a day marked longer than `STALE_LEASE` ago has lost
its refresh task, and the sweep job stores it."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from projects.models import Project, ProjectStatus

from .daily import store_day
from .models import HealthDay

# A day marked stale this long ago has lost its refresh task; the sweep stores it.
STALE_LEASE = timedelta(minutes=5)


def mark_stale(project_pk, now=None):
    """Mark the project's day stale; True if it was not stale before (the caller then sends the refresh).
    A project without a day yet gets one, so its first statuses come now rather than at the next daily run."""
    now = now or timezone.now()
    HealthDay.objects.bulk_create([HealthDay(project_id=project_pk)], ignore_conflicts=True)
    return bool(HealthDay.objects.filter(project_id=project_pk, stale_since__isnull=True).update(stale_since=now))


def refresh(project_pk, day=None):
    """Store the stale day of an open project as of `day` (default: today); False if there was nothing to do."""
    day = day or timezone.localdate()
    with transaction.atomic():
        health_day = HealthDay.objects.select_for_update().filter(project_id=project_pk).first()
        if health_day is None or health_day.stale_since is None:
            return False  # another refresh, or the daily job, stored it since the change
        project = Project.objects.filter(pk=project_pk).first()
        if project is None or project.status == ProjectStatus.CLOSED:
            HealthDay.objects.filter(project_id=project_pk).update(stale_since=None)  # the final state stands
            return False
        store_day(project, day)
    return True


def refresh_lapsed(now=None):
    """Refresh every day whose mark is older than the lease; returns how many were stored."""
    now = now or timezone.now()
    lapsed = HealthDay.objects.filter(stale_since__lt=now - STALE_LEASE).values_list("project_id", flat=True)
    return sum(refresh(project_pk) for project_pk in list(lapsed))
