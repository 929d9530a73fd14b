"""Periodic jobs that beat runs. Like views, they call services; services never import them."""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from networkhub.celery_tasks import RetryingTask

from . import daily, snapshots


@shared_task(base=RetryingTask)
def take_health_snapshots():
    """This week's network-health snapshot of every open project (idempotent: once per project and week)."""
    return snapshots.take_snapshots()


@shared_task(base=RetryingTask)
def take_daily_health_statuses():
    """Today's network-health statuses of every open project for the programme overview (once per project and day):
    HEALTH_DAILY_WORKERS tasks share the work, each claiming batches until none is left (health.daily). Returns
    how many it sent."""
    day = timezone.localdate()
    daily.open_days()
    for _worker in range(settings.HEALTH_DAILY_WORKERS):
        take_daily_health_batches.delay(day.isoformat())
    return settings.HEALTH_DAILY_WORKERS


@shared_task(base=RetryingTask)
def take_daily_health_batches(day):
    """One worker's share of the daily statuses of `day` (ISO date): batches no other worker holds."""
    return daily.take_daily_statuses(date.fromisoformat(day))
