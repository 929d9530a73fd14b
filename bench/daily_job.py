"""Benchmark: the daily statuses job (health.daily) at DAILY_BENCH_PROJECTS projects and at a tenth of that.

Issue 24: the job computes every item of a batch of projects with a constant number of queries per batch; its
queries per project at 10,000 projects are at most 2, and its run time at 10,000 ÷ at 1,000 at most 11. The default
size is 1,000 projects against 100, so that a run stays short; the lead sets DAILY_BENCH_PROJECTS=10000 for the
issue's figure. Every project has five members (two foreign, one with an expertise profile), their contacts, six
meetings held in the last year with the foreign partners invited and present, a goal, two ideas, an output
disseminated, its coordinator's recent actions and a mobility: every kind of data the items read. The rows are
written in bulk; the job then runs once per size on a fresh day (one worker, after a warm-up run at that size),
timed, with its queries counted.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/networkhub .venv/bin/python bench/daily_job.py
It uses (and empties) a database of its own, networkhub_bench_daily, next to DATABASE_URL's.
"""

import os
import time
from datetime import datetime, timedelta
from datetime import time as clock
from decimal import Decimal

import benchdb  # Django on the benchmark database, before the app's imports
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from goals.models import Goal, Idea
from health.daily import BATCH_SIZE, take_daily_statuses
from health.models import HealthDay, HealthSnapshot
from meetings.models import Attendance, AttendanceStatus, Invitation, Meeting, MeetingStatus, MeetingType
from networkhub.models import AuditEvent, Role
from partners.models import ContactPerson, Membership, MembershipStatus, Organisation, OrganisationType
from projects.models import Programme, Project, ProjectStatus
from results.models import DisseminationChannel, DisseminationEvent, Output, OutputType

LARGE = int(os.environ.get("DAILY_BENCH_PROJECTS", "1000"))
SMALL = max(LARGE // 10, 1)
GOAL_QUERIES = 2  # queries per project, amortised
GOAL_TIME = 11  # run time at 10 × the projects ÷ run time
PREFIX = "BENCH-DAILY-"
MEMBERS = 5
MEETINGS = 6


def _programme():
    programme, _created = Programme.objects.get_or_create(
        code="bench-daily", defaults={"name_fi": "Vertailu", "name_sv": "Jämförelse", "name_en": "Benchmark"}
    )
    return programme


def _at(day):
    return timezone.make_aware(datetime.combine(day, clock(10)))


def add_projects(first, count, programme):
    """Projects `first` … `first + count - 1` with their members, meetings, ideas, outputs and actions, in bulk."""
    today = timezone.localdate()
    projects = Project.objects.bulk_create(
        [
            Project(
                name=f"Päivähanke {n}",
                acronym=f"DAY{n:05d}",
                case_number=f"{PREFIX}{n}",
                programme=programme,
                grant_eur=Decimal("100000"),
                application_date=today - timedelta(days=400),
                start_date=today - timedelta(days=300),
                end_date=today + timedelta(days=430),
                status=ProjectStatus.ACTIVE,
            )
            for n in range(first, first + count)
        ]
    )
    coordinators = User.objects.bulk_create(
        [
            User(
                email=f"daily{project.pk}@bench.example",
                full_name=f"Koordinaattori {project.pk}",
                role=Role.COORDINATOR,
            )
            for project in projects
        ]
    )
    Project.coordinators.through.objects.bulk_create(
        [
            Project.coordinators.through(project=project, user=user)
            for project, user in zip(projects, coordinators, strict=True)
        ]
    )
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Päiväorganisaatio {project.pk}-{index}",
                org_type=OrganisationType.EDUCATION_PROVIDER,
                country="EE" if index % 2 else "FI",
                business_id=None if index % 2 else f"{project.pk:07d}-{index}",
                foreign_registration_number=f"{project.pk}-{index}" if index % 2 else "",
            )
            for project in projects
            for index in range(MEMBERS)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                project=projects[number // MEMBERS],
                organisation=organisation,
                status=MembershipStatus.ACTIVE,
                joined_on=today - timedelta(days=350),
            )
            for number, organisation in enumerate(organisations)
        ]
    )
    contacts = ContactPerson.objects.bulk_create(
        [
            ContactPerson(
                organisation=organisation,
                name=f"Yhteyshenkilö {organisation.pk}",
                email=f"contact{organisation.pk}@bench.example",
                consent_to_share=True,
            )
            for organisation in organisations
        ]
    )
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                project=project,
                title=f"Verkostokokous {index}",
                meeting_type=MeetingType.STEERING_GROUP,
                start=_at(today - timedelta(days=60 * index + 5)),
                end=_at(today - timedelta(days=60 * index + 5)) + timedelta(hours=2),
                status=MeetingStatus.HELD,
            )
            for project in projects
            for index in range(MEETINGS)
        ]
    )
    foreign = [contact for number, contact in enumerate(contacts) if number % MEMBERS % 2]
    per_project = MEMBERS // 2
    Invitation.objects.bulk_create(
        [
            Invitation(meeting=meeting, contact=contact)
            for number, meeting in enumerate(meetings)
            for contact in foreign[number // MEETINGS * per_project : (number // MEETINGS + 1) * per_project]
        ]
    )
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, contact=contact, status=AttendanceStatus.PRESENT)
            for number, meeting in enumerate(meetings)
            for contact in foreign[number // MEETINGS * per_project : (number // MEETINGS + 1) * per_project]
        ]
    )
    Goal.objects.bulk_create(
        [
            Goal(project=project, title="Liikkuvuus", indicator="Jaksot", target=20, unit="henkilöä")
            for project in projects
        ]
    )
    now = timezone.now()
    Idea.objects.bulk_create(
        [
            Idea(
                project=project,
                title=f"Idea {index}",
                description="Kokeillaan.",
                proposed_by_organisation=organisations[number * MEMBERS + index],
                created_at=now - timedelta(days=30 * (index + 1)),
                first_status_change_at=now - timedelta(days=30 * (index + 1) - 5) if index else None,
            )
            for number, project in enumerate(projects)
            for index in range(2)
        ]
    )
    outputs = Output.objects.bulk_create(
        [
            Output(
                project=project,
                output_type=OutputType.OPERATING_MODEL,
                title=f"Malli {project.pk}",
                description="",
                created_at=now - timedelta(days=90),
            )
            for project in projects
        ]
    )
    DisseminationEvent.objects.bulk_create(
        [
            DisseminationEvent(
                output=output,
                date=today - timedelta(days=30),
                channel=DisseminationChannel.SEMINAR,
                audience="Opettajat",
                reach=40,
            )
            for output in outputs
        ]
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(action="meeting.created", actor=user, project=project)
            for project, user in zip(projects, coordinators, strict=True)
            for _index in range(3)
        ]
    )
    return projects


