import pytest

from config.celery import app as celery_app


@pytest.fixture
def broker_down():
    """The broker is a real address where nothing listens (the boundary, not a mock)."""
    conf = celery_app.conf
    original = (conf.broker_url, conf.task_always_eager, celery_app._pool, celery_app.amqp._producer_pool)
    conf.broker_url, conf.task_always_eager = "redis://127.0.0.1:1/0", False
    celery_app._pool = celery_app.amqp._producer_pool = None
    try:
        yield
    finally:  # the dead address's pool holds no connection; kombu keeps it for the next test that needs it
        conf.broker_url, conf.task_always_eager, celery_app._pool, celery_app.amqp._producer_pool = original
