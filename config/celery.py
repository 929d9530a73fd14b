import os

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("networkhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Periodic jobs call services, so they live apart from the tasks that services call.
app.autodiscover_tasks(related_name="jobs")


def _prepare_filesystem_transport(**kwargs):
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)


app.on_after_configure.connect(_prepare_filesystem_transport)


def _worker_ready(sender=None, **kwargs):
    from networkhub import heartbeat

    heartbeat.on_worker_ready(sender=sender)


def _worker_shutdown(sender=None, **kwargs):
    from networkhub import heartbeat

    heartbeat.on_worker_shutdown(sender=sender)


# A running worker says so (networkhub.heartbeat): /healthz and the report's PDF page tell when none runs.
worker_ready.connect(_worker_ready)
worker_shutdown.connect(_worker_shutdown)
