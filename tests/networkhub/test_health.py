from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from networkhub import heartbeat


def test_healthz_reports_each_component(db, client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_is_503_when_the_cache_is_down(db, client, settings):
    # A real connection attempt to a port where nothing listens, not a mock.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_healthz_is_503_when_the_broker_is_down(db, client):
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get(reverse("healthz"))
    finally:
        celery_app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_healthz_says_when_no_worker_runs(db, client, time_machine):
    """Issue 23: without a worker nothing is mailed or generated. A worker's heartbeat (networkhub.heartbeat) says it
    runs; none, or one older than STALE seconds, is `"worker": "missing"`. The status stays ok: the web serves."""
    time_machine.move_to(timezone.now(), tick=False)
    body = client.get(reverse("healthz")).json()
    assert (body["status"], body["worker"]) == ("ok", "missing")
    heartbeat.beat("celery@test")
    assert client.get(reverse("healthz")).json()["worker"] == "ok"
    time_machine.shift(timedelta(seconds=heartbeat.STALE + 1))  # a worker killed with -9 says no goodbye
    assert client.get(reverse("healthz")).json()["worker"] == "missing"
    heartbeat.beat("celery@test")
    heartbeat.forget("celery@test")  # a clean stop (tests/integration/test_worker_heartbeat.py with a real worker)
    assert client.get(reverse("healthz")).json()["worker"] == "missing"


def test_healthz_asks_one_query_about_the_worker(db, client, django_assert_num_queries):
    heartbeat.beat("celery@test")
    client.get(reverse("healthz"))
    with django_assert_num_queries(3):  # SELECT 1, the overdue reminders, the heartbeat
        assert client.get(reverse("healthz")).json()["worker"] == "ok"
