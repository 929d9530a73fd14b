"""Benchmark: load at a latency bound, the highest request rate the server holds, against Django's admin.

Two workloads, one after the other, against the same gunicorn (LOAD_WORKERS workers, default 4, DEBUG off,
a free port) on the same database (`<bench database>_demo`, seeded with `manage.py seed_demo`, plus
organisations up to 100 so that the admin's changelist shows a full page):

- "role mix": the demo's coordinator, partner and reviewer sign in (users take the roles in turn) and open
  the main pages of their role (bench/pages.py; /healthz is not in the mix) at random;
- "admin changelist": the demo's administrator opens `/admin/partners/organisation/`, 100 rows, the
  standard Django page of similar weight the issue takes as the anchor.

Each workload is stepped: LOAD_STEPS users (default 2,4,6,8,12,16,24,32), each user one request a second
(locust's `constant_throughput(1)`), so a step offers that many requests a second. A step is a headless
locust run of its own: the users sign in, LOAD_RAMP seconds (default 5) after the last has signed in the
statistics start, and LOAD_SECONDS (default 60) later they are read. A step holds when every page's 95th
percentile ≤ LOAD_P95_MS (default 500), no request failed (sign-ins included) and the throughput achieved
is at least 90 % of the rate offered. The first step that does not hold ends the workload; its figure is
the throughput achieved at the highest step held. Goals: the role mix's figure ÷ the admin changelist's
≥ 0.8; no failed request in any step run.

The reviewer and the administrator must use two-factor sign-in: before the steps, this script signs each
in once and verifies a code from their demo authenticator (accounts.demo) with "remember this browser",
and every locust user of theirs carries that cookie, as a returning user's browser does.

LOAD_HOST=http://A:PORT measures a server already running elsewhere (bench/README.md, "Load from a second
machine"): nothing is started here, the database (DATABASE_URL's server, NETWORKHUB_BENCH_DB) must be the
one that server uses, and it is seeded here as usual. When REDIS_URL is set, the local server uses it as
production does (cache and broker); otherwise the embedded defaults.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/networkhub .venv/bin/python bench/load.py
Quick: LOAD_SECONDS=10 LOAD_STEPS=2,4,8 ... bench/load.py
Every process started is stopped when the run ends, also on error.
"""

import http.cookiejar
import io
import itertools
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
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pages import ACCOUNTS, HEALTHZ, demo_pages

from accounts.two_factor import REMEMBER_COOKIE
from partners.models import Organisation, OrganisationType
from tests.factories import business_id

STEPS = [int(step) for step in os.environ.get("LOAD_STEPS", "2,4,6,8,12,16,24,32").split(",")]
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
RAMP = int(os.environ.get("LOAD_RAMP", "5"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
P95_MS = float(os.environ.get("LOAD_P95_MS", "500"))
HOST = os.environ.get("LOAD_HOST", "").rstrip("/")
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-verkosto-2026")
HELD_SHARE = 0.9  # of the rate offered, achieved
GOAL_RATIO = 0.8  # role mix ÷ admin changelist, at least
ORGANISATIONS = 100  # the changelist's page (Django admin's list_per_page)
ADMIN = "admin@demo.networkhub.fi"
BIN = Path(sys.executable).parent
BENCH = Path(__file__).resolve().parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def add_organisations(count):
    """Organisations in no project, up to `count` in all, so that the admin's changelist has a full page."""
    missing = count - Organisation.objects.count()
    if missing <= 0:
        return
    taken = set(Organisation.objects.exclude(business_id=None).values_list("business_id", flat=True))
    free = (number for number in map(business_id, itertools.count(900_000)) if number not in taken)
    kinds = OrganisationType.values
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Kuormitustestin organisaatio {index:03d}",
            org_type=kinds[index % len(kinds)],
            country="FI",
            business_id=next(free),
            new_to_international=index % 3 == 0,
        )
        for index in range(1, missing + 1)
    )


