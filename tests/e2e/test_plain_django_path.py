"""A newcomer's plain Django path (issue 23), in a real browser: a fresh checkout without compiled catalogues,
`manage.py migrate`, `seed_demo`, `runserver`, and no worker. The interface is Finnish (the catalogues are compiled
at start-up with Babel), /healthz says `worker: missing`, and the report's PDF panel says that no worker is running
instead of spinning forever.

A fresh virtualenv install would take too long here: the checkout is a copy of the tracked files (no .mo files) run
with this virtualenv's Python, on the embedded defaults (SQLite and a filesystem broker in the copy's var/)."""

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.integration.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-verkosto-2026"


def _fresh_checkout(target):
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    assert not list(target.glob("locale/*/LC_MESSAGES/*.mo"))
    return target


def _environment(checkout):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "REDIS_CACHE_URL",
            "DJANGO_SETTINGS_MODULE",
            "NETWORKHUB_TEST_CLOCK",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "CELERY_TASK_ALWAYS_EAGER",
            "DEBUG",
        }
    }
    return {**environment, "DATA_DIR": str(checkout / "var")}


def _manage(checkout, *arguments):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=checkout,
        env=_environment(checkout),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    checkout = _fresh_checkout(tmp_path_factory.mktemp("fresh") / "networkhub")
    _manage(checkout, "migrate", "--noinput")
    assert len(list(checkout.glob("locale/*/LC_MESSAGES/django.mo"))) == 3  # compiled at start-up with Babel
    _manage(checkout, "seed_demo", "--password", PASSWORD)
    report_url = _manage(
        checkout,
        "shell",
        "-c",
        "from reports.models import Report; from django.urls import reverse; "
        "r = Report.objects.filter(project__acronym='BRO', submitted_at=None).order_by('pk').first(); "
        "print(reverse('reports:detail', args=[r.project_id, r.pk]))",
    ).split()[-1]
    port = free_port()
    log = (checkout / "runserver.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=checkout,
        env=_environment(checkout),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not _answers(f"{base}/livez") and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _answers(f"{base}/livez"), (checkout / "runserver.log").read_text()[-3000:]
        yield base, report_url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _sign_in(page, email):
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state()


def test_a_newcomer_sees_finnish_and_learns_that_no_worker_runs(server, browser):
    base, report_url = server
    context = browser.new_context(base_url=base, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == "fi"
        assert page.get_by_role("button", name="Kirjaudu sisään").is_visible()  # Finnish, not English
        _sign_in(page, "koordinaattori@demo.networkhub.fi")
        assert "VERKKO" in page.locator("main").inner_text() and "Hankkeet" in page.content()
        assert page.request.get(f"{base}/healthz").json()["worker"] == "missing"
        context.clear_cookies()

        # The demo's draft report is BRO's, whose coordinator reads Swedish (a catalogue compiled at start-up too).
        page.goto("/")
        _sign_in(page, "koordinator@demo.networkhub.fi")
        page.goto(report_url)
        assert page.locator("html").get_attribute("lang") == "sv"
        assert "Ingen bakgrundsprocess körs" in page.locator("#no-worker").inner_text()
        page.get_by_role("button", name="Skapa PDF-filen").click()
        panel = page.locator("#report-pdf").inner_text()
        assert "skapandet väntar tills en bakgrundsprocess startar" in panel
    finally:
        context.close()
