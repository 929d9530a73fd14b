"""Benchmark: a status report of a large network, against WeasyPrint alone on the same HTML.

A network of 50 member organisations, 200 held meetings and 2,000 attendance rows. "ours" is what
the PDF task does: gather the data (`projects.reports.data.build`), render the template and let
WeasyPrint write the PDF. "weasyprint" renders the same, pre-rendered HTML. Goal: ours adds no more
than 50 % on top. Peak Python memory of our run is measured with tracemalloc.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/networkhub .venv/bin/python bench/report_render.py
It uses (and empties) a database of its own, networkhub_bench, next to DATABASE_URL's.
"""

import os
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/networkhub")
if not base.startswith("postgres"):
    sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL.")
os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/networkhub_bench"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "networkhub.settings")
os.environ["REDIS_URL"] = ""

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from meetings.models import Attendance, Meeting  # noqa: E402
from networkhub.models import Role, User  # noqa: E402
from projects.models import Goal, Programme, ProgrammeDeadline, Project, Report, ReportType  # noqa: E402
from projects.reports import data, services  # noqa: E402
from projects.reports.pdf import html_to_pdf, render_html  # noqa: E402
from tests.reports.helpers import grow_network  # noqa: E402

MEMBERS, MEETINGS, ATTENDANCE = 50, 200, 2_000
RUNS = 3


def create_database():
    admin = base.rsplit("/", 1)[0] + "/postgres"
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'networkhub_bench'")
        if not cursor.fetchone():
            cursor.execute("CREATE DATABASE networkhub_bench")
    conn.close()


def setup():
    Project.objects.filter(case_number="BENCH-REPORT").delete()
    programme, _ = Programme.objects.get_or_create(code="bench-report", defaults={"name_fi": "B", "name_sv": "B"})
    deadline, _ = ProgrammeDeadline.objects.get_or_create(
        programme=programme, report_type=ReportType.INTERIM, due_date=date(2027, 8, 1)
    )
    coordinator, _ = User.objects.get_or_create(
        email="bench@example.org", defaults={"full_name": "Bench", "role": Role.COORDINATOR}
    )
    project = Project.objects.create(
        case_number="BENCH-REPORT",
        name="Bench",
        acronym="BENCH",
        programme=programme,
        grant_eur=100000,
        application_date=date(2026, 3, 1),
        start_date=date(2026, 8, 1),
        end_date=date(2028, 7, 31),
    )
    project.coordinators.add(coordinator)
    for n in range(6):
        Goal.objects.create(project=project, title=f"Tavoite {n}", indicator="Jaksot", target=20, order=n)
    grow_network(project, members=MEMBERS, meetings=MEETINGS, attendance_per_meeting=ATTENDANCE // MEETINGS)
    report = services.create_report(project, programme_deadline=deadline, actor=coordinator)
    return Report.objects.select_related("project__programme").get(pk=report.pk)


def ours(report):
    return html_to_pdf(render_html(data.build(report)))


def timed(function, *args):
    best = None
    for _ in range(RUNS):
        started = time.perf_counter()
        function(*args)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    create_database()
    call_command("migrate", verbosity=0)
    report = setup()
    print(
        f"network: {MEMBERS} members, {Meeting.objects.filter(project=report.project).count()} meetings, "
        f"{Attendance.objects.filter(meeting__project=report.project).count():,} attendance rows"
    )
    html = render_html(data.build(report))
    ours(report)  # warm-up: fonts, templates
    with CaptureQueriesContext(connection) as queries:
        gathered = data.build(report)
    started = time.perf_counter()
    render_html(gathered)
    templating = time.perf_counter() - started
    gathering = timed(data.build, report)
    baseline = timed(html_to_pdf, html)
    total = timed(ours, report)
    tracemalloc.start()
    pdf = ours(report)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{'step':<32} {'seconds':>8}")
    print(f"{'data gathering':<32} {gathering:>8.3f}  ({len(queries)} queries)")
    print(f"{'templating':<32} {templating:>8.3f}")
    print(f"{'weasyprint on pre-rendered HTML':<32} {baseline:>8.3f}")
    print(f"{'ours (gather + template + PDF)':<32} {total:>8.3f}")
    overhead = (gathering + templating) / baseline
    print(f"ours / weasyprint: {total / baseline:.2f} end to end (run-to-run noise included)")
    print(f"gathering + templating add {overhead:.1%} on top of WeasyPrint; goal <= 50 %: {overhead <= 0.5}")
    print(f"PDF {len(pdf) / 1024:.0f} KiB; peak Python memory of our run {peak / 2**20:.1f} MiB (tracemalloc)")


if __name__ == "__main__":
    main()
