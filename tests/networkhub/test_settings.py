"""Settings are read from the environment; production mode refuses unsafe defaults."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "Zq8#pL2!vX9@mN4$" + "r" * 20
EVIDENCE_KEY = "e" * 10 + "Yt7%hG3&wQ5*bJ6^" + "v" * 10


def _manage(*args, **env):
    unset = {"DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "EVIDENCE_KEY"}
    environment = {key: value for key, value in os.environ.items() if key not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="networkhub.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", DJANGO_ENV="production", SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_deploy_check_has_no_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="networkhub.example",
        EVIDENCE_KEY=EVIDENCE_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_deploy_check_reports_a_missing_evidence_key():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="networkhub.example",
    )
    assert result.returncode != 0
    assert "commitments.W001" in result.stderr + result.stdout and "EVIDENCE_KEY is missing" in result.stderr


def test_embedded_defaults_need_no_services():
    env = {"DATABASE_URL": "", "REDIS_URL": ""}
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, "
        "s.CACHES['default']['BACKEND'], s.TIME_ZONE, s.LANGUAGE_CODE)",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://localhost/",
        "django.core.cache.backends.locmem.LocMemCache",
        "Europe/Helsinki",
        "fi",
    ]


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"Model changes without migrations:\n{out.getvalue()} ({exit_})")
