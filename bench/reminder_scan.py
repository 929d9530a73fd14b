"""Benchmark: one reminder scan against a small and a large reminder table, side by side.

The scan must cost what is due, not what is stored. Both runs have exactly 100 reminders due;
the large one also holds the future reminders of 100,000 signature requests (four each) and of
20,000 meetings (two each), as the application schedules them. The scan reads the reminder table
only, through the (status, due_at) index, so the signature request and meeting tables' sizes do
not enter; their reminders do, and are here.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/networkhub .venv/bin/python bench/reminder_scan.py
It uses (and empties) a database of its own, networkhub_bench, next to DATABASE_URL's.
"""

import time
from datetime import date, timedelta

import benchdb  # Django on the benchmark database, before the app's imports
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.reminders import ReminderKind as CommitmentReminder
from config.celery import app
from meetings.reminders import ReminderKind as MeetingReminder
from networkhub.models import Reminder, ReminderStatus
from networkhub.tasks import scan_reminders

DUE = 100


def fill(project, signature_requests, meetings):
    Reminder.objects.all().delete()
    now = timezone.now()
    request_type = ContentType.objects.get(app_label="commitments", model="signaturerequest")
    meeting_type = ContentType.objects.get(app_label="projects", model="project")  # a stand-in target type
    rows = []

    def flush():
        Reminder.objects.bulk_create(rows, batch_size=5000)
        rows.clear()

    for pk in range(1, signature_requests + 1):
        for step, days in (("3d", 3), ("7d", 7), ("14d", 14), ("exp", 28)):
            rows.append(
                Reminder(
                    kind=CommitmentReminder.SIGNATURE_UNSIGNED,
                    project=project,
                    target_type=request_type,
                    target_id=pk,
                    recipient=f"signer{pk}@example.org",
                    step=step,
                    due_at=now + timedelta(days=days, minutes=pk % 997),
                )
            )
        if len(rows) >= 20000:
            flush()
    for pk in range(1, meetings + 1):
        for step, days in (("7d", 7), ("1d", 1)):
            rows.append(
                Reminder(
                    kind=MeetingReminder.MEETING_UPCOMING,
                    project=project,
                    target_type=meeting_type,
                    target_id=10**6 + pk,
                    recipient=f"invitee{pk}@example.org",
                    step=step,
                    due_at=now + timedelta(days=days, hours=1),
                )
            )
        if len(rows) >= 20000:
            flush()
    for index in range(DUE):
        rows.append(
            Reminder(
                kind=CommitmentReminder.SIGNATURE_UNSIGNED,
                project=project,
                target_type=request_type,
                target_id=10**7 + index,
                recipient=f"due{index}@example.org",
                step="3d",
                due_at=now - timedelta(minutes=index + 1),
            )
        )
    flush()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE networkhub_reminder")


def scan(label):
    Reminder.objects.filter(status=ReminderStatus.QUEUED).update(status=ReminderStatus.PENDING)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        queued = scan_reminders()
        elapsed = time.perf_counter() - started
    assert queued == DUE, queued
    return {"label": label, "rows": Reminder.objects.count(), "seconds": elapsed, "queries": len(queries)}


def measure():
    """Rows for bench/run_all.py: the large scan against one second and the small scan's query count."""
    benchdb.use(benchdb.NAME)
    call_command("migrate", verbosity=0)
    app.conf.broker_url = "memory://"  # the scan queues tasks; nothing needs to run them here
    app.conf.task_always_eager = False
    from projects.models import Programme, Project

    programme, _ = Programme.objects.get_or_create(code="bench", defaults={"name_fi": "B", "name_sv": "B"})
    project, _ = Project.objects.get_or_create(
        case_number="BENCH-1",
        defaults={
            "name": "Bench",
            "acronym": "B",
            "programme": programme,
            "grant_eur": 1,
            "application_date": date(2026, 1, 1),
            "start_date": date(2026, 1, 1),
            "end_date": date(2027, 1, 1),
        },
    )
    results = []
    for label, requests, meetings in (("small", 1_000, 200), ("large", 100_000, 20_000)):
        fill(project, requests, meetings)
        scan(label)  # warm-up
        best = min((scan(label) for _ in range(5)), key=lambda result: result["seconds"])
        results.append(best)
        reset_queries()
    small, large = results

    def side(result):
        return f"{result['rows']:,} reminders: {result['seconds'] * 1000:.0f} ms, {result['queries']} queries"

    return [
        {
            "benchmark": "reminder_scan",
            "case": f"large scan ÷ 1 s ({DUE} due)",
            "small": "1 s",
            "large": side(large),
            "ratio": round(large["seconds"], 3),
            "goal": 1,
        },
        {
            "benchmark": "reminder_scan",
            "case": "queries, large ÷ small",
            "small": side(small),
            "large": side(large),
            "ratio": round(large["queries"] / small["queries"], 2),
            "goal": 1,
        },
        {
            "benchmark": "reminder_scan",
            "case": "time, large ÷ small (no goal)",
            "small": side(small),
            "large": side(large),
            "ratio": round(large["seconds"] / small["seconds"], 2),
            "goal": None,
        },
    ]


if __name__ == "__main__":
    for row in measure():
        print(row)
