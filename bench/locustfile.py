"""Locust users for bench/load.py: one step of a load run, a number of users at 1 request a second each.

Started by load.py (not on its own, except from a second machine: bench/README.md), once per step.
BENCH_PAGES names a JSON file of {"accounts": {role: e-mail}, "pages": [[role, name, path], ...],
"remember": {e-mail: cookie}}, DEMO_PASSWORD the accounts' password. Users take the roles in turn,
sign in once and then open a page of their role at random (a page of role null: every user), one
request a second each (`constant_throughput(1)`: a user whose answer takes longer falls behind, which
load.py sees as throughput below the rate offered). A page counts as failed unless it answers 200
itself (a redirect to the sign-in or second-factor page is a failure); a sign-in fails unless it lands
past the sign-in and second-factor pages.

Accounts that must use two-factor sign-in (the reviewer, the administrator) carry the "remember this
browser" cookie load.py obtained by verifying one code (`remember`), as a returning user's browser
would, so that no user posts a code (codes are single-use and rate-limited).

Signing in hashes the password (on purpose slow), so the measured window starts BENCH_RAMP seconds
after the last of BENCH_USERS users has signed in: the statistics start again then, after what the
sign-in phase counted is noted, and after BENCH_SECONDS more the user statistics are written to
BENCH_RESULT (JSON) and locust quits.
"""

import itertools
import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, constant_throughput, task

with open(os.environ["BENCH_PAGES"], encoding="utf-8") as pages_file:
    PLAN = json.load(pages_file)
ROLES = list(PLAN["accounts"])
PAGES = {role: [(name, path) for page_role, name, path in PLAN["pages"] if page_role == role] for role in ROLES}
EVERYONE = [(name, path) for page_role, name, path in PLAN["pages"] if page_role is None]
REMEMBER = PLAN.get("remember", {})
REMEMBER_COOKIE = "nh_2fa_browser"
SIGN_IN = "/accounts/login/"
NOT_SIGNED_IN = (SIGN_IN, "/accounts/two-factor/")
USERS = int(os.environ["BENCH_USERS"])
RAMP = float(os.environ.get("BENCH_RAMP", "5"))
SECONDS = float(os.environ["BENCH_SECONDS"])
PERCENTILE = 0.95
_turns = itertools.cycle(ROLES)
_signed_in = []
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def start_window(environment):
    total = environment.stats.total
    phase = {"requests": total.num_requests, "failures": total.num_failures}
    environment.stats.reset_all()
    started = time.monotonic()
    gevent.spawn_later(SECONDS, end_window, environment, phase, started)


def end_window(environment, phase, started):
    seconds = time.monotonic() - started
    pages = {
        entry.name: {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p95": entry.get_response_time_percentile(PERCENTILE) if entry.num_requests else None,
            "median": entry.median_response_time if entry.num_requests else None,
        }
        for entry in environment.stats.entries.values()
    }
    total = environment.stats.total
    result = {
        "seconds": seconds,
        "requests": total.num_requests,
        "failures": total.num_failures,
        "sign_in": phase,
        "pages": pages,
    }
    with open(os.environ["BENCH_RESULT"], "w", encoding="utf-8") as result_file:
        json.dump(result, result_file)
    environment.runner.quit()


class DemoUser(HttpUser):
    wait_time = constant_throughput(1)

    def on_start(self):
        self.role = next(_turns)
        email = PLAN["accounts"][self.role]
        self.pages = [(f"{self.role}: {name}", path) for name, path in PAGES[self.role]] + EVERYONE
        if email in REMEMBER:
            self.client.cookies.set(REMEMBER_COOKIE, REMEMBER[email])
        form = self.client.get(SIGN_IN, name="sign-in form")
        match = CSRF.search(form.text)
        with self.client.post(
            SIGN_IN,
            data={
                "username": email,
                "password": os.environ["DEMO_PASSWORD"],
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            headers={"Referer": self.host + SIGN_IN},
            name="sign in",
            catch_response=True,
        ) as response:
            landed = response.url or ""
            if response.status_code != 200 or any(part in landed for part in NOT_SIGNED_IN):
                response.failure(f"not signed in: HTTP {response.status_code} at {landed}")
        _signed_in.append(self.role)
        if len(_signed_in) == USERS:
            gevent.spawn_later(RAMP, start_window, self.environment)

    @task
    def browse(self):
        name, path = random.choice(self.pages)
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
