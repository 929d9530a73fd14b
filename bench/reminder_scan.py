"""Benchmark: one reminder scan against a small and a large reminder table, side by side.

The scan must cost what is due, not what is stored. Both runs have exactly 100 reminders due;
the large one also holds the future reminders of 100,000 signature requests (four each) and of
20,000 meetings (two each), as the application schedules them. The scan reads the reminder table
only, through the (status, due_at) index, so the signature request and meeting tables' sizes do
not enter; their reminders do, and are here.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/networkhub .venv/bin/python bench/reminder_scan.py
It uses (and empties) a database of its own, networkhub_bench, next to DATABASE_URL's.
"""

import os
import sys
import time
from datetime import date, timedelta
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
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from networkhub import reminders  # noqa: E402
from networkhub.celery import app  # noqa: E402
from networkhub.models import Reminder, ReminderKind, ReminderStatus  # noqa: E402

DUE = 100


def create_database():
    admin = base.rsplit("/", 1)[0] + "/postgres"
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'networkhub_bench'")
        if not cursor.fetchone():
            cursor.execute("CREATE DATABASE networkhub_bench")
    conn.close()


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
                    kind=ReminderKind.SIGNATURE_UNSIGNED,
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
                    kind=ReminderKind.MEETING_UPCOMING,
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
                kind=ReminderKind.SIGNATURE_UNSIGNED,
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


def measure(label):
    Reminder.objects.filter(status=ReminderStatus.QUEUED).update(status=ReminderStatus.PENDING)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        queued = reminders.scan()
        elapsed = time.perf_counter() - started
    assert queued == DUE, queued
    return {"label": label, "rows": Reminder.objects.count(), "seconds": elapsed, "queries": len(queries)}


def main():
    create_database()
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
        measure(label)  # warm-up
        best = min((measure(label) for _ in range(5)), key=lambda result: result["seconds"])
        results.append(best)
        reset_queries()
    print(f"{'run':<6} {'reminder rows':>14} {'scan seconds':>13} {'queries':>8}")
    for result in results:
        print(f"{result['label']:<6} {result['rows']:>14,} {result['seconds']:>13.4f} {result['queries']:>8}")
    small, large = results
    print(
        f"time ratio large/small: {large['seconds'] / small['seconds']:.2f}  "
        f"(table {large['rows'] / small['rows']:.0f}x larger, same {DUE} due)"
    )
    print(f"query counts equal: {small['queries'] == large['queries']}; large scan under 1 s: {large['seconds'] < 1}")


if __name__ == "__main__":
    main()