def seed(database):
    benchdb.use(database)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    add_organisations(ORGANISATIONS)
    changelist = reverse("admin:partners_organisation_changelist")
    role_mix = [page for page in demo_pages() if page[1] != HEALTHZ]
    admin = [("administrator", f"organisations changelist ({ORGANISATIONS} rows)", changelist)]
    return [
        ("role mix", ACCOUNTS, role_mix),
        ("admin changelist", {"administrator": ADMIN}, admin),
    ]


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
        if process is not None and process.poll() is not None:
            raise RuntimeError("gunicorn exited before answering")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{base} did not answer in time")


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def signed_in(base, email, remember=None):
    """An opener signed in as `email` (carrying the remember-this-browser cookie, if given)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    if remember:
        host = urllib.parse.urlsplit(base).hostname
        jar.set_cookie(http.cookiejar.Cookie(0, REMEMBER_COOKIE, remember, None, False, host, False, False, "/",
                                             True, False, None, False, None, None, {}))  # fmt: skip
    form = opener.open(base + "/accounts/login/", timeout=60).read().decode()
    body = urllib.parse.urlencode({"username": email, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(form)})
    request = urllib.request.Request(base + "/accounts/login/", data=body.encode(), headers={"Referer": base})
    opener.open(request, timeout=60).read()
    return opener, jar


def remember_cookie(base, email):
    """Sign in as `email` and verify a code from its authenticator with "remember this browser"; the cookie.

    A code counts once (django-otp keeps the last time step used), so a refused one is followed by the
    next step's, which the device's tolerance accepts."""
    device = TOTPDevice.objects.filter(user__email=email, confirmed=True).order_by("pk").first()
    if device is None:
        return None
    opener, jar = signed_in(base, email)
    verify = base + reverse("accounts:verify")
    for drift in (0, 1, 2):
        form = opener.open(verify, timeout=60).read().decode()
        code = f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):0{device.digits}d}"
        body = urllib.parse.urlencode({"code": code, "remember": "on", "csrfmiddlewaretoken": csrf_token(form)})
        opener.open(urllib.request.Request(verify, data=body.encode(), headers={"Referer": verify}), timeout=60)
        cookie = next((cookie.value for cookie in jar if cookie.name == REMEMBER_COOKIE), None)
        if cookie:
            return cookie
        time.sleep(2.5)  # django-otp's throttle after a refused code (OTP_TOTP_THROTTLE_FACTOR 1 s, doubling)
    raise RuntimeError(f"{email}: no code from the demo authenticator was accepted")


def warm_up(base, workloads, remember, rounds):
    """Each account signs in and opens each of its pages `rounds` times, so that no worker starts cold;
    the changelist must show a full page."""
    for _workload, accounts, pages in workloads:
        for role, email in accounts.items():
            opener, _jar = signed_in(base, email, remember.get(email))
            for _ in range(rounds):
                for page_role, name, path in pages:
                    if page_role != role:
                        continue
                    response = opener.open(base + path, timeout=60)
                    html = response.read().decode()
                    if urllib.parse.urlsplit(response.geturl()).path != urllib.parse.urlsplit(path).path:
                        raise RuntimeError(f"{role}: {name} answers with {response.geturl()}, not the page")
                    if role == "administrator" and html.count('class="action-checkbox"') < ORGANISATIONS:
                        raise RuntimeError(f"the changelist shows fewer than {ORGANISATIONS} organisations")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_step(base, plan, users, workdir, env):
    """One headless locust run of `users` users; its result (locustfile.py's BENCH_RESULT) or None."""
    result = Path(workdir) / f"result-{users}.json"
    result.unlink(missing_ok=True)
    allowance = 60 + 2 * users  # signing in; the run ends itself at the end of its window
    command = [
        str(BIN / "locust"),
        "-f", str(BENCH / "locustfile.py"),
        "--headless", "--only-summary", "--loglevel", "WARNING",
        "--users", str(users), "--spawn-rate", str(users),
        "--run-time", f"{RAMP + SECONDS + allowance}s", "--stop-timeout", "5",
        "--host", base,
    ]  # fmt: skip
    locust = subprocess.Popen(
        command,
        env={
            **env,
            "BENCH_PAGES": str(plan),
            "DEMO_PASSWORD": PASSWORD,
            "BENCH_USERS": str(users),
            "BENCH_RAMP": str(RAMP),
            "BENCH_SECONDS": str(SECONDS),
            "BENCH_RESULT": str(result),
        },  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _out, errors = locust.communicate(timeout=RAMP + SECONDS + allowance + 60)
    finally:
        stop(locust)
    if not result.exists():
        print(f"  locust wrote no result: {errors.decode()[-1000:]}", file=sys.stderr, flush=True)
        return None
    return json.loads(result.read_text(encoding="utf-8"))


def judge(users, result, page_names):
    """A step's summary: whether it held, the rate achieved, the worst page's p95 and the failures."""
    if result is None:
        return {"users": users, "held": False, "rate": 0.0, "worst": None, "failures": 1, "why": "not all signed in"}
    failures = result["failures"] + result["sign_in"]["failures"]
    rate = result["requests"] / result["seconds"]
    measured = {name: page for name, page in result["pages"].items() if name in page_names and page["requests"]}
    worst = max(measured.items(), key=lambda item: item[1]["p95"], default=(None, None))
    worst = (worst[0], worst[1]["p95"]) if worst[0] else None
    why = []
    if worst and worst[1] > P95_MS:
        why.append(f"p95 {worst[1]:.0f} ms ({worst[0]})")
    if failures:
        why.append(f"{failures} failed")
    if rate < HELD_SHARE * users:
        why.append(f"{rate:.1f} req/s of {users}")
    return {"users": users, "held": not why, "rate": rate, "worst": worst, "failures": failures,
            "requests": result["requests"], "why": ", ".join(why)}  # fmt: skip


def run_workload(base, name, accounts, pages, remember, workdir, env):
    plan = Path(workdir) / f"{name.replace(' ', '-')}.json"
    plan.write_text(json.dumps({"accounts": accounts, "pages": pages, "remember": remember}), encoding="utf-8")
    page_names = {f"{role}: {page}" for role, page, _path in pages}
    steps = []
    for users in STEPS:
        step = judge(users, run_step(base, plan, users, workdir, env), page_names)
        steps.append(step)
        worst = f"{step['worst'][1]:.0f} ms" if step["worst"] else "-"
        print(f"  {name}, {users} users: {step['rate']:.1f} req/s, worst p95 {worst}, "
              f"{'held' if step['held'] else 'not held: ' + step['why']}", file=sys.stderr, flush=True)  # fmt: skip
        if not step["held"]:
            break
    return steps


def rows_from(results):
    rows, held = [], {}
    for name, steps in results.items():
        failures = sum(step["failures"] for step in steps)
        requests = sum(step.get("requests", 0) for step in steps)
        rows.append(
            {
                "benchmark": "load",
                "case": f"{name}: failed requests ({len(steps)} steps of {SECONDS} s, sign-ins included)",
                "small": "0 allowed",
                "large": f"{failures} of {requests:,} and the sign-ins",
                "ratio": failures,
                "goal": 0,
            }
        )
        best = next((step for step in reversed(steps) if step["held"]), None)
        held[name] = best["rate"] if best else 0.0
        last = steps[-1]
        ended = (
            "every step held (a lower bound: LOAD_STEPS to go higher)"
            if last["held"]
            else f"{last['users']} users not held: {last['why']}"
        )
        if best is None:
            large = "no step held"
        else:
            page, p95 = best["worst"] or ("-", 0)
            large = (f"highest rate held: {best['rate']:.1f} req/s at step {best['users']} users; "
                     f"p95 of the worst page {p95:.0f} ms ({page})")  # fmt: skip
        rows.append(
            {
                "benchmark": "load",
                "case": f"{name}: highest rate with p95 ≤ {P95_MS:.0f} ms, 0 failed",
                "small": ended,
                "large": large,
                "ratio": None,
                "goal": None,
            }
        )
    mix, admin = held["role mix"], held["admin changelist"]
    rows.append(
        {
            "benchmark": "load",
            "case": "rate held: role mix ÷ admin changelist",
            "small": f"admin changelist: {admin:.1f} req/s",
            "large": f"role mix: {mix:.1f} req/s ({WORKERS} workers)" if not HOST else f"role mix: {mix:.1f} req/s",
            "ratio": round(mix / admin, 2) if admin else None,
            "goal": GOAL_RATIO,
            "at_least": True,
        }
    )
    return rows


def start_server(env):
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=benchdb.ROOT, env=env, check=True,
    )  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--log-level", "warning"],
        cwd=benchdb.ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    return f"http://127.0.0.1:{port}", server


def measure():
    database = benchdb.NAME + "_demo"
    workloads = seed(database)
    env = server_environment(database)
    base, server = (HOST, None) if HOST else start_server(env)
    try:
        wait_until_up(base, server)
        emails = {email for _name, accounts, _pages in workloads for email in accounts.values()}
        remember = {email: cookie for email in sorted(emails) if (cookie := remember_cookie(base, email))}
        warm_up(base, workloads, remember, rounds=2 * WORKERS)
        with tempfile.TemporaryDirectory(prefix="nh-load-") as workdir:
            results = {
                name: run_workload(base, name, accounts, pages, remember, workdir, env)
                for name, accounts, pages in workloads
            }
    finally:
        if server is not None:
            stop(server)
    return rows_from(results)


if __name__ == "__main__":
    for row in measure():
        print(row)
