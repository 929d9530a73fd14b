"""Report PDFs leave the database for the default storage (a local folder or S3); their SHA-256 stays.

Forward: each draft's PDF and each submitted version's PDF is written to the storage under a new name,
and the row keeps the name (and the draft, a SHA-256 of its own; a version keeps the hash frozen when it
was submitted, untouched). Backward: the bytes are read back into the rows; the files are left in the
storage (remove them by hand once the rollback is final).
"""

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models

BATCH = 100


def _save(project_id, report_id, content):
    name = f"reports/{project_id}/{report_id}/{uuid.uuid4().hex}.pdf"
    return default_storage.save(name, ContentFile(bytes(content)))


def _ids(queryset):
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def _batches(ids):
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def pdfs_to_storage(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    ReportVersion = apps.get_model("reports", "ReportVersion")
    for batch in _batches(_ids(Report.objects.exclude(rendered_pdf=None))):
        for report in Report.objects.filter(pk__in=batch).only("pk", "project_id", "rendered_pdf"):
            content = bytes(report.rendered_pdf)
            Report.objects.filter(pk=report.pk).update(
                rendered_pdf_file=_save(report.project_id, report.pk, content),
                rendered_pdf_sha256=hashlib.sha256(content).hexdigest(),
            )
    project_of = dict(Report.objects.values_list("pk", "project_id"))
    for batch in _batches(_ids(ReportVersion.objects.all())):
        for version in ReportVersion.objects.filter(pk__in=batch).only("pk", "report_id", "pdf"):
            name = _save(project_of[version.report_id], version.report_id, version.pdf)
            ReportVersion.objects.filter(pk=version.pk).update(pdf_file=name)


def _read(name):
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def pdfs_to_database(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    ReportVersion = apps.get_model("reports", "ReportVersion")
    for batch in _batches(_ids(Report.objects.exclude(rendered_pdf_file=""))):
        for report in Report.objects.filter(pk__in=batch).only("pk", "rendered_pdf_file"):
            try:
                content = _read(report.rendered_pdf_file.name)
            except FileNotFoundError:  # a draft can be generated again
                Report.objects.filter(pk=report.pk).update(rendered_pdf=None, render_status="none")
                continue
            Report.objects.filter(pk=report.pk).update(rendered_pdf=content)
    for batch in _batches(_ids(ReportVersion.objects.all())):
        for version in ReportVersion.objects.filter(pk__in=batch).only("pk", "pdf_file"):
            try:
                content = _read(version.pdf_file.name)
            except FileNotFoundError:
                raise RuntimeError(
                    f"Report version {version.pk}: its PDF {version.pdf_file.name!r} is missing from the storage; "
                    "a submitted version cannot be rolled back without it."
                ) from None
            ReportVersion.objects.filter(pk=version.pk).update(pdf=content)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="rendered_pdf_file",
            field=models.FileField(blank=True, editable=False, max_length=255, upload_to=""),
        ),
        migrations.AddField(
            model_name="report",
            name="rendered_pdf_sha256",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="reportversion",
            name="pdf_file",
            field=models.FileField(default="", editable=False, max_length=255, upload_to=""),
            preserve_default=False,
        ),
        # Nullable for the way back: the column returns empty and is filled from the storage.
        migrations.AlterField(
            model_name="reportversion", name="pdf", field=models.BinaryField(editable=False, null=True)
        ),
        migrations.RunPython(pdfs_to_storage, pdfs_to_database, elidable=False),
        migrations.RemoveField(model_name="report", name="rendered_pdf"),
        migrations.RemoveField(model_name="reportversion", name="pdf"),
        migrations.RenameField(model_name="report", old_name="rendered_pdf_file", new_name="rendered_pdf"),
        migrations.RenameField(model_name="reportversion", old_name="pdf_file", new_name="pdf"),
    ]
