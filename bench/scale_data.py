"""The two databases of the scale benchmark: the demo, and the demo inside a network of 1,000 projects.

`<bench database>_scale_small` holds `seed_demo`'s data. `<bench database>_scale_large` is made
from it as a template (so the demo's rows, keys and dates are the same in both) and grows to 1,000
projects, 20,000 memberships and 1,000,000 attendance rows in all: 4,000 organisations (one contact
each, half Finnish) are members of five generated projects each, every generated project holds 53
weekly meetings (52 held, one planned), and attendance is inserted in one INSERT … SELECT over meetings and
members' contacts. The generated projects belong to the demo's programmes, so the funder sees them.
The build takes a few minutes; a later run reuses both databases while the large one's counts
match (SCALE_REBUILD=1 forces a rebuild).
"""

import io
import os
from datetime import date, timedelta
from decimal import Decimal

import benchdb
import psycopg2
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from meetings.models import Attendance, Meeting, MeetingStatus, MeetingType
from networkhub.models import Role
from partners.models import ContactPerson, Membership, MembershipRole, MembershipStatus, Organisation, OrganisationType
from projects.models import Programme, Project, ProjectStatus
from tests.factories import business_id

PROJECTS, MEMBERSHIPS, ATTENDANCE = 1_000, 20_000, 1_000_000
ORGANISATIONS, MEETINGS_PER_PROJECT, PROJECTS_PER_COORDINATOR = 4_000, 53, 10
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-verkosto-2026")
SMALL, LARGE = benchdb.NAME + "_scale_small", benchdb.NAME + "_scale_large"


def network_project():
    """A generated project (20 members, 52 held meetings, about 1,040 attendance rows) and its coordinator."""
    project = Project.objects.get(case_number="OPH-B0000-2026")
    return project, project.coordinators.get().email


def counts():
    return Project.objects.count(), Membership.objects.count(), Attendance.objects.count()


def _admin(sql, *names):
    server = psycopg2.connect(benchdb.url("postgres"))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(sql.format(*(f'"{name}"' for name in names)))
    server.close()


def ready():
    """Both databases are there, migrated, and the large one has the target counts."""
    benchdb.use(SMALL)
    call_command("migrate", verbosity=0)
    benchdb.use(LARGE)
    call_command("migrate", verbosity=0)
    return counts() == (PROJECTS, MEMBERSHIPS, ATTENDANCE)


def build():
    connection.close()
    _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", LARGE)
    _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", SMALL)
    benchdb.use(SMALL)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    connection.close()
    _admin("CREATE DATABASE {} TEMPLATE {}", LARGE, SMALL)
    benchdb.use(LARGE)
    grow()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare():
    """Build the databases unless a previous run left them complete; return (small, large) names."""
    if os.environ.get("SCALE_REBUILD") or not ready():
        build()
    return SMALL, LARGE


def _organisations():
    rows = []
    for n in range(ORGANISATIONS):
        finnish = n % 2 == 0
        rows.append(
            Organisation(
                name=f"Verkosto-organisaatio {n:04d}",
                org_type=OrganisationType.COMPANY if n % 3 == 0 else OrganisationType.EDUCATION_PROVIDER,
                country="FI" if finnish else ("SE", "EE", "DE")[n % 3],
                business_id=business_id(200_000 + n) if finnish else None,
                foreign_registration_number="" if finnish else f"BENCH-{n}",
                new_to_international=n % 4 == 0,
            )
        )
    organisations = Organisation.objects.bulk_create(rows, batch_size=2000)
    ContactPerson.objects.bulk_create(
        [
            ContactPerson(organisation=o, name=f"Yhteyshenkilö {o.pk}", email=f"contact{o.pk}@bench.example")
            for o in organisations
        ],
        batch_size=2000,
    )
    return organisations


def _projects(count):
    programmes = list(Programme.objects.order_by("code"))
    coordinators = User.objects.bulk_create(
        [
            User(email=f"coordinator{n}@bench.example", full_name=f"Koordinaattori {n}", role=Role.COORDINATOR)
            for n in range(count // PROJECTS_PER_COORDINATOR + 1)
        ]
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                case_number=f"OPH-B{n:04d}-2026",
                acronym=f"B{n:04d}",
                name=f"Verkostohanke {n:04d}",
                programme=programmes[n % len(programmes)],
                grant_eur=Decimal("100000.00"),
                application_date=date(2026, 3, 1),
                start_date=date(2026, 8, 1),
                end_date=date(2028, 7, 31),
                status=ProjectStatus.ACTIVE,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    through = Project.coordinators.through
    through.objects.bulk_create(
        [
            through(project_id=p.pk, user_id=coordinators[n // PROJECTS_PER_COORDINATOR].pk)
            for n, p in enumerate(projects)
        ]
    )
    return projects


def _memberships(projects, organisations, count):
    per_project, extra = divmod(count, len(projects))
    rows, cursor = [], 0
    for index, project in enumerate(projects):
        for slot in range(per_project + (1 if index < extra else 0)):
            rows.append(
                Membership(
                    project=project,
                    organisation=organisations[cursor % len(organisations)],
                    role=MembershipRole.LEAD if slot == 0 else MembershipRole.PARTNER,
                    status=MembershipStatus.ACTIVE,
                    joined_on=date(2026, 3, 1),
                )
            )
            cursor += 1
    Membership.objects.bulk_create(rows, batch_size=5000)


def _meetings(projects):
    now = timezone.now()
    rows = []
    for project in projects:
        for n in range(MEETINGS_PER_PROJECT):
            start = now - timedelta(days=7 * (MEETINGS_PER_PROJECT - n) - 14, hours=n % 5)
            rows.append(
                Meeting(
                    project=project,
                    title=f"Verkostokokous {n}",
                    meeting_type=MeetingType.WORKSHOP if n % 2 else MeetingType.STEERING_GROUP,
                    start=start,
                    end=start + timedelta(hours=2),
                    status=MeetingStatus.HELD if start < now else MeetingStatus.PLANNED,
                )
            )
    Meeting.objects.bulk_create(rows, batch_size=5000)


def _attendance(first_project_pk, count):
    """Every member's contact at each held generated meeting, in meeting order, until `count` rows."""
    tables = {
        "attendance": Attendance._meta.db_table,
        "meeting": Meeting._meta.db_table,
        "membership": Membership._meta.db_table,
        "contact": ContactPerson._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {tables["attendance"]} (meeting_id, contact_id, status, proxy_name, recorded_at)
            SELECT m.id, c.id, CASE WHEN (m.id + c.id) %% 5 = 0 THEN 'absent' ELSE 'present' END, '', m."end"
            FROM {tables["meeting"]} m
            JOIN {tables["membership"]} ms ON ms.project_id = m.project_id
            JOIN {tables["contact"]} c ON c.organisation_id = ms.organisation_id
            WHERE m.project_id >= %s AND m.status = %s
            ORDER BY m.id, c.id
            LIMIT %s
            """,
            [first_project_pk, MeetingStatus.HELD, count],
        )


def grow():
    projects_now, memberships_now, attendance_now = counts()
    with transaction.atomic():
        organisations = _organisations()
        projects = _projects(PROJECTS - projects_now)
        _memberships(projects, organisations, MEMBERSHIPS - memberships_now)
        _meetings(projects)
        _attendance(projects[0].pk, ATTENDANCE - attendance_now)
    assert counts() == (PROJECTS, MEMBERSHIPS, ATTENDANCE), counts()
