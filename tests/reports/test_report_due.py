"""The stored first open report due date (`ReportDue`, issue 24) follows every change of its inputs, and answers
`with_overdue_report` exactly as the live rule does: the overview sorts overdue first without a subquery per
project. Each check compares, on several days, the stored answer with the live one (the same project with its
row deleted, the fallback) and with `deadline_states` (the rule in Python)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health.panel import Status
from projects.models import ProgrammeDeadline, Project, ProjectStatus, ReportType
from reports import due, services
from reports.deadlines import deadline_states, with_overdue_report
from reports.forms import ReportForm
from reports.models import ProjectDeadline, Report, ReportDue, ReportStatus
from tests.factories import ProjectFactory, sign_in
from tests.health.helpers import NOW, TODAY
from tests.home.landing_helpers import many_projects, store_statuses
from tests.reports.helpers import submitted

pytestmark = pytest.mark.django_db

YESTERDAY = TODAY - timedelta(days=1)
LATER = TODAY + timedelta(days=200)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def stored(project):
    return ReportDue.objects.get(project=project).first_open_due_on


def _overdue(project, today):
    return with_overdue_report(Project.objects.filter(pk=project.pk), today).get().has_overdue_report


def assert_rule_holds(project, expected):
    """The stored date is `expected`, and on the days around it (and today) the stored answer is the live one's
    and the Python rule's."""
    assert stored(project) == expected
    days = {TODAY, TODAY - timedelta(days=400), TODAY + timedelta(days=800)}
    if expected is not None:
        days |= {expected - timedelta(days=1), expected, expected + timedelta(days=1)}
    project = Project.objects.get(pk=project.pk)
    with_row = {day: _overdue(project, day) for day in days}
    ReportDue.objects.filter(project=project).delete()
    live = {day: _overdue(project, day) for day in days}
    python = {day: bool(deadline_states([project], day)[project.pk].overdue) for day in days}
    due.refresh([project.pk])
    assert with_row == live == python
    assert with_row == {day: expected is not None and expected < day for day in days}


def _deadlines(programme):
    interim = ProgrammeDeadline.objects.create(programme=programme, report_type=ReportType.INTERIM, due_date=YESTERDAY)
    final = ProgrammeDeadline.objects.create(programme=programme, report_type=ReportType.FINAL, due_date=LATER)
    return interim, final


def _submit(project, deadline, coordinator):
    return submitted(project, coordinator, deadline=deadline, language="en")


def test_a_new_project_has_its_row_and_programme_deadlines_added_moved_and_deleted_move_it(world):
    assert_rule_holds(world.project, None)
    interim, final = _deadlines(world.project.programme)
    assert_rule_holds(world.project, YESTERDAY)
    interim.due_date = TODAY + timedelta(days=10)
    interim.save()
    assert_rule_holds(world.project, TODAY + timedelta(days=10))
    final.due_date = TODAY + timedelta(days=5)
    final.save(update_fields=["due_date"])
    assert_rule_holds(world.project, TODAY + timedelta(days=5))
    final.delete()
    assert_rule_holds(world.project, TODAY + timedelta(days=10))
    assert_rule_holds(world.other_project, None)  # another programme's deadlines are not its own


def test_every_project_of_the_programme_follows_its_deadlines(world):
    sibling = ProjectFactory(programme=world.project.programme)
    _deadlines(world.project.programme)
    assert stored(world.project) == stored(sibling) == YESTERDAY


def test_submitting_ends_the_first_open_deadline_and_a_returned_report_keeps_it_ended(world):
    interim, _final = _deadlines(world.project.programme)
    draft = services.create_report(world.project, programme_deadline=interim, actor=world.coordinator)
    assert_rule_holds(world.project, YESTERDAY)  # a draft does not count
    report = _submit(world.project, interim, world.coordinator)
    assert_rule_holds(world.project, LATER)
    assert draft.pk == report.pk
    services.review(report, "request_info", actor=world.funder, comment="Liitä budjetti.")
    assert Report.objects.get(pk=report.pk).status == ReportStatus.INFO_REQUESTED
    assert_rule_holds(world.project, LATER)  # information requested: still submitted
    # No service returns a report to draft; a save that does (an administrator's) counts like one.
    report.status, report.version_count = ReportStatus.DRAFT, 0
    report.save()
    assert_rule_holds(world.project, YESTERDAY)
    report.delete()
    assert_rule_holds(world.project, YESTERDAY)


