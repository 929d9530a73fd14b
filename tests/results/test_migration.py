"""The move of the output models into the results app keeps every row, and the content types that point at them.

Migrates the test database back to before the move, writes rows with the historical models, migrates
forward and reads them through today's models (as tests/reports/test_migration.py does for reports).
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.reports.test_migration import latest, migrate, targets_before

# The migrations that made the change; everything that depends on them is undone too.
MOVE = [("results", "0001_initial"), ("projects", "0009_results_leave_for_results_app")]


def _before():
    before = targets_before(MigrationExecutor(connection).loader.graph, MOVE)
    assert ("results", None) in before
    executor = migrate(before)
    # The state of everything applied now (the other apps stay at their latest migration).
    return _write_before(executor.loader.project_state(list(executor.loader.applied_migrations)).apps)


@pytest.mark.django_db(transaction=True)
def test_results_move_keeps_every_row():
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
        # `migrate results` applies results 0001 alone; its post_migrate sees the output models in both apps
        # and makes content types for the results app too.
        # (Up to 0002: later results migrations depend on the projects app's latest, which finishes the move.)
        call_command("migrate", "results", "0002_output_contributors", verbosity=0, interactive=False)
        assert ContentType.objects.filter(model="output", app_label__in=["projects", "results"]).count() == 2
        migrate(latest())
        _check_after(rows)
    finally:
        migrate(latest())


def _write_before(apps):
    User = apps.get_model("accounts", "User")
    Programme = apps.get_model("projects", "Programme")
    Project = apps.get_model("projects", "Project")
    Output = apps.get_model("projects", "Output")
    DisseminationEvent = apps.get_model("projects", "DisseminationEvent")
    AuditEvent = apps.get_model("networkhub", "AuditEvent")
    ContentTypeThen = apps.get_model("contenttypes", "ContentType")
    PermissionThen = apps.get_model("auth", "Permission")
    GroupThen = apps.get_model("auth", "Group")

    # As on a database that had been in use: the output's content type still under the projects app. (The models
    # the results app added later, uptakes and continuation plans, keep theirs: unapplying leaves content types.)
    assert not ContentTypeThen.objects.filter(app_label="results", model__in=["output", "disseminationevent"]).exists()
    output_type, _created = ContentTypeThen.objects.get_or_create(app_label="projects", model="output")
    view_output, _created = PermissionThen.objects.get_or_create(
        content_type=output_type, codename="view_output", defaults={"name": "Can view output"}
    )
    GroupThen.objects.create(name="Tulosten lukijat").permissions.add(view_output)

    coordinator = User.objects.create(email="coordinator@example.org", full_name="Anna Koordinaattori")
    programme = Programme.objects.create(code="kv-2026", name_fi="Kansainvälistyminen", name_sv="Internationalisering")
    project = Project.objects.create(
        name="Verkostohanke",
        acronym="VH",
        programme=programme,
        grant_eur=Decimal("100000.00"),
        application_date=date(2026, 3, 1),
        start_date=date(2026, 8, 1),
        end_date=date(2028, 7, 31),
    )
    output = Output.objects.create(
        project=project,
        output_type="method",
        title="Mentorointimalli",
        description="Uudelle järjestäjälle.",
        url="https://example.org/malli",
        file="outputs/1/abc.pdf",
        file_name="malli.pdf",
        file_type="application/pdf",
        file_size=1234,
        created_by=coordinator,
        created_at=datetime(2026, 9, 1, 9, 30, tzinfo=UTC),
    )
    event = DisseminationEvent.objects.create(
        output=output,
        date=date(2026, 10, 8),
        channel="seminar",
        audience="Kv-koordinaattorit",
        reach=120,
        created_by=coordinator,
    )
    audit = AuditEvent.objects.create(
        project=project, actor=coordinator, action="project.output_added", target_type=output_type, target_id=output.pk
    )
    return {
        "view_output": view_output.pk,
        "project": project.pk,
        "coordinator": coordinator.pk,
        "output": output.pk,
        "output_type": output_type.pk,
        "event": event.pk,
        "audit": audit.pk,
    }


def _check_after(rows):
    from networkhub.models import AuditEvent
    from results.models import DisseminationEvent, Output

    output = Output.objects.get(pk=rows["output"])
    assert (output.project_id, output.created_by_id) == (rows["project"], rows["coordinator"])
    assert (output.output_type, output.title) == ("method", "Mentorointimalli")
    assert output.description == "Uudelle järjestäjälle."
    assert output.url == "https://example.org/malli"
    assert (output.file.name, output.file_name, output.file_type, output.file_size) == (
        "outputs/1/abc.pdf",
        "malli.pdf",
        "application/pdf",
        1234,
    )
    assert output.created_at == datetime(2026, 9, 1, 9, 30, tzinfo=UTC)

    event = DisseminationEvent.objects.get(pk=rows["event"])
    assert (event.output_id, event.date, event.channel) == (output.pk, date(2026, 10, 8), "seminar")
    assert (event.audience, event.reach, event.created_by_id) == ("Kv-koordinaattorit", 120, rows["coordinator"])
    assert list(output.events.all()) == [event]

    # The same content type row, now under the results app: audit events still find the output.
    content_type = ContentType.objects.get_for_model(Output)
    assert (content_type.pk, content_type.app_label, content_type.model) == (rows["output_type"], "results", "output")
    assert not ContentType.objects.filter(app_label="projects", model__in=["output", "disseminationevent"]).exists()
    view_output = Permission.objects.get(content_type=content_type, codename="view_output")
    assert view_output.pk == rows["view_output"]  # the same permission, so groups keep what they were given
    assert list(Group.objects.get(name="Tulosten lukijat").permissions.all()) == [view_output]
    assert AuditEvent.objects.get(pk=rows["audit"]).target == output
