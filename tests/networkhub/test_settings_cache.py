"""Clearing the cache must never drop the broker's queued tasks: the two use different Redis databases."""

from config.settings import _next_redis_database


def test_the_cache_uses_the_next_redis_database():
    assert _next_redis_database("redis://127.0.0.1:6379/1") == "redis://127.0.0.1:6379/2"
    assert _next_redis_database("redis://redis:6379") == "redis://redis:6379/1"
    assert _next_redis_database("redis://:secret@redis:6379/0") == "redis://:secret@redis:6379/1"


def test_the_configured_cache_is_not_the_broker(settings):
    if settings.REDIS_URL:
        assert settings.CACHES["default"]["LOCATION"] != settings.CELERY_BROKER_URL
