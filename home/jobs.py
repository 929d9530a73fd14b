"""Periodic jobs that beat runs. Like views, they call the app's modules; nothing imports them."""

from celery import shared_task

from networkhub.celery_tasks import RetryingTask

from . import figures


@shared_task(base=RetryingTask)
def refresh_programme_figures():
    """Every programme's unfiltered aggregates counted again and stored (home.figures), every half of
    settings.PROGRAMME_FIGURES_MAX_AGE, so the page reads fresh figures. Idempotent. Returns the programmes."""
    return figures.refresh_programme_figures()