def test_a_deleted_submitted_report_opens_its_deadline_again(world):
    interim, _final = _deadlines(world.project.programme)
    report = _submit(world.project, interim, world.coordinator)
    assert_rule_holds(world.project, LATER)
    Report.objects.get(pk=report.pk).delete()
    assert_rule_holds(world.project, YESTERDAY)


def test_an_extension_moves_the_date_and_its_removal_moves_it_back(world):
    interim, _final = _deadlines(world.project.programme)
    services.grant_extension(world.project, interim, TODAY + timedelta(days=5), actor=world.funder)
    assert_rule_holds(world.project, TODAY + timedelta(days=5))
    services.grant_extension(world.project, interim, TODAY - timedelta(days=3), actor=world.funder)
    assert_rule_holds(world.project, TODAY - timedelta(days=3))
    ProjectDeadline.objects.get(project=world.project).delete()
    assert_rule_holds(world.project, YESTERDAY)
    assert_rule_holds(world.other_project, None)


def test_the_project_start_date_and_status_change_it(world):
    _interim, _final = _deadlines(world.project.programme)
    project = world.project
    project.start_date = TODAY  # the interim deadline is now before the project started
    project.save()
    assert_rule_holds(project, LATER)
    project.status = ProjectStatus.APPLICATION
    project.save(update_fields=["status"])
    assert_rule_holds(project, None)
    project.status, project.start_date = ProjectStatus.ACTIVE, TODAY - timedelta(days=30)
    services_update(project, world.funder)
    assert_rule_holds(project, YESTERDAY)


def services_update(project, actor):
    from projects import services as project_services

    project_services.update_project(project, actor=actor, changed_fields={"status", "start_date"})


def test_an_application_becoming_active_gets_its_date(world):
    applying = ProjectFactory(programme=world.project.programme, status=ProjectStatus.APPLICATION)
    _deadlines(world.project.programme)
    assert_rule_holds(applying, None)
    applying.status = ProjectStatus.ACTIVE
    applying.save()
    assert_rule_holds(applying, YESTERDAY)


def test_saves_that_touch_no_input_cost_no_query(world):
    interim, _final = _deadlines(world.project.programme)
    report = services.create_report(world.project, programme_deadline=interim, actor=world.coordinator)
    with CaptureQueriesContext(connection) as queries:
        report.save(update_fields=["summary", "updated_at"])
        world.project.save(update_fields=["name"])
    assert len(queries) == 2
    assert not any("reports_reportdue" in query["sql"] for query in queries)


def test_editing_a_draft_writes_its_own_fields_and_recomputes_no_due_date(world):
    interim, _final = _deadlines(world.project.programme)
    report = services.create_report(world.project, programme_deadline=interim, actor=world.coordinator)
    form = ReportForm(
        {"language": "fi", "period_start": report.period_start, "period_end": report.period_end, "summary": "Hyvin."},
        instance=report,
    )
    assert form.is_valid(), form.errors
    with CaptureQueriesContext(connection) as queries:
        services.save_draft(report, forms=[form], actor=world.coordinator)
    assert not any("reports_reportdue" in query["sql"] for query in queries)
    report.refresh_from_db()
    assert report.summary == "Hyvin." and report.status == ReportStatus.DRAFT
    assert_rule_holds(world.project, YESTERDAY)


def test_deleting_a_project_with_reports_and_extensions_leaves_no_row(world):
    interim, _final = _deadlines(world.project.programme)
    _submit(world.project, interim, world.coordinator)
    services.grant_extension(world.project, interim, TODAY, actor=world.funder)
    pk = world.project.pk
    Project.objects.get(pk=pk).delete()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign keys are checked now
    assert not ReportDue.objects.filter(project_id=pk).exists()


def test_projects_written_in_bulk_fall_back_to_the_live_rule_until_refreshed(world):
    interim, _final = _deadlines(world.project.programme)
    bulk = many_projects(3, programme=world.project.programme)
    assert not ReportDue.objects.filter(project__in=bulk).exists()
    _submit(bulk[0], interim, world.coordinator)  # writes the row of this one
    ReportDue.objects.filter(project__in=bulk).delete()
    annotated = with_overdue_report(Project.objects.filter(pk__in=[p.pk for p in bulk]), TODAY)
    assert set(annotated.filter(has_overdue_report=True).values_list("pk", flat=True)) == {bulk[1].pk, bulk[2].pk}
    assert due.refresh_all(chunk=2) == Project.objects.count()
    assert [stored(project) for project in bulk] == [LATER, YESTERDAY, YESTERDAY]
    for project in bulk:
        assert_rule_holds(project, stored(project))


