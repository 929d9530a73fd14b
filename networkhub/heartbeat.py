"""Is a Celery worker running? Each worker writes its heartbeat row every INTERVAL seconds from a thread it
starts when ready (config.celery connects the signals) and deletes it when it stops; a heartbeat older than
STALE seconds counts as no worker (a worker killed with -9 cannot say goodbye).

Without a worker nothing mailed or generated ever happens: /healthz reports `"worker": "missing"` and the report's
PDF panel says that generation waits for a worker. One indexed query; the database is the one store every
process shares in every mode (the embedded mode's cache is each process's own memory)."""

import logging
import threading
from datetime import timedelta

from django.db import DatabaseError, close_old_connections
from django.utils import timezone

INTERVAL = 30
STALE = 3 * INTERVAL

logger = logging.getLogger(__name__)
_stop = threading.Event()


def beat(hostname):
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": timezone.now()})


def worker_running():
    """True if a worker has said it is alive within STALE seconds; None if the database cannot tell."""
    from .models import WorkerHeartbeat

    try:
        return WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - timedelta(seconds=STALE)).exists()
    except DatabaseError:
        return None


def _loop(hostname):
    while True:
        try:
            close_old_connections()
            beat(hostname)
        except Exception:  # the database may be away for a while; the next beat tries again
            logger.warning("worker heartbeat not written", exc_info=True)
        finally:
            close_old_connections()
        if _stop.wait(INTERVAL):
            return


def on_worker_ready(sender=None, **kwargs):
    hostname = getattr(sender, "hostname", None) or "worker"
    _stop.clear()
    threading.Thread(target=_loop, args=(hostname,), name="networkhub-heartbeat", daemon=True).start()


def forget(hostname):
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(hostname=hostname).delete()


def on_worker_shutdown(sender=None, **kwargs):
    _stop.set()
    try:
        close_old_connections()
        forget(getattr(sender, "hostname", None) or "worker")
    except Exception:
        logger.warning("worker heartbeat not removed", exc_info=True)
