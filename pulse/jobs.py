"""Periodic jobs that beat runs. Like views, they call services; services never import them."""

from celery import shared_task
from django.utils import timezone

from networkhub.celery_tasks import RetryingTask
from projects.models import Project, ProjectStatus

from . import services
from .models import PulseRound, quarter_of


@shared_task(base=RetryingTask)
def open_pulse_rounds():
    """Open this quarter's trust pulse round in every active project that runs the pulse (idempotent: a round
    that exists is left alone). Returns the number of rounds opened."""
    today = timezone.localdate()
    opened = PulseRound.objects.filter(quarter=quarter_of(today)).values("project_id")
    projects = Project.objects.filter(pulse_setting__enabled=True, status=ProjectStatus.ACTIVE).exclude(pk__in=opened)
    count = 0
    for project in projects:
        services.open_round(project, today)
        count += 1
    return count


@shared_task(base=RetryingTask)
def close_pulse_rounds():
    """Close every round whose last day has passed (fixes its counts, writes its answers shuffled). Returns the
    number of rounds closed."""
    due = PulseRound.objects.filter(closed=False, closes_on__lt=timezone.localdate())
    count = 0
    for pulse_round in due:
        services.close_round(pulse_round)
        count += 1
    return count


@shared_task(base=RetryingTask)
def remind_pulse_rounds():
    """At mid-round, remind those who have not answered, once per round (services.remind). Returns the number of
    reminders queued."""
    today = timezone.localdate()
    due = PulseRound.objects.filter(closed=False, reminded=False, opened_on__lte=today, closes_on__gte=today)
    # Only rounds past their midpoint take the lock in services.remind; the others wait for a later run.
    return sum(services.remind(pulse_round, today=today) for pulse_round in due if pulse_round.midpoint <= today)
