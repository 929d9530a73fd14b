"""The issue's "Done when": the demo coordinator reports, the demo reviewer reviews, the PDF verifies."""

import hashlib
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from partners.queries import current_members
from projects.models import ProgrammeDeadline, Project, ReportType
from reports.models import Report, ReportStatus, ReportVersion
from tests.factories import sign_in

from .helpers import pdftotext

PASSWORD = "demo-pass-1234"


# The demo's project periods and report deadlines are fixed dates (seed_demo), its meetings are
# relative to today: its story holds while the interim report's period runs, e.g. in November 2026.
DEMO_CLOCK = datetime(2026, 11, 25, 10, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    with time_machine.travel(DEMO_CLOCK, tick=True):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("seed_demo", password=PASSWORD)
        project = Project.objects.get(case_number="OPH-1234-2026")
        yield {
            "project": project,
            "coordinator": User.objects.get(email="koordinaattori@demo.networkhub.fi"),
            "reviewer": User.objects.get(email="arvioija@demo.networkhub.fi"),
        }


def test_demo_has_a_submitted_interim_report_and_a_swedish_draft(demo):
    interim = Report.objects.get(project=demo["project"], report_type=ReportType.INTERIM)
    assert interim.status == ReportStatus.SUBMITTED
    assert interim.versions.get().verify()
    status = Report.objects.get(project__case_number="OPH-877-2025", report_type=ReportType.STATUS)
    assert (status.status, status.language) == (ReportStatus.DRAFT, "sv")
    call_command("seed_demo", password=PASSWORD)  # again: nothing twice
    assert ReportVersion.objects.filter(report=interim).count() == 1


def test_done_when(demo, client, mailoutbox, django_capture_on_commit_callbacks):
    project, coordinator, reviewer = demo["project"], demo["coordinator"], demo["reviewer"]
    Report.objects.filter(project=project).delete()  # start from no report, as a coordinator would
    deadline = ProgrammeDeadline.objects.get(programme=project.programme, report_type=ReportType.INTERIM)

    # 1. The coordinator generates the interim report, sees the self-check and submits.
    client.force_login(coordinator)
    response = client.post(reverse("reports:create", args=[project.pk]), {"deadline": deadline.pk, "language": "fi"})
    report = Report.objects.get(project=project, report_type=ReportType.INTERIM)
    assert response.status_code == 302
    page = client.get(reverse("reports:detail", args=[project.pk, report.pk])).content.decode()
    goal = project.goals.filter(measure="").order_by("order", "pk").first()
    assert re.search(rf"[“”]{re.escape(goal.title)}”", page)  # the self-check quotes the goal without an actual value
    counted = project.goals.exclude(measure="").order_by("order", "pk").first()  # counts mobilities: pre-filled
    assert report.goal_entries.get(goal=counted).actual is not None
    assert not re.search(rf"[“”]{re.escape(counted.title)}”", page)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:render", args=[project.pk, report.pk]))
    report.refresh_from_db()
    assert report.render_status == "done", report.render_error
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:submit", args=[project.pk, report.pk]))
    report.refresh_from_db()
    assert (report.status, report.version_count) == (ReportStatus.SUBMITTED, 1)
    assert reviewer.email in [message.to[0] for message in mailoutbox]

    # 2. The reviewer requests more information with a comment (a comment is required).
    sign_in(client, reviewer)
    assert client.get(reverse("reports:queue")).content.decode().count(project.case_number) >= 1
    transition = reverse("reports:transition", args=[report.pk, "request_info"])
    client.post(transition, {"comment": "  "})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(transition, {"comment": "Lisätkää talousluvut."})
    report.refresh_from_db()
    assert report.status == ReportStatus.INFO_REQUESTED
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "Lisätkää talousluvut." in mailoutbox[0].body

    # 3. The coordinator revises and resubmits; the reviewer accepts in two checks.
    client.force_login(coordinator)
    assert (
        "Lisätkää talousluvut." in client.get(reverse("reports:detail", args=[project.pk, report.pk])).content.decode()
    )
    Report.objects.filter(pk=report.pk).update(summary="Talousluvut lisätty.")
    response = client.post(reverse("reports:submit", args=[project.pk, report.pk]))
    report.refresh_from_db()
    assert report.version_count == 1  # the data changed since the PDF: generate again first
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:render", args=[project.pk, report.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:submit", args=[project.pk, report.pk]))
    report.refresh_from_db()
    assert (report.status, report.version_count) == (ReportStatus.SUBMITTED, 2)
    sign_in(client, reviewer)
    for action in ("content_check", "financial_check", "accept"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("reports:transition", args=[report.pk, action]))
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    steps = list(report.review_steps.values_list("status", "actor__email"))
    assert steps[-1] == (ReportStatus.ACCEPTED, reviewer.email)
    assert [status for status, _email in steps] == [
        "submitted", "info_requested", "submitted", "content_check", "financial_check", "accepted"
    ]  # fmt: skip

    # 4. Both versions stay readable; the stored PDF's hash verifies; its text has the members, meetings, goals.
    v1, v2 = report.versions.order_by("number")
    assert v1.verify() and v2.verify()
    response = client.get(reverse("reports:review_version_pdf", args=[report.pk, 2]))
    assert hashlib.sha256(response.content).hexdigest() == v2.pdf_sha256
    text = pdftotext(v2.read_pdf())
    flat = " ".join(text.split())
    for membership in current_members(project, report.period_end).select_related("organisation"):
        assert membership.organisation.name in flat  # the members: not the organisations only invited
    for meeting in project.meetings.filter(status="held", start__date__gte=report.period_start):
        assert meeting.title in flat
    for goal in project.goals.all():
        assert goal.title in flat
    for output in project.outputs.all():  # the demo's outputs, recorded before the period's end
        assert output.title in flat
    assert "OPH:n kansainvälistymisseminaarin osallistujat" in flat
    assert project.case_number in flat
    reader = PdfReader(io.BytesIO(v2.read_pdf()))  # tagged and accessible: a title, the language, fonts embedded
    assert project.acronym in reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
