"""The two databases of the scale benchmark: the demo, and the demo inside a programme of 10,000 projects.

`<bench database>_scale_small` holds `seed_demo`'s data. `<bench database>_scale_large` is made
from it as a template (so the demo's rows, keys and dates are the same in both) and grows to
SCALE_PROJECTS (default 10,000) projects, 20 memberships and 1,000 attendance rows per project in all
(200,000 and 10,000,000 at the default): four organisations per project (one contact each, half Finnish)
are members of five generated projects each, every generated project holds 53 weekly meetings (52 held, one
planned), a submitted status report, a region, 9 weeks of stored health statuses with today's day and its
counts (as the daily job stores them) and its stored first open report due date (`reports.due`, written after
the COPY, which sends no signals), so that OPH's overview and programme aggregates meet the whole programme.
The generated projects belong to the demo's programmes, so the funder sees them.

Rows are written with PostgreSQL's COPY (`copy_models`: model instances, each field's own database value, so
defaults and types are Django's), the attendance and the snapshots with INSERT … SELECT in the server. The
build takes about ten minutes at 10,000 projects on a 2-core machine; a later run reuses both databases while
the large one's counts match (SCALE_REBUILD=1 forces a rebuild).
"""

import csv
import io
import json
import os
from datetime import date, timedelta
from decimal import Decimal

import benchdb
import psycopg2
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import User
from health.models import HealthDay, HealthSnapshot
from health.panel import ITEMS, Status
from health.snapshots import TREND_WEEKS, week_of
from meetings.models import Attendance, Meeting, MeetingStatus, MeetingType
from networkhub.models import Role
from partners.models import ContactPerson, Membership, MembershipRole, MembershipStatus, Organisation, OrganisationType
from projects.models import Programme, Project, ProjectStatus, Region, ReportType
from reports import due
from reports.models import Report, ReportStatus
from tests.factories import business_id

PROJECTS = int(os.environ.get("SCALE_PROJECTS", "10000"))
MEMBERSHIPS, ATTENDANCE = 20 * PROJECTS, 1_000 * PROJECTS
ORGANISATIONS, MEETINGS_PER_PROJECT, PROJECTS_PER_COORDINATOR = 4 * PROJECTS, 53, 10
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-verkosto-2026")
SMALL, LARGE = benchdb.NAME + "_scale_small", benchdb.NAME + f"_scale_large_{PROJECTS}"
GENERATED = "OPH-B"
REGIONS = list(Region.values)
# A generated project's statuses: most items green, some amber, a few red, the odd one without data.
MIX = [Status.GREEN] * 6 + [Status.AMBER] * 3 + [Status.RED] * 2 + [Status.NO_DATA]


def network_project():
    """A generated project (20 members, 52 held meetings, about 1,040 attendance rows) and its coordinator."""
    project = Project.objects.get(case_number=f"{GENERATED}00000-2026")
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


def _database_value(field, instance):
    value = field.get_db_prep_save(field.pre_save(instance, add=True), connection)
    if isinstance(field, models.JSONField):
        return None if value is None else json.dumps(field.get_prep_value(getattr(instance, field.attname)))
    if isinstance(value, bool):
        return "t" if value else "f"
    return value


