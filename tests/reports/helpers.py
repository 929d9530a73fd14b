import shutil
import subprocess

import pytest

from projects.models import ProgrammeDeadline, ReportType
from reports import data, rendering, services
from reports.demo import render_now
from reports.models import Report


def interim_deadline(project):
    deadline, _created = ProgrammeDeadline.objects.get_or_create(
        programme=project.programme,
        report_type=ReportType.INTERIM,
        due_date=project.start_date.replace(year=project.start_date.year + 1),
    )
    return deadline


def draft(project, coordinator, language="fi"):
    return services.create_report(
        project, programme_deadline=interim_deadline(project), actor=coordinator, language=language
    )


def fake_render(report):
    """What the PDF task stores, without WeasyPrint (for tests about access and state, not the PDF)."""
    seq = report.render_seq + 1
    Report.objects.filter(pk=report.pk).update(render_seq=seq)
    rendering.store_render(report.pk, seq, pdf=b"%PDF-1.7 test", data=data.build(report))
    report.refresh_from_db()


def submitted(project, coordinator, real_pdf=False, deadline=None, language="fi"):
    """A report of the project submitted by `coordinator`, for `deadline` (default: the interim deadline)."""
    if deadline is None:
        report = draft(project, coordinator, language)
    else:
        report = services.create_report(project, programme_deadline=deadline, actor=coordinator, language=language)
    (render_now if real_pdf else fake_render)(report)
    services.submit(report, actor=coordinator)
    report.refresh_from_db()
    return report


def _content(pdf):
    """The bytes of a PDF given as bytes or as a stored file (a FieldFile)."""
    if hasattr(pdf, "open"):
        with pdf.open("rb") as handle:
            return handle.read()
    return bytes(pdf)


def pdftotext(pdf):
    import os

    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (Debian's poppler-utils) is required in CI")
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=_content(pdf), capture_output=True, check=True
    ).stdout.decode()


def pdf_pages(pdf):
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(_content(pdf))).pages)


def grow_network(project, *, members, meetings, attendance_per_meeting=None, decisions=1):
    """A network of `members` organisations (one contact each) and `meetings` held meetings with attendance."""
    from datetime import timedelta

    from django.utils import timezone

    from meetings.models import Attendance, Decision, Meeting, MeetingStatus, MeetingType
    from partners.models import ContactPerson, Membership, MembershipStatus, Organisation, OrganisationType
    from tests.factories import business_id

    stamp = Organisation.objects.count()
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Jäsenorganisaatio {stamp + n}",
                org_type=OrganisationType.COMPANY if n % 3 == 0 else OrganisationType.EDUCATION_PROVIDER,
                country="FI" if n % 2 else "SE",
                business_id=business_id(stamp + n + 5000) if n % 2 else None,
                foreign_registration_number="" if n % 2 else f"SE{stamp + n}",
                new_to_international=n % 4 == 0,
            )
            for n in range(members)
        ]
    )
    contacts = ContactPerson.objects.bulk_create(
        [
            ContactPerson(organisation=o, name=f"Yhteyshenkilö {o.pk}", email=f"c{o.pk}@example.org")
            for o in organisations
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(project=project, organisation=o, status=MembershipStatus.ACTIVE, joined_on=project.start_date)
            for o in organisations
        ]
    )
    now = timezone.now()
    held = Meeting.objects.bulk_create(
        [
            Meeting(
                project=project,
                title=f"Verkostokokous {n}",
                meeting_type=MeetingType.WORKSHOP if n % 2 else MeetingType.STEERING_GROUP,
                start=now - timedelta(days=1 + n % 110, hours=n % 7),
                end=now - timedelta(days=1 + n % 110, hours=n % 7) + timedelta(hours=2),
                status=MeetingStatus.HELD,
            )
            for n in range(meetings)
        ]
    )
    per_meeting = attendance_per_meeting if attendance_per_meeting is not None else len(contacts)
    rows = []
    for index, meeting in enumerate(held):
        for offset in range(per_meeting):
            contact = contacts[(index + offset) % len(contacts)]
            rows.append(Attendance(meeting=meeting, contact=contact, status="present" if offset % 3 else "absent"))
    Attendance.objects.bulk_create(rows, batch_size=5000)
    if decisions:
        text = "jatketaan yhteistä kehittämistä ja raportoidaan ohjausryhmälle seuraavassa kokouksessa"
        Decision.objects.bulk_create(
            [Decision(meeting=m, order=n, text=f"Päätös {n + 1}: {text}.") for m in held for n in range(decisions)]
        )
    return organisations, held
