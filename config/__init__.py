"""The composition root: settings, root URLs, the Celery app and WSGI. It may import any app; no app imports it."""

from .celery import app as celery_app

__all__ = ("celery_app",)