def copy_models(model, instances):
    """Write unsaved `instances` of `model` with COPY … FROM STDIN (CSV): every concrete field but the id, as
    Django would save it. Returns nothing; read the rows back by a natural key."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for instance in instances:
        writer.writerow(["\\N" if (value := _database_value(field, instance)) is None else value for field in fields])
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
            "FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )


def _organisations(first):
    """ORGANISATIONS organisations with one contact each; returns their ids in order."""
    copy_models(
        Organisation,
        (
            Organisation(
                name=f"Verkosto-organisaatio {n:05d}",
                org_type=OrganisationType.COMPANY if n % 3 == 0 else OrganisationType.EDUCATION_PROVIDER,
                country="FI" if n % 2 == 0 else ("SE", "EE", "DE")[n % 3],
                business_id=business_id(600_000 + n) if n % 2 == 0 else None,
                foreign_registration_number="" if n % 2 == 0 else f"BENCH-{n}",
                new_to_international=n % 4 == 0,
            )
            for n in range(first, first + ORGANISATIONS)
        ),
    )
    organisations = list(
        Organisation.objects.filter(name__startswith="Verkosto-organisaatio ")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    copy_models(
        ContactPerson,
        (
            ContactPerson(organisation_id=pk, name=f"Yhteyshenkilö {pk}", email=f"contact{pk}@bench.example")
            for pk in organisations
        ),
    )
    return organisations


def _projects(count):
    """`count` generated projects with their coordinators (ten projects each); returns the projects' ids."""
    programmes = list(Programme.objects.order_by("code").values_list("pk", flat=True))
    User.objects.bulk_create(
        [
            User(email=f"coordinator{n}@bench.example", full_name=f"Koordinaattori {n}", role=Role.COORDINATOR)
            for n in range(count // PROJECTS_PER_COORDINATOR + 1)
        ],
        batch_size=2000,
    )
    coordinators = dict(User.objects.filter(email__endswith="@bench.example").values_list("email", "pk"))
    copy_models(
        Project,
        (
            Project(
                case_number=f"{GENERATED}{n:05d}-2026",
                acronym=f"B{n:05d}",
                name=f"Verkostohanke {n:05d}",
                programme_id=programmes[n % len(programmes)],
                grant_eur=Decimal("100000.00"),
                application_date=date(2026, 3, 1),
                start_date=date(2026, 8, 1),
                end_date=date(2028, 7, 31),
                status=ProjectStatus.ACTIVE,
                region=REGIONS[n % len(REGIONS)],
            )
            for n in range(count)
        ),
    )
    projects = list(
        Project.objects.filter(case_number__startswith=GENERATED).order_by("case_number").values_list("pk", flat=True)
    )
    through = Project.coordinators.through
    copy_models(
        through,
        (
            through(project_id=pk, user_id=coordinators[f"coordinator{n // PROJECTS_PER_COORDINATOR}@bench.example"])
            for n, pk in enumerate(projects)
        ),
    )
    return projects


def _memberships(projects, organisations, count):
    per_project, extra = divmod(count, len(projects))

    def rows():
        cursor = 0
        for index, project in enumerate(projects):
            for slot in range(per_project + (1 if index < extra else 0)):
                yield Membership(
                    project_id=project,
                    organisation_id=organisations[cursor % len(organisations)],
                    role=MembershipRole.LEAD if slot == 0 else MembershipRole.PARTNER,
                    status=MembershipStatus.ACTIVE,
                    joined_on=date(2026, 3, 1),
                )
                cursor += 1

    copy_models(Membership, rows())


def _meetings(projects):
    now = timezone.now()
    starts = [
        now - timedelta(days=7 * (MEETINGS_PER_PROJECT - n) - 14, hours=n % 5) for n in range(MEETINGS_PER_PROJECT)
    ]
    copy_models(
        Meeting,
        (
            Meeting(
                project_id=project,
                title=f"Verkostokokous {n}",
                meeting_type=MeetingType.WORKSHOP if n % 2 else MeetingType.STEERING_GROUP,
                start=start,
                end=start + timedelta(hours=2),
                status=MeetingStatus.HELD if start < now else MeetingStatus.PLANNED,
            )
            for project in projects
            for n, start in enumerate(starts)
        ),
    )


def _attendance(first_project_pk, count):
    """Every member's contact at each held generated meeting, until `count` rows (INSERT … SELECT)."""
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
            LIMIT %s
            """,
            [first_project_pk, MeetingStatus.HELD, count],
        )


def _statuses(first_project_pk):
    """Nine weekly snapshots and today's statuses of every generated project, and today's counts on its day:
    what the daily job would have stored (INSERT … SELECT over the projects and the items)."""
    today = timezone.localdate()
    days = sorted({week_of(today) - timedelta(weeks=weeks) for weeks in range(TREND_WEEKS, -1, -1)} | {today})
    mix = [str(status) for status in MIX]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {HealthSnapshot._meta.db_table} (project_id, taken_on, key, status, value, action)
            SELECT p.id, d.day, i.key, (%s::text[])[1 + (p.id + i.n + d.n) %% %s], 50, ''
            FROM {Project._meta.db_table} p
            CROSS JOIN unnest(%s::date[]) WITH ORDINALITY AS d(day, n)
            CROSS JOIN unnest(%s::text[]) WITH ORDINALITY AS i(key, n)
            WHERE p.id >= %s
            """,
            [mix, len(mix), days, list(ITEMS), first_project_pk],
        )
        cursor.execute(
            f"""
            INSERT INTO {HealthDay._meta.db_table}
                (project_id, taken_on, red_count, amber_count, no_data_count, not_in_use_count, statuses,
                 item_values, panel)
            SELECT s.project_id, s.taken_on,
                   count(*) FILTER (WHERE s.status = %s), count(*) FILTER (WHERE s.status = %s),
                   count(*) FILTER (WHERE s.status = %s), 0,
                   jsonb_object_agg(s.key, s.status), jsonb_object_agg(s.key, s.value), '{{}}'::jsonb
            FROM {HealthSnapshot._meta.db_table} s
            WHERE s.project_id >= %s AND s.taken_on = %s
            GROUP BY s.project_id, s.taken_on
            """,
            [Status.RED, Status.AMBER, Status.NO_DATA, first_project_pk, today],
        )


def submitted_report(project_pk):
    """A generated project's submitted status report (unsaved), for the review queue and the overview."""
    return Report(
        project_id=project_pk,
        report_type=ReportType.STATUS,
        period_start=date(2026, 8, 1),
        period_end=date(2026, 12, 31),
        due_date=date(2027, 1, 31),
        status=ReportStatus.SUBMITTED,
        version_count=1,
        submitted_at=timezone.now(),
    )


def _reports(projects):
    copy_models(Report, (submitted_report(project) for project in projects))


def grow():
    projects_now, memberships_now, attendance_now = counts()
    with transaction.atomic():
        organisations = _organisations(0)
        projects = _projects(PROJECTS - projects_now)
        _memberships(projects, organisations, MEMBERSHIPS - memberships_now)
        _meetings(projects)
        _attendance(projects[0], ATTENDANCE - attendance_now)
        _statuses(projects[0])
        _reports(projects)
        due.refresh_all()  # COPY sends no signals: each project's stored first open report due date, in chunks
    assert counts() == (PROJECTS, MEMBERSHIPS, ATTENDANCE), counts()
