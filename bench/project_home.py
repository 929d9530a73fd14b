"""Benchmark: the project home ÷ the members list of the same project, on the demo (issue 24).

The project home shows the network-health panel, the network map, the member table and the commitment, meeting and
report figures; the members list shows the member table. Goal: the home costs at most twice the list, with the
panel and the map read from the stored day (health.stored) and the members' letters read once. Before the measure
the demo project's day is stored again (the refresh after a change, health.stale), so that the panel is current; a
second row gives the home with the panel and the map computed live (its day marked stale), for information.

It runs on a copy of the scale benchmark's demo database (`<bench database>_scale_small`, seed_demo's data, built by
bench/scale.py), `<bench database>_project_home`, made from it the first time and migrated: the demo database
itself is only read, as a template. Each side's time is the median of REPEATS requests after WARM_UPS, the two pages
requested in turns; its query count that of one request. PROJECT_HOME_DEMO_DB and PROJECT_HOME_DB name the two
databases otherwise.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/networkhub .venv/bin/python bench/project_home.py
"""

import os
import statistics
import time

import benchdb  # Django on the benchmark database, before the app's imports
import psycopg2
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pages import VERKKO, sign_in

from health import stale
from health.models import HealthDay
from health.stored import current
from projects.models import Project

REPEATS = int(os.environ.get("PROJECT_HOME_REPEATS", "15"))
WARM_UPS = 2
GOAL = 2
DEMO = os.environ.get("PROJECT_HOME_DEMO_DB", benchdb.NAME + "_scale_small")  # only read, as a template
COPY = os.environ.get("PROJECT_HOME_DB", benchdb.NAME + "_project_home")


def _copy_of_demo():
    """The copy of the demo database, made from it as a template if there is none yet."""
    server = psycopg2.connect(benchdb.url("postgres"))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DEMO])
        if not cursor.fetchone():
            raise RuntimeError(f"{DEMO} is missing: bench/scale.py builds it (the demo's data)")
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [COPY])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{COPY}" TEMPLATE "{DEMO}"')
    server.close()
    benchdb.use(COPY)
    call_command("migrate", verbosity=0)


def _store_day(project):
    """Store the project's day as the refresh after a change does, so that its panel is current today."""
    stale.mark_stale(project.pk)
    stale.refresh(project.pk)
    if current(project, min(timezone.localdate(), project.end_date), timezone.localdate()) is None:
        raise RuntimeError("the stored day is not current: the measure would be of the live panel and map")


def _pair(client, home, members):
    times = {home: [], members: []}
    for round_ in range(WARM_UPS + REPEATS):
        for path in (home, members):
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            if round_ >= WARM_UPS:
                times[path].append(elapsed)
    queries = {}
    for path in (home, members):
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries[path] = len(captured)
    return [(statistics.median(times[path]), queries[path]) for path in (home, members)]


def _row(case, home, members, goal):
    (home_time, home_queries), (members_time, members_queries) = home, members
    return {
        "benchmark": "project home ÷ members list",
        "case": case,
        "small": f"members list: {members_time * 1000:.1f} ms, {members_queries} queries",
        "large": f"project home: {home_time * 1000:.1f} ms, {home_queries} queries",
        "ratio": round(home_time / members_time, 2),
        "goal": goal,
    }


def measure():
    _copy_of_demo()
    project = Project.objects.get(case_number=VERKKO)
    home = reverse("home:project", args=[project.pk])
    members = reverse("partners:list", kwargs={"project_pk": project.pk})
    rows = []
    for role in ("coordinator", "partner"):
        client = Client()
        sign_in(client, role)
        _store_day(project)
        rows.append(_row(f"demo VERKKO, {role}, panel stored", *_pair(client, home, members), GOAL))
    client = Client()
    sign_in(client, "coordinator")
    HealthDay.objects.filter(project=project).update(stale_since=timezone.now())  # no refresh runs here
    try:
        rows.append(_row("demo VERKKO, coordinator, panel live (stale day)", *_pair(client, home, members), None))
    finally:
        _store_day(project)
    return rows


if __name__ == "__main__":
    for row in measure():
        print(row)
