"""Periodic jobs that beat runs. Like views, they call services; services never import them."""

from celery import shared_task

from networkhub.celery_tasks import RetryingTask

from . import health


@shared_task(base=RetryingTask)
def take_health_snapshots():
    """This week's network-health snapshot of every open project (idempotent: once per project and week)."""
    return health.take_snapshots()
