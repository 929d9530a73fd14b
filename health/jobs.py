"""Periodic jobs that beat runs. Like views, they call services; services never import them."""

from celery import shared_task

from networkhub.celery_tasks import RetryingTask

from . import daily, snapshots


@shared_task(base=RetryingTask)
def take_health_snapshots():
    """This week's network-health snapshot of every open project (idempotent: once per project and week)."""
    return snapshots.take_snapshots()


@shared_task(base=RetryingTask)
def take_daily_health_statuses():
    """Today's network-health statuses of every open project for the programme overview (once per project and day)."""
    return daily.take_daily_statuses()
