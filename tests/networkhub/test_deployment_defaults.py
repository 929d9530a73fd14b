"""Issue 11, part 5 "Deployment defaults": docker-compose.yml read as data (no Docker engine needed), and the
liveness path the web container's health check uses, which does not fail when only the broker is down."""

import re
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _image_pinned(image):
    """A tag that names a release (not `latest`, not missing) or a digest."""
    if "@sha256:" in image:
        return True
    name, _sep, tag = image.rpartition(":")
    if not name or "/" in tag:  # no tag at all ("redis" or "host:5000/redis")
        return False
    return tag != "latest" and bool(tag)


def test_mailpit_is_a_dev_profile_service_bound_to_loopback(compose):
    mailpit = compose["services"]["mailpit"]
    assert mailpit["profiles"] == ["dev"]
    ports = mailpit.get("ports", [])
    assert ports, "the web UI is published for development"
    for port in ports:
        assert str(port).startswith("127.0.0.1:"), f"{port} is published on all interfaces"
    # Nothing that runs in production needs it.
    for name, service in compose["services"].items():
        assert "mailpit" not in (service.get("depends_on") or {}), name


def test_migrations_run_once_in_a_one_shot_service_that_app_services_wait_for(compose):
    services = compose["services"]
    migrate = services["migrate"]
    assert migrate["restart"] == "no"
    command = migrate["command"]
    command = " ".join(command) if isinstance(command, list) else command
    assert re.search(r"manage\.py migrate\b", command)
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert migrate["image"] == services["web"]["image"]  # the same code that will serve
    for name in APP_SERVICES:
        service = services[name]
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name
        command = service["command"]
        command = " ".join(command) if isinstance(command, list) else command
        assert "migrate" not in command, f"{name} migrates in its own command"


def test_every_image_is_pinned(compose):
    for name, service in compose["services"].items():
        image = service.get("image")
        assert image, f"{name} has no image"
        if "build" in service:  # our own image: a tag, by default `local`, never latest
            assert image.split(":")[-1] not in ("", "latest") and ":" in image, (name, image)
            continue
        assert _image_pinned(image), (name, image)
    assert not _image_pinned("redis") and not _image_pinned("postgres:latest")  # the check can fail
    assert _image_pinned("redis:7.4.1-bookworm") and _image_pinned("redis@sha256:" + "0" * 64)


def test_the_health_checks_use_the_liveness_path(compose):
    web = compose["services"]["web"]
    probe = " ".join(web["healthcheck"]["test"])
    assert "/livez" in probe and "/healthz" not in probe
    dockerfile = (ROOT / "Dockerfile").read_text()
    healthcheck = dockerfile[dockerfile.index("HEALTHCHECK") :]
    assert "/livez" in healthcheck and "/healthz" not in healthcheck
    # The one-shot migrate inherits the image's check; it has none of its own to wait for.
    assert compose["services"]["migrate"]["healthcheck"] == {"disable": True}


@pytest.mark.django_db
def test_livez_answers_while_the_broker_is_down_and_healthz_says_so(client, broker_down):
    live = client.get(reverse("livez"))
    assert live.status_code == 200
    assert live.json() == {"status": "ok"}
    assert live["Cache-Control"].startswith("max-age=0") or "no-cache" in live["Cache-Control"]
    health = client.get(reverse("healthz"))
    assert health.status_code == 503
    state = health.json()
    assert state["checks"]["broker"]["ok"] is False
    assert state["checks"]["database"]["ok"] is True  # the full state is kept for monitoring


@pytest.mark.django_db
def test_livez_asks_nothing_of_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("livez")).status_code == 200