def test_refresh_costs_two_queries_whatever_the_number_of_projects(world, django_assert_num_queries):
    _deadlines(world.project.programme)
    bulk = many_projects(20, programme=world.project.programme)
    with django_assert_num_queries(2):
        due.refresh([project.pk for project in bulk])
    with django_assert_num_queries(2):
        due.refresh_programme(world.project.programme_id)
    with django_assert_num_queries(0):
        due.refresh([])


def test_the_overview_reads_the_stored_date_and_sorts_overdue_first(world, client):
    interim, _final = _deadlines(world.project.programme)
    store_statuses([world.project], TODAY)
    store_statuses([world.other_project], TODAY, {"rules": Status.RED, "meetings": Status.RED})
    sql = str(with_overdue_report(Project.objects.all(), TODAY).query)
    assert sql.count('LEFT OUTER JOIN "reports_reportdue"') == 1

    sign_in(client, world.funder)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home:overview"))
    rows = [row.project for row in page.context["page"].object_list]
    assert rows[0] == world.project  # overdue, though the other is the more red
    assert any('"reports_reportdue"' in query["sql"] for query in queries)

    _submit(world.project, interim, world.coordinator)
    rows = [row.project for row in client.get(reverse("home:overview")).context["page"].object_list]
    assert rows[0] == world.other_project  # back in the most-red order
    overdue = client.get(reverse("home:overview"), {"report": "overdue"}).context["page"].object_list
    assert list(overdue) == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_date_of_every_existing_project_by_the_same_rule():
    from datetime import date
    from decimal import Decimal

    from django.db.migrations.executor import MigrationExecutor

    from .test_migration import latest, migrate, targets_before

    before = targets_before(MigrationExecutor(connection).loader.graph, [("reports", "0007_report_due")])
    try:
        apps = migrate(before).loader.project_state([node for node in before if node[1]]).apps
        Programme, Project = apps.get_model("projects", "Programme"), apps.get_model("projects", "Project")
        Deadline, Extension = (
            apps.get_model("projects", "ProgrammeDeadline"),
            apps.get_model("reports", "ProjectDeadline"),
        )
        Report = apps.get_model("reports", "Report")
        programme = Programme.objects.create(code="kv", name_fi="Kv", name_sv="Kv")
        fields = {"programme": programme, "grant_eur": Decimal("1"), "application_date": date(2026, 1, 1)}
        start, end = date(2026, 2, 1), date(2028, 1, 31)
        kinds = ["plain", "submitted", "extended", "application", "late"]
        projects = {
            kind: Project.objects.create(
                name=kind,
                acronym=kind,
                case_number=kind,
                start_date=date(2026, 9, 1) if kind == "late" else start,
                end_date=end,
                status="application" if kind == "application" else "active",
                **fields,
            )
            for kind in kinds
        }
        first = Deadline.objects.create(programme=programme, report_type="interim", due_date=date(2026, 8, 31))
        Deadline.objects.create(programme=programme, report_type="final", due_date=date(2027, 8, 31))
        Report.objects.create(
            project=projects["submitted"],
            programme_deadline=first,
            report_type="interim",
            period_start=start,
            period_end=date(2026, 8, 31),
            status="accepted",
            version_count=1,
            submitted_at=NOW,
        )
        Extension.objects.create(project=projects["extended"], programme_deadline=first, due_date=date(2026, 10, 1))
        migrate(latest())
        found = dict(ReportDue.objects.values_list("project__name", "first_open_due_on"))
        assert found == {
            "plain": date(2026, 8, 31),
            "submitted": date(2027, 8, 31),
            "extended": date(2026, 10, 1),
            "application": None,
            "late": date(2027, 8, 31),
        }
        ReportDue.objects.all().delete()
        due.refresh_all()
        assert dict(ReportDue.objects.values_list("project__name", "first_open_due_on")) == found
    finally:
        migrate(latest())
