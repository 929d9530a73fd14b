"""Report PDFs in the file storage (the local folder here; tests/networkhub/test_storage_s3.py runs S3).

A new render replaces the draft's file, a superseded one leaves nothing behind, and a file that is missing,
changed or unreadable is a page or a clear message, never a 500 and never served.
"""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from reports import data, rendering, services
from reports.models import RenderStatus, Report, ReportStatus

from .helpers import draft, fake_render, submitted

pytestmark = pytest.mark.django_db


def _folder(report):
    return f"reports/{report.project_id}/{report.pk}"


def _stored(report):
    return sorted(default_storage.listdir(_folder(report))[1])


def test_a_new_render_replaces_the_drafts_file_and_a_superseded_one_leaves_nothing(
    world, django_capture_on_commit_callbacks
):
    report = draft(world.project, world.coordinator)
    fake_render(report)
    first = report.rendered_pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        fake_render(report)
    assert report.rendered_pdf.name != first
    assert _stored(report) == [Path(report.rendered_pdf.name).name]  # the first one is gone

    Report.objects.filter(pk=report.pk).update(render_seq=report.render_seq + 1)  # a newer request meanwhile
    assert rendering.store_render(report.pk, report.render_seq, pdf=b"%PDF-1.7 stale", data=data.build(report)) == 0
    assert _stored(report) == [Path(report.rendered_pdf.name).name]


def test_a_draft_whose_file_is_gone_is_a_page_and_cannot_be_submitted(world, client):
    report = draft(world.project, world.coordinator)
    fake_render(report)
    default_storage.delete(report.rendered_pdf.name)
    client.force_login(world.coordinator)
    response = client.get(reverse("reports:pdf", args=[world.project.pk, report.pk]))
    assert response.status_code == 404
    assert "Tiedosto puuttuu tiedostojen tallennuspalvelusta." in response.content.decode()

    with pytest.raises(services.ReportError, match="Luo se uudelleen"):
        services.submit(report, actor=world.coordinator)
    report.refresh_from_db()
    assert (report.status, report.version_count) == (ReportStatus.DRAFT, 0)
    assert _stored(report) == []  # no copy left behind for a version that was not made


def test_a_changed_version_is_not_served_and_verify_says_so(world, client):
    report = submitted(world.project, world.coordinator)
    version = report.versions.get()
    with default_storage.open(version.pdf.name, "wb") as handle:  # FileSystemStorage writes in place
        handle.write(b"%PDF-1.7 forged")
    client.force_login(world.coordinator)
    response = client.get(reverse("reports:version_pdf", args=[world.project.pk, report.pk, 1]))
    assert response.status_code == 404 and b"forged" not in response.content
    assert "SHA-256" in response.content.decode()
    assert version.check_pdf() == "changed" and not version.verify()


def test_an_unreachable_storage_is_a_503_page_and_a_failed_render(world, client, settings, tmp_path):
    report = submitted(world.project, world.coordinator)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked  # every path under it fails with NotADirectoryError
    client.force_login(world.coordinator)
    response = client.get(reverse("reports:version_pdf", args=[world.project.pk, report.pk, 1]))
    assert response.status_code == 503
    assert "Yritä hetken kuluttua uudelleen." in response.content.decode()

    other = draft(world.other_project, world.other_coordinator)
    fake_render(other)
    other.refresh_from_db()
    assert other.render_status == RenderStatus.FAILED and "File storage" in other.render_error


def test_the_admin_names_the_stored_file_without_linking_it(world, admin_client):
    report = draft(world.project, world.coordinator)
    fake_render(report)
    page = admin_client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert report.rendered_pdf.name in page
    assert f'href="/media/{report.rendered_pdf.name}"' not in page and "/media/" not in page
