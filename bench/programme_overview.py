"""Benchmark: OPH's programme overview and the review queue at 2 and at 1,000 projects, side by side.

Each page is requested as a signed-in funder reviewer through Django's test client (middleware, session,
templates and all), with 2 projects in the database and with 1,000: every project with 9 weeks of
stored statuses (weekly snapshots and today's, with the day's counts as the daily job stores them), a
submitted report in the queue and a deadline ahead. Paging and filtering happen in the database, so the
large side renders one page of 25 rows, not all. Goal: large ÷ small ≤ 1.5 for each page (issue 10).
The sides are measured in turns and the best of several runs counts (see `measure`).

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/networkhub .venv/bin/python bench/programme_overview.py
It uses (and empties) a database of its own, networkhub_bench (NETWORKHUB_BENCH_DB), next to DATABASE_URL's.
"""

import time
from datetime import date, timedelta
from decimal import Decimal

import benchdb  # noqa: F401 - Django on the benchmark database, before the app's imports
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import reverse
from django.utils import timezone
from pages import sign_in
from scale_data import MIX, submitted_report

from accounts.models import User
from health.models import HealthDay, HealthSnapshot
from health.panel import ITEMS, Status
from health.snapshots import TREND_WEEKS, week_of
from networkhub.models import Role
from projects.models import Programme, ProgrammeDeadline, Project, ProjectStatus, Region, ReportType
from reports import due
from reports.models import Report

SMALL, LARGE = 2, 1_000
RUNS = 10
ROUNDS = 3
GOAL = 1.5
PREFIX = "BENCH-OVERVIEW-"
# (name, URL name, query): issue 22 sorts the overview by the risk score and filters it by an item, phase and cohort.
PAGES = [
    ("programme overview", "home:overview", ""),
    (
        "programme overview, by risk, filtered",
        "home:overview",
        "?sort=risk&item=meetings&item_status=red&phase=running",
    ),
    ("review queue", "reports:queue", ""),
]
REGIONS = list(Region.values)


def _programme():
    programme, _created = Programme.objects.get_or_create(
        code="bench-overview", defaults={"name_fi": "Vertailu", "name_sv": "Jämförelse", "name_en": "Benchmark"}
    )
    ProgrammeDeadline.objects.get_or_create(
        programme=programme, report_type=ReportType.INTERIM, due_date=timezone.localdate() + timedelta(days=60)
    )
    return programme


def add_projects(first, count, programme):
    """Projects `first` … `first + count - 1` with their stored statuses and a submitted report, in bulk."""
    today = timezone.localdate()
    projects = Project.objects.bulk_create(
        [
            Project(
                name=f"Vertailuhanke {n}",
                acronym=f"BENCH{n:04d}",
                case_number=f"{PREFIX}{n}",
                programme=programme,
                grant_eur=Decimal("100000"),
                application_date=date(2026, 3, 1),
                start_date=date(2026, 8, 1),
                end_date=date(2028, 7, 31),
                status=ProjectStatus.ACTIVE,
                region=REGIONS[n % len(REGIONS)],
            )
            for n in range(first, first + count)
        ]
    )
    days = [week_of(today) - timedelta(weeks=weeks) for weeks in range(TREND_WEEKS, -1, -1)] + [today]
    HealthSnapshot.objects.bulk_create(
        [
            HealthSnapshot(
                project=project,
                taken_on=day,
                key=key,
                status=MIX[(project.pk + index + day.toordinal()) % len(MIX)],
                value=50,
            )
            for project in projects
            for day in sorted(set(days))
            for index, key in enumerate(ITEMS)
        ],
        batch_size=5_000,
    )
    statuses_today = {
        project.pk: [MIX[(project.pk + index + today.toordinal()) % len(MIX)] for index, _key in enumerate(ITEMS)]
        for project in projects
    }
    HealthDay.objects.bulk_create(
        [
            HealthDay(
                project=project,
                taken_on=today,
                red_count=statuses_today[project.pk].count(Status.RED),
                amber_count=statuses_today[project.pk].count(Status.AMBER),
                no_data_count=statuses_today[project.pk].count(Status.NO_DATA),
                statuses={key: str(status) for key, status in zip(ITEMS, statuses_today[project.pk], strict=True)},
                item_values=dict.fromkeys(ITEMS, 50.0),
            )
            for project in projects
        ]
    )
    Report.objects.bulk_create([submitted_report(project.pk) for project in projects])
    due.refresh([project.pk for project in projects])  # bulk_create sends no signals
    return projects


def clear():
    Report.objects.filter(project__case_number__startswith=PREFIX).delete()
    Project.objects.filter(case_number__startswith=PREFIX).delete()


def reviewer():
    user, _created = User.objects.get_or_create(
        email="bench.reviewer@oph.example", defaults={"full_name": "Vertailu Arvioija", "role": Role.FUNDER}
    )
    client = Client()
    sign_in(client, user.email)  # with a second factor, as a reviewer signs in
    return client


def tidy():
    """Fresh planner statistics and no dead rows, so that each side meets the tables as production would."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def sample(client, times, queries):
    """RUNS requests of each page; the times are added to `times[page]`, one query count kept per page."""
    for name, url_name, query in PAGES:
        url = reverse(url_name) + query
        client.get(url)  # warm-up: templates, translations, the connection, the data's pages in memory
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get(url)
            times.setdefault(name, []).append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[name] = len(captured)


def measure():
    """Rows for the benchmark table (bench/README.md): each page at 2 and at 1,000 projects, and the ratio.

    The two sides are measured in turns, ROUNDS times: the 998 further projects are added, measured and
    removed again, so that both sides meet the same load on a shared machine. The best time of each side
    counts."""
    setup_test_environment()
    call_command("migrate", verbosity=0)
    clear()
    programme = _programme()
    client = reviewer()
    others = Project.objects.exclude(case_number__startswith=PREFIX).count()  # another benchmark's, if any
    add_projects(0, SMALL, programme)
    small_times, large_times, small_queries, large_queries = {}, {}, {}, {}
    sizes = (SMALL + others, LARGE)
    for _round in range(ROUNDS):
        tidy()
        sample(client, small_times, small_queries)
        large = add_projects(SMALL, LARGE - SMALL - others, programme)
        sizes = (SMALL + others, Project.objects.count())
        tidy()
        sample(client, large_times, large_queries)
        Report.objects.filter(project__in=large).delete()
        Project.objects.filter(pk__in=[project.pk for project in large]).delete()
    clear()
    rows = []
    for name, _url_name, _query in PAGES:
        small, large = min(small_times[name]), min(large_times[name])
        rows.append(
            {
                "benchmark": name,
                "case": "page 1, signed in as a funder reviewer",
                "small": f"{sizes[0]:,} projects: {small * 1000:.1f} ms, {small_queries[name]} queries",
                "large": f"{sizes[1]:,} projects: {large * 1000:.1f} ms, {large_queries[name]} queries",
                "ratio": round(large / small, 2),
                "goal": GOAL,
            }
        )
    return rows


def main():
    for row in measure():
        verdict = "ok" if row["ratio"] <= row["goal"] else "OVER THE GOAL"
        print(f"{row['benchmark']:<20} {row['small']:<40} {row['large']:<42} ratio {row['ratio']:.2f} "
              f"(goal <= {row['goal']}) {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
