"""Locust users for bench/load.py: the demo's coordinator, partner and reviewer browsing the main pages.

Started by load.py (not on its own): BENCH_PAGES names a JSON file of {"accounts": {role: e-mail},
"pages": [[role, name, path], ...]}, DEMO_PASSWORD the demo accounts' password. Users take the
roles in turn, sign in once and then open a page of their role or /healthz at random. A page counts
as failed unless it answers 200 itself (a redirect to the sign-in page is a failure).

Signing in hashes the password (on purpose slow), so the statistics start again once the last of
BENCH_USERS users has signed in; what the sign-in phase counted is written to BENCH_SIGN_IN (JSON)
first, so that no failure is lost.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

with open(os.environ["BENCH_PAGES"], encoding="utf-8") as pages_file:
    PLAN = json.load(pages_file)
ROLES = list(PLAN["accounts"])
PAGES = {role: [(name, path) for page_role, name, path in PLAN["pages"] if page_role == role] for role in ROLES}
HEALTHZ = [(name, path) for page_role, name, path in PLAN["pages"] if page_role is None]
WAIT = [float(value) for value in os.environ.get("LOAD_WAIT", "0.5,2").split(",")]
_turns = itertools.cycle(ROLES)
_signed_in = []
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class DemoUser(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self):
        self.role = next(_turns)
        self.pages = [(f"{self.role}: {name}", path) for name, path in PAGES[self.role]] + HEALTHZ
        form = self.client.get("/accounts/login/", name="sign-in form")
        match = CSRF.search(form.text)
        self.client.post(
            "/accounts/login/",
            data={
                "username": PLAN["accounts"][self.role],
                "password": os.environ["DEMO_PASSWORD"],
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
        )
        _signed_in.append(self.role)
        if len(_signed_in) == int(os.environ["BENCH_USERS"]):
            total = self.environment.stats.total
            with open(os.environ["BENCH_SIGN_IN"], "w", encoding="utf-8") as phase:
                json.dump({"requests": total.num_requests, "failures": total.num_failures}, phase)
            self.environment.stats.reset_all()

    @task
    def browse(self):
        name, path = random.choice(self.pages)
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
