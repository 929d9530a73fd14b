"""Periodic jobs that beat runs. Like views, they call services; services never import them."""

from celery import shared_task

from networkhub.celery_tasks import RetryingTask

from . import services


@shared_task(base=RetryingTask)
def expire_signature_requests():
    return services.expire_due() + services.expire_amendments_due()
