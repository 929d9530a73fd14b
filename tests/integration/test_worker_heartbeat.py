"""/healthz tells whether a worker runs (issue 23): a real Celery worker process, on Redis, writes its heartbeat
when it is ready and removes it when it stops; /healthz says `ok`, then `missing`."""

import os
import shutil

import pytest
from django.db import connection
from django.urls import reverse

from .processes import Celery, RedisServer, database_url, wait_for

pytestmark = [pytest.mark.machine_clock, pytest.mark.django_db(transaction=True)]


def _services_or_skip():
    if connection.vendor != "postgresql" or not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("CI runs this test against PostgreSQL (DATABASE_URL) with redis-server installed")
        pytest.skip("needs DATABASE_URL (PostgreSQL) and redis-server")


def _worker(client):
    return client.get(reverse("healthz")).json()["worker"]


def test_healthz_reports_a_real_worker_and_its_absence(tmp_path, client):
    _services_or_skip()
    assert _worker(client) == "missing"
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": redis_server.url, "DJANGO_ENV": "development"}
    for name in ("REDIS_CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "CELERY_TASK_ALWAYS_EAGER"):
        env.pop(name, None)
    celery = Celery(tmp_path, env)
    try:
        worker = celery.worker("heartbeat")
        assert wait_for(lambda: _worker(client) == "ok", 120), celery.logs()
        worker.terminate()  # a warm shutdown: the worker removes its heartbeat
        worker.wait(timeout=60)
        assert _worker(client) == "missing", celery.logs()
    finally:
        celery.stop_all()
        redis_server.stop()
