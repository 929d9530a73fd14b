"""The move of the report models into the reports app, and the merged project reminder settings, keep every row.

Migrates a real PostgreSQL test database back to before the move, writes rows with the historical
models, migrates forward and reads them through today's models.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from networkhub import files

# The migrations that made the change; everything that depends on them is undone too.
LATER_REPORTS_MODELS = ["caseofficer", "casenote", "followup", "reportdue"]
MOVE = [
    ("projects", "0003_reports_leave_for_reports_app"),
    ("reports", "0001_initial"),
    ("networkhub", "0006_registered_kinds_and_project_reminder_settings"),
]


def targets_before(graph, nodes):
    """Per app, the last migration that stays when `nodes` and all their dependents are unapplied."""
    undo = set()
    for node in nodes:
        undo.update(graph.backwards_plan(node))  # the node and every migration that depends on it
    targets = []
    for app in sorted({app for app, _name in undo}):
        keep = {node for node in graph.nodes if node[0] == app and node not in undo}
        leaves = [node for node in keep if not any(child in keep for child in graph.node_map[node].children)]
        assert len(leaves) <= 1, leaves
        targets.append(leaves[0] if leaves else (app, None))
    return targets


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # what is applied now
    ContentType.objects.clear_cache()
    return executor


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _before():
    before = targets_before(MigrationExecutor(connection).loader.graph, MOVE)
    assert ("projects", "0002_reports") in before
    assert ("networkhub", "0005_project_reminder_steps") in before
    assert ("reports", None) in before
    executor = migrate(before)
    return _write_before(executor.loader.project_state([node for node in before if node[1]]).apps)


@pytest.mark.django_db(transaction=True)
def test_reports_move_and_reminder_settings_merge_keep_every_row():
    try:
        rows = _before()
        migrate(latest())
        _check_after(rows)
    finally:
        # Leave the database as the other tests expect it, whatever happened above.
        migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_a_partial_migrate_in_between_leaves_one_content_type_that_everything_points_at():
    try:
        rows = _before()
        # `migrate reports 0001` applies reports 0001 alone; its post_migrate sees the report models in both apps
        # and makes content types for the reports app too (as does rolling back to projects 0002). (Named: the
        # reports app's latest migration now depends on the goals app, which brings projects 0003 along.)
        call_command("migrate", "reports", "0001_initial", verbosity=0, interactive=False)
        assert ContentType.objects.filter(model="report", app_label__in=["projects", "reports"]).count() == 2
        migrate(latest())
        _check_after(rows)
    finally:
        migrate(latest())


def _write_before(apps):
    User = apps.get_model("accounts", "User")
    Programme = apps.get_model("projects", "Programme")
    ProgrammeDeadline = apps.get_model("projects", "ProgrammeDeadline")
    Project = apps.get_model("projects", "Project")
    Goal = apps.get_model("projects", "Goal")
    Report = apps.get_model("projects", "Report")
    ReportVersion = apps.get_model("projects", "ReportVersion")
    ReportReviewStep = apps.get_model("projects", "ReportReviewStep")
    ProjectDeadline = apps.get_model("projects", "ProjectDeadline")
    ReportGoalEntry = apps.get_model("projects", "ReportGoalEntry")
    ReportBudgetLine = apps.get_model("projects", "ReportBudgetLine")
    ReportOutput = apps.get_model("projects", "ReportOutput")
    Switch = apps.get_model("networkhub", "ProjectReminderSwitch")
    Steps = apps.get_model("networkhub", "ProjectReminderSteps")
    AuditEvent = apps.get_model("networkhub", "AuditEvent")
    Reminder = apps.get_model("networkhub", "Reminder")
    ContentTypeThen = apps.get_model("contenttypes", "ContentType")
    PermissionThen = apps.get_model("auth", "Permission")
    GroupThen = apps.get_model("auth", "Group")

    # As on a database that had been in use: the report's content type still under the projects app. (The models
    # made in the reports app later, case work's, keep their content types when the test migrates back.)
    assert not ContentTypeThen.objects.filter(app_label="reports").exclude(model__in=LATER_REPORTS_MODELS).exists()
    report_type, _created = ContentTypeThen.objects.get_or_create(app_label="projects", model="report")
    view_report, _created = PermissionThen.objects.get_or_create(
        content_type=report_type, codename="view_report", defaults={"name": "Can view report"}
    )
    GroupThen.objects.create(name="Rahoittajan tarkastajat").permissions.add(view_report)

    coordinator = User.objects.create(email="coordinator@example.org", full_name="Anna Koordinaattori")
    reviewer = User.objects.create(email="reviewer@oph.example", full_name="Riitta Arvioija", role="funder")
    programme = Programme.objects.create(code="kv-2026", name_fi="Kansainvälistyminen", name_sv="Internationalisering")
    interim = ProgrammeDeadline.objects.create(programme=programme, report_type="interim", due_date=date(2027, 8, 31))
    project = Project.objects.create(
        name="Verkostohanke",
        acronym="VH",
        programme=programme,
        grant_eur=Decimal("100000.00"),
        application_date=date(2026, 3, 1),
        start_date=date(2026, 8, 1),
        end_date=date(2028, 7, 31),
    )
    goal = Goal.objects.create(project=project, title="Liikkuvuus", indicator="henkilöstöliikkuvuudet", target=20)
    extension = ProjectDeadline.objects.create(
        project=project,
        programme_deadline=interim,
        due_date=date(2027, 9, 30),
        reason="Sairausloma",
        granted_by=reviewer,
    )
    submitted_at = datetime(2027, 9, 1, 9, 30, tzinfo=UTC)
    report = Report.objects.create(
        project=project,
        report_type="interim",
        period_start=date(2026, 8, 1),
        period_end=date(2027, 7, 31),
        due_date=date(2027, 9, 30),
        programme_deadline=interim,
        language="sv",
        status="content_check",
        summary="Hanke eteni.",
        self_financing_actual_eur=Decimal("1234.50"),
        version_count=1,
        submitted_at=submitted_at,
        render_status="done",
        rendered_pdf=b"%PDF-1.7 draft",
        rendered_data={"summary": "Hanke eteni."},
        created_by=coordinator,
    )
    version = ReportVersion.objects.create(
        report=report,
        number=1,
        language="sv",
        data={"summary": "Hanke eteni."},
        pdf=b"%PDF-1.7 v1",
        pdf_sha256="a" * 64,
        submitted_at=submitted_at,
        submitted_by=coordinator,
    )
    step = ReportReviewStep.objects.create(
        report=report, version=version, status="content_check", comment="Tarkastetaan.", actor=reviewer
    )
    entry = ReportGoalEntry.objects.create(
        report=report, goal=goal, activities="Vaihdot", results="12 vaihtoa", actual=Decimal("12")
    )
    budget = ReportBudgetLine.objects.create(
        report=report, category="travel", planned_eur=Decimal("5000"), actual_eur=Decimal("4321.09")
    )
    output = ReportOutput.objects.create(
        report=report, kind="publication", title="Opas", url="https://example.org/opas"
    )
    # Switched off and its own days; only switched off; only its own days.
    Switch.objects.create(project=project, kind="meeting_upcoming")
    Steps.objects.create(project=project, kind="meeting_upcoming", days=[7, 1])
    Switch.objects.create(project=project, kind="quiet_partners")
    Steps.objects.create(project=project, kind="report_deadline", days=[30, 14, 3])
    audit = AuditEvent.objects.create(
        project=project, actor=reviewer, action="report.review", target_type=report_type, target_id=report.pk
    )
    reminder = Reminder.objects.create(
        kind="report_deadline",
        project=project,
        target_type=report_type,
        target_id=report.pk,
        recipient="coordinator@example.org",
        step="due-3",
        due_at=datetime(2027, 9, 27, 6, 0, tzinfo=UTC),
    )
    return {
        "view_report": view_report.pk,
        "project": project.pk,
        "goal": goal.pk,
        "interim": interim.pk,
        "coordinator": coordinator.pk,
        "reviewer": reviewer.pk,
        "report": report.pk,
        "report_type": report_type.pk,
        "version": version.pk,
        "step": step.pk,
        "extension": extension.pk,
        "entry": entry.pk,
        "budget": budget.pk,
        "output": output.pk,
        "audit": audit.pk,
        "reminder": reminder.pk,
    }


def _check_after(rows):
    from networkhub.models import AuditEvent, ProjectReminderSetting, Reminder
    from reports.models import (
        ProjectDeadline,
        Report,
        ReportBudgetLine,
        ReportGoalEntry,
        ReportOutput,
        ReportReviewStep,
        ReportVersion,
    )

    report = Report.objects.get(pk=rows["report"])
    assert report.project_id == rows["project"]
    assert report.programme_deadline_id == rows["interim"]
    assert report.created_by_id == rows["coordinator"]
    assert (report.report_type, report.status, report.language) == ("interim", "content_check", "sv")
    assert (report.period_start, report.period_end, report.due_date) == (
        date(2026, 8, 1),
        date(2027, 7, 31),
        date(2027, 9, 30),
    )
    assert report.summary == "Hanke eteni."
    assert report.self_financing_actual_eur == Decimal("1234.50")
    assert report.version_count == 1
    assert report.render_status == "done"
    assert report.read_rendered_pdf() == b"%PDF-1.7 draft"  # moved to the storage since (reports 0002)
    assert report.rendered_data == {"summary": "Hanke eteni."}

    version = ReportVersion.objects.get(pk=rows["version"])
    assert (version.report_id, version.number, version.language) == (report.pk, 1, "sv")
    assert files.read_stored(version.pdf) == b"%PDF-1.7 v1"  # the hash written here was never its own
    assert version.submitted_by_id == rows["coordinator"]
    assert list(report.versions.all()) == [version]

    step = ReportReviewStep.objects.get(pk=rows["step"])
    assert (step.report_id, step.version_id, step.status) == (report.pk, version.pk, "content_check")
    assert (step.comment, step.actor_id) == ("Tarkastetaan.", rows["reviewer"])

    extension = ProjectDeadline.objects.get(pk=rows["extension"])
    assert (extension.project_id, extension.programme_deadline_id) == (rows["project"], rows["interim"])
    assert (extension.due_date, extension.reason) == (date(2027, 9, 30), "Sairausloma")
    assert extension.granted_by_id == rows["reviewer"]

    entry = ReportGoalEntry.objects.get(pk=rows["entry"])
    assert (entry.report_id, entry.goal_id, entry.actual) == (report.pk, rows["goal"], Decimal("12"))
    assert (entry.activities, entry.results) == ("Vaihdot", "12 vaihtoa")

    budget = ReportBudgetLine.objects.get(pk=rows["budget"])
    assert (budget.report_id, budget.category) == (report.pk, "travel")
    assert (budget.planned_eur, budget.actual_eur) == (Decimal("5000"), Decimal("4321.09"))

    output = ReportOutput.objects.get(pk=rows["output"])
    assert (output.report_id, output.kind, output.title) == (report.pk, "publication", "Opas")
    assert output.url == "https://example.org/opas"

    # The same content type row, now under the reports app: audit events and reminders still find the report.
    content_type = ContentType.objects.get_for_model(Report)
    assert (content_type.pk, content_type.app_label, content_type.model) == (rows["report_type"], "reports", "report")
    assert not ContentType.objects.filter(app_label="projects", model="report").exists()
    view_report = Permission.objects.get(content_type=content_type, codename="view_report")
    assert view_report.pk == rows["view_report"]  # the same permission, so groups keep what they were given
    assert list(Group.objects.get(name="Rahoittajan tarkastajat").permissions.all()) == [view_report]
    audit = AuditEvent.objects.get(pk=rows["audit"])
    assert audit.target == report
    reminder = Reminder.objects.get(pk=rows["reminder"])
    assert reminder.target == report
    assert reminder.kind == "report_deadline"

    settings = {
        (row.kind, row.enabled, tuple(row.days))
        for row in ProjectReminderSetting.objects.filter(project_id=rows["project"])
    }
    assert settings == {
        ("meeting_upcoming", False, (7, 1)),
        ("quiet_partners", False, ()),
        ("report_deadline", True, (30, 14, 3)),
    }
