"""Tasks that services send (health.live); they call the stale mark's functions, never a module that sends them."""

from celery import shared_task

from networkhub.celery_tasks import RetryingTask

from . import stale


@shared_task(base=RetryingTask)
def refresh_health_day(project_pk):
    """Store one project's day again after a change to its inputs (health.live); nothing if already stored."""
    return stale.refresh(project_pk)


@shared_task(base=RetryingTask)
def refresh_lapsed_health_days():
    """The lease of the stale mark: refresh the days whose refresh task was lost (health.stale)."""
    return stale.refresh_lapsed()