def clear():
    HealthSnapshot.objects.filter(project__case_number__startswith=PREFIX).delete()
    AuditEvent.objects.filter(project__case_number__startswith=PREFIX).delete()
    Project.objects.filter(case_number__startswith=PREFIX).delete()
    User.objects.filter(email__endswith="@bench.example").delete()
    Organisation.objects.filter(name__startswith="Päiväorganisaatio ").delete()


def run(projects, day):
    """One run of the job over `projects` open projects on `day` (every day unclaimed): seconds and queries."""
    HealthSnapshot.objects.all().delete()
    HealthDay.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        stored = take_daily_statuses(day)
        elapsed = time.perf_counter() - started
    assert stored == projects, (stored, projects)
    return {"projects": projects, "seconds": elapsed, "queries": len(queries)}


def measure():
    """Rows for bench/run_all.py: queries per project at the large size, and the large ÷ small run time."""
    benchdb.use(f"{benchdb.NAME}_daily")
    call_command("migrate", verbosity=0)
    clear()
    programme = _programme()
    day = timezone.localdate()
    add_projects(0, SMALL, programme)
    run(SMALL, day)  # a warm-up: the first run pays for imports, catalogues and caches
    small = run(SMALL, day)
    add_projects(SMALL, LARGE - SMALL, programme)
    run(LARGE, day)  # the same warm-up at the large size: the sides are compared in the same state
    large = run(LARGE, day)
    clear()

    def side(result):
        return (
            f"{result['projects']:,} projects: {result['seconds']:.1f} s, {result['queries']:,} queries "
            f"({result['queries'] / result['projects']:.2f} and {1000 * result['seconds'] / result['projects']:.1f} ms"
            f" a project; batches of {BATCH_SIZE})"
        )

    return [
        {
            "benchmark": "daily_job",
            "case": f"queries per project at {LARGE:,}",
            "small": side(small),
            "large": side(large),
            "ratio": round(large["queries"] / large["projects"], 2),
            "goal": GOAL_QUERIES,
        },
        {
            "benchmark": "daily_job",
            "case": f"run time, {LARGE:,} ÷ {SMALL:,} projects",
            "small": side(small),
            "large": side(large),
            "ratio": round(large["seconds"] / small["seconds"], 2),
            "goal": GOAL_TIME * LARGE / SMALL / 10,
        },
    ]


if __name__ == "__main__":
    for row in measure():
        print(row)
