"""Benchmark: the main pages at demo size and inside a programme of 10,000 projects, side by side.

The same user opens the same page (bench/pages.py) through Django's test Client on two databases
(bench/scale_data.py): the demo, and the demo grown to SCALE_PROJECTS (10,000) projects, 200,000
memberships and 10,000,000 attendance rows in all. Requests alternate between the two (one open
connection to each), so that the machine's load falls on both sides alike; each side's time is the
median of SCALE_REPEATS (default 9) requests after two warm-ups, and its query count that of one request.
A second set of rows puts a network under the same pages: the coordinator of a generated project
(20 members, 52 held meetings, about 1,040 attendance rows) opens its pages in the large database,
against the demo coordinator's VERKKO pages at demo size; a query count that grows there is an N+1.
Goal per page: large ÷ small ≤ 1.5.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/networkhub .venv/bin/python bench/scale.py
The first run builds the data (a few minutes); later runs reuse it while the counts match.
"""

import os
import statistics
import time

import benchdb  # Django on the benchmark database, before the app's imports
import scale_data
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pages import HEALTHZ, VERKKO, coordinator_pages, demo_pages, label, sign_in

from projects.models import Project

REPEATS = int(os.environ.get("SCALE_REPEATS", "9"))
WARM_UPS = 2
GOAL = 1.5


class Side:
    """One database with its own open connection, cache key prefix and signed-in clients."""

    def __init__(self, name, database):
        self.name = name
        default = connections["default"]
        self.connection = type(default)({**default.settings_dict, "NAME": database}, alias="default")
        self.clients = {}

    def activate(self):
        connections["default"] = self.connection
        caches["default"].key_prefix = self.name

    def client(self, account):
        if account not in self.clients:
            self.activate()
            client = Client()
            if account is not None:
                sign_in(client, account)
            self.clients[account] = client
        return self.clients[account]

    def get(self, account, path):
        client = self.client(account)
        self.activate()
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{self.name}: {path} answered {response.status_code}")
        return elapsed

    def queries(self, account, path):
        client = self.client(account)
        self.activate()
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        return len(captured)


def measure_pair(sides, small, large):
    """small and large are (account, path): the account a role name, an e-mail or None (signed out)."""
    requests = dict(zip(sides, (small, large), strict=True))
    times = {side: [] for side in sides}
    for _ in range(WARM_UPS):
        for side in sides:
            side.get(*requests[side])
    for _ in range(REPEATS):
        for side in sides:
            times[side].append(side.get(*requests[side]))
    return [(statistics.median(times[side]), side.queries(*requests[side])) for side in sides]


def pairs(sides):
    """(case, small request, large request): the demo's pages on both sides, then a generated project's
    pages as its coordinator sees them against the same pages of the demo project."""
    small_side, large_side = sides
    small_side.activate()
    pages = demo_pages()
    verkko = coordinator_pages(Project.objects.get(case_number=VERKKO))
    large_side.activate()
    project, coordinator = scale_data.network_project()
    network = coordinator_pages(project, role=coordinator)
    result = [(label(role, name), (role, path), (role, path)) for role, name, path in pages if name != HEALTHZ]
    for (role, name, small_path), (_email, _name, large_path) in zip(verkko, network, strict=True):
        result.append((f"{role}: {name}; large: a generated project's", (role, small_path), (coordinator, large_path)))
    return result


def row(case, result):
    (small_time, small_queries), (large_time, large_queries) = result
    return {
        "benchmark": "scale",
        "case": case,
        "small": f"{small_time * 1000:.0f} ms, {small_queries} queries",
        "large": f"{large_time * 1000:.0f} ms, {large_queries} queries",
        "ratio": round(large_time / small_time, 2),
        "goal": GOAL,
    }


def measure():
    small_db, large_db = scale_data.prepare()
    benchdb.use(small_db)
    original = connections["default"]
    sides = [Side("small", small_db), Side("large", large_db)]
    sizes = {}
    for side in sides:
        side.activate()
        sizes[side.name] = scale_data.counts()
    rows = []
    try:
        for case, small, large in pairs(sides):
            try:
                rows.append(row(case, measure_pair(sides, small, large)))
            except Exception as error:  # a page that fails is a row, not the end of the run
                rows.append(
                    {"benchmark": "scale", "case": case, "small": "", "large": f"error: {error}", "ratio": None,
                     "goal": GOAL}
                )  # fmt: skip
    finally:
        for side in sides:
            side.connection.close()
        connections["default"] = original
        caches["default"].key_prefix = ""
    projects, memberships, attendance = sizes["large"]
    small_projects, small_memberships, small_attendance = sizes["small"]
    rows.insert(
        0,
        {
            "benchmark": "scale",
            "case": "data (projects, memberships, attendance rows)",
            "small": f"{small_projects:,}, {small_memberships:,}, {small_attendance:,}",
            "large": f"{projects:,}, {memberships:,}, {attendance:,}",
            "ratio": None,
            "goal": None,
        },
    )
    return rows


if __name__ == "__main__":
    for row in measure():
        print(row)
