"""What a fresh checkout lacks: the data folder and the compiled catalogues (issue 13)."""

import gettext
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from networkhub.catalogues import compile_stale
from networkhub.checks import compiled_catalogues

ROOT = Path(settings.BASE_DIR)


def test_settings_create_the_data_folder_for_the_embedded_database(tmp_path):
    data = tmp_path / "fresh" / "var"
    env = {**os.environ, "DATA_DIR": str(data), "DATABASE_URL": "", "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, check=True, timeout=120)
    assert data.is_dir()


def test_missing_catalogues_are_reported_with_the_command(settings, tmp_path):
    messages = tmp_path / "sv" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]
    settings.DEBUG = True
    warnings = compiled_catalogues(None)
    assert [warning.id for warning in warnings] == ["networkhub.W001"]
    assert "sv" in warnings[0].msg
    assert "make messages" in warnings[0].hint
    settings.DEBUG = False  # in production an uncompiled catalogue is an error
    assert [(error.id, error.level) for error in compiled_catalogues(None)] == [("networkhub.E001", 40)]
    (messages / "django.mo").write_bytes(b"")
    os.utime(messages / "django.mo", (os.path.getmtime(messages / "django.po") + 10,) * 2)
    assert compiled_catalogues(None) == []


def _setting(name, **env):
    environment = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    script = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout.strip()


def test_debug_is_off_unless_asked_for():
    assert _setting("DEBUG") == "False"
    assert _setting("DEBUG", DEBUG="true") == "True"
    assert _setting("WHITENOISE_USE_FINDERS") == "True"  # static files without collectstatic in embedded mode


def test_stale_catalogues_are_compiled_at_start_up_with_babel(settings, tmp_path):
    messages = tmp_path / "fi" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Cancel"\nmsgstr "Peruuta"\n',
        encoding="utf-8",
    )
    settings.LOCALE_PATHS = [tmp_path]
    assert compile_stale() == ["fi"]
    with (messages / "django.mo").open("rb") as compiled:
        assert gettext.GNUTranslations(compiled).gettext("Cancel") == "Peruuta"
    assert compiled_catalogues(None) == [] and compile_stale() == []
