"""Report PDFs move from the database to the default storage (reports 0002_pdfs_to_storage), and back.

Migrates a real test database to before the move, writes rows holding the PDFs' bytes with the historical
models, migrates forward and checks the files in the storage against the hashes; then backward.
"""

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .test_migration import latest, migrate, targets_before

MOVE = [("reports", "0002_pdfs_to_storage")]
DRAFT = b"%PDF-1.7\n% the draft of the status report\n%%EOF\n"
V1 = b"%PDF-1.7\n% version 1 as submitted\n%%EOF\n"
V2 = b"%PDF-1.7\n% version 2 as submitted\n%%EOF\n"


def _sha(content):
    return hashlib.sha256(content).hexdigest()


@pytest.fixture
def before():
    before = targets_before(MigrationExecutor(connection).loader.graph, MOVE)
    assert ("reports", "0001_initial") in before
    yield before
    migrate(latest())  # leave the database as the other tests expect it, whatever happened


def _apps(executor, before):
    """The models as they are now, but for the apps taken back to before the move."""
    moved = {app for app, _name in before}
    nodes = [node for node in latest() if node[0] not in moved] + [node for node in before if node[1]]
    return executor.loader.project_state(nodes).apps


def _write(apps):
    User = apps.get_model("accounts", "User")
    Programme = apps.get_model("projects", "Programme")
    Project = apps.get_model("projects", "Project")
    Report = apps.get_model("reports", "Report")
    ReportVersion = apps.get_model("reports", "ReportVersion")

    coordinator = User.objects.create(email="coordinator@example.org", full_name="Anna Koordinaattori")
    project_fields = {"acronym": "VH", "grant_eur": Decimal("100000.00"), "application_date": date(2026, 3, 1)}
    programme = Programme.objects.create(code="kv-2026", name_fi="Kansainvälistyminen", name_sv="Internationalisering")
    project = Project.objects.create(
        name="Verkostohanke",
        programme=programme,
        **project_fields,
        start_date=date(2026, 8, 1),
        end_date=date(2028, 7, 31),
    )
    submitted_at = datetime(2027, 9, 1, 9, 30, tzinfo=UTC)
    report = Report.objects.create(
        project=project,
        report_type="interim",
        period_start=date(2026, 8, 1),
        period_end=date(2027, 7, 31),
        status="info_requested",
        version_count=2,
        submitted_at=submitted_at,
        render_status="done",
        rendered_pdf=DRAFT,
        rendered_data={"summary": "Hanke eteni."},
        created_by=coordinator,
    )
    versions = [
        ReportVersion.objects.create(
            report=report,
            number=number,
            language="fi",
            data={},
            pdf=pdf,
            pdf_sha256=_sha(pdf),
            submitted_by=coordinator,
        )
        for number, pdf in ((1, V1), (2, V2))
    ]
    never_rendered = Report.objects.create(
        project=project, report_type="status", period_start=date(2026, 8, 1), period_end=date(2026, 12, 31)
    )
    return {
        "report": report.pk,
        "versions": [v.pk for v in versions],
        "never": never_rendered.pk,
        "project": project.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_pdfs_move_to_the_storage_with_their_hashes_and_back(before):
    rows = _write(_apps(migrate(before), before))

    migrate(latest())
    from reports.models import Report, ReportVersion

    report = Report.objects.get(pk=rows["report"])
    folder = f"reports/{rows['project']}/{report.pk}/"
    assert report.rendered_pdf.name.startswith(folder) and default_storage.exists(report.rendered_pdf.name)
    assert report.rendered_pdf_sha256 == _sha(DRAFT)
    assert report.read_rendered_pdf() == DRAFT
    versions = list(ReportVersion.objects.filter(pk__in=rows["versions"]).order_by("number"))
    for version, content in zip(versions, (V1, V2), strict=True):
        assert version.pdf.name.startswith(folder) and default_storage.exists(version.pdf.name)
        with default_storage.open(version.pdf.name, "rb") as handle:
            assert handle.read() == content
        assert version.pdf_sha256 == _sha(content)  # the hash frozen at submission, untouched
        assert version.verify()
    assert len({report.rendered_pdf.name, *(version.pdf.name for version in versions)}) == 3  # a file each
    never = Report.objects.get(pk=rows["never"])
    assert (never.rendered_pdf.name, never.rendered_pdf_sha256) == ("", "")
    out = StringIO()
    call_command("verify_reports", stdout=out)
    assert "Checked 2 submitted report versions." in out.getvalue()
    call_command("verify_commitments", stdout=StringIO())

    # Backward: the bytes come back into the rows.
    apps = _apps(migrate(before), before)
    report = apps.get_model("reports", "Report").objects.get(pk=rows["report"])
    assert bytes(report.rendered_pdf) == DRAFT
    VersionThen = apps.get_model("reports", "ReportVersion")
    assert [bytes(v.pdf) for v in VersionThen.objects.filter(pk__in=rows["versions"]).order_by("number")] == [V1, V2]
    assert apps.get_model("reports", "Report").objects.get(pk=rows["never"]).rendered_pdf is None
