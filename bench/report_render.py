"""Benchmark: a status report of a large network, against WeasyPrint alone on the same HTML.

A network of 50 member organisations, 200 held meetings and 2,000 attendance rows. "ours" is what
the PDF task does: gather the data (`reports.data.build`), render the template and let
WeasyPrint write the PDF. "weasyprint" renders the same, pre-rendered HTML. Goal: ours adds no more
than 50 % on top. Peak Python memory of our run is measured with tracemalloc.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/networkhub .venv/bin/python bench/report_render.py
It uses (and empties) a database of its own, networkhub_bench, next to DATABASE_URL's.
"""

import time
import tracemalloc
from datetime import date

import benchdb  # Django on the benchmark database, before the app's imports
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from goals.models import Goal
from meetings.models import Attendance, Meeting
from networkhub.models import Role
from projects.models import Programme, ProgrammeDeadline, Project, ReportType
from reports import data, services
from reports.models import Report
from reports.pdf import html_to_pdf, render_html
from tests.reports.helpers import grow_network

MEMBERS, MEETINGS, ATTENDANCE = 50, 200, 2_000
RUNS = 3


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


def measure():
    """Rows for bench/run_all.py: gathering + templating on top of WeasyPrint, and end to end."""
    benchdb.use(benchdb.NAME)
    call_command("migrate", verbosity=0)
    report = setup()
    meetings = Meeting.objects.filter(project=report.project).count()
    attendance = Attendance.objects.filter(meeting__project=report.project).count()
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
    ours(report)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    network = f"{MEMBERS} members, {meetings} meetings, {attendance:,} attendance rows"
    weasyprint = f"WeasyPrint on the HTML: {baseline:.2f} s"
    return [
        {
            "benchmark": "report_render",
            "case": f"(WeasyPrint + gathering + templating) ÷ WeasyPrint; {network}",
            "small": weasyprint,
            "large": f"+ gathering {gathering:.3f} s ({len(queries)} queries) + templating {templating:.3f} s",
            "ratio": round((baseline + gathering + templating) / baseline, 2),
            "goal": 1.5,
        },
        {
            "benchmark": "report_render",
            "case": "ours end to end ÷ WeasyPrint (noise included; no goal)",
            "small": weasyprint,
            "large": f"ours: {total:.2f} s, peak Python memory {peak / 2**20:.0f} MiB",
            "ratio": round(total / baseline, 2),
            "goal": None,
        },
    ]


if __name__ == "__main__":
    for row in measure():
        print(row)
