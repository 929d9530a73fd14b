"""Benchmark: a load run, locust's users against gunicorn and PostgreSQL holding the demo data.

20 users (LOAD_USERS, arriving 2 a second: LOAD_SPAWN_RATE) for 60 s (LOAD_SECONDS) sign in as the
demo's coordinator, partner and reviewer in turn and browse the main pages (bench/pages.py) and
/healthz at random with 0.5–2 s between requests (LOAD_WAIT; percentiles count from the moment
the last user has signed in, failures from the start),
against gunicorn with 3 workers (LOAD_WORKERS) on a free port, DEBUG off, on a database of its
own (`<bench database>_demo`, seeded with `manage.py seed_demo`). When REDIS_URL is set, the
server uses it as production does (cache and broker); otherwise the embedded defaults.
Goals: no failed request; each page's 95th percentile ÷ `/healthz`'s ≤ 5.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/networkhub .venv/bin/python bench/load.py
Quick: LOAD_USERS=5 LOAD_SECONDS=10 ... bench/load.py
Both processes are stopped when the run ends, also on error.
"""

import csv
import http.cookiejar
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import benchdb
from django.core.management import call_command
from pages import ACCOUNTS, HEALTHZ, demo_pages

USERS = int(os.environ.get("LOAD_USERS", "20"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "3"))
SPAWN_RATE = os.environ.get("LOAD_SPAWN_RATE", "2")  # users arriving per second
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-verkosto-2026")
GOAL_RATIO = 5
BIN = Path(sys.executable).parent
BENCH = Path(__file__).resolve().parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed(database):
    benchdb.use(database)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    return demo_pages()


def server_environment(database):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=benchdb.url(database),
        REDIS_URL=benchdb.REDIS_URL,
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
    )
    return env


def wait_until_up(base, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited before answering")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def warm_up(base, pages, rounds):
    """Each role signs in and opens each of its pages `rounds` times, so that no worker starts cold."""
    for role, email in ACCOUNTS.items():
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = opener.open(base + "/accounts/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(base + "/accounts/login/", data=body.encode(), headers={"Referer": base})
        opener.open(request, timeout=30).read()
        for _ in range(rounds):
            for page_role, _name, path in pages:
                if page_role in (role, None):
                    opener.open(base + path, timeout=30).read()


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_locust(base, pages, workdir, env):
    plan = Path(workdir) / "pages.json"
    plan.write_text(json.dumps({"accounts": ACCOUNTS, "pages": pages}), encoding="utf-8")
    prefix = Path(workdir) / "load"
    command = [
        str(BIN / "locust"),
        "-f", str(BENCH / "locustfile.py"),
        "--headless", "--only-summary", "--loglevel", "WARNING",
        "--users", str(USERS), "--spawn-rate", SPAWN_RATE,
        "--run-time", f"{SECONDS}s", "--stop-timeout", "10",
        "--host", base, "--csv", str(prefix),
    ]  # fmt: skip
    locust = subprocess.Popen(
        command,
        env={
            **env,
            "BENCH_PAGES": str(plan),
            "DEMO_PASSWORD": PASSWORD,
            "BENCH_USERS": str(USERS),
            "BENCH_SIGN_IN": str(Path(workdir) / "sign_in.json"),
        },  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _out, errors = locust.communicate(timeout=SECONDS + 120)
    finally:
        stop(locust)
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no statistics: {errors.decode()[-2000:]}")
    sign_in = Path(workdir) / "sign_in.json"
    phase = json.loads(sign_in.read_text()) if sign_in.exists() else None
    with stats.open(encoding="utf-8") as stats_file:
        return {row["Name"]: row for row in csv.DictReader(stats_file)}, phase


def rows_from(stats, sign_in, pages):
    healthz = stats.get(HEALTHZ)
    reference = float(healthz["95%"]) if healthz and healthz["95%"] not in ("", "N/A") else None
    total = stats["Aggregated"]
    failures, requests = int(total["Failure Count"]), int(total["Request Count"])
    if sign_in is None:
        phase = "; not all users signed in"
        failures += 1
    else:
        phase = f" after sign-in; {sign_in['failures']} of {sign_in['requests']} while signing in"
        failures += sign_in["failures"]
    rows = [
        {
            "benchmark": "load",
            "case": f"failed requests ({USERS} users, {SECONDS} s)",
            "small": "0 allowed",
            "large": f"{int(total['Failure Count'])} of {requests:,}{phase}",
            "ratio": failures,
            "goal": 0,
        }
    ]
    for role, name, _path in pages:
        if role is None:
            continue
        label = f"{role}: {name}"
        page = stats.get(label)
        if page is None or int(page["Request Count"]) == 0:
            rows.append({"benchmark": "load", "case": label, "small": "", "large": "not requested", "ratio": None,
                         "goal": GOAL_RATIO})  # fmt: skip
            continue
        p95 = float(page["95%"])
        rows.append(
            {
                "benchmark": "load",
                "case": f"{label} p95 ÷ /healthz p95",
                "small": f"/healthz: {reference:.0f} ms ({int(healthz['Request Count'])} req)" if reference else "",
                "large": f"{p95:.0f} ms ({int(page['Request Count'])} req, {int(page['Failure Count'])} failed)",
                "ratio": round(p95 / reference, 2) if reference else None,
                "goal": GOAL_RATIO,
            }
        )
    return rows


def measure():
    database = benchdb.NAME + "_demo"
    pages = seed(database)
    env = server_environment(database)
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=benchdb.ROOT, env=env, check=True,
    )  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--log-level", "warning"],
        cwd=benchdb.ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_up(base, server)
        warm_up(base, pages, rounds=WORKERS * 2)
        with tempfile.TemporaryDirectory(prefix="nh-load-") as workdir:
            stats, sign_in = run_locust(base, pages, workdir, env)
    finally:
        stop(server)
    return rows_from(stats, sign_in, pages)


if __name__ == "__main__":
    for row in measure():
        print(row)
