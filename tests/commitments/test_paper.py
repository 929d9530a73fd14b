"""Issue 19, part 4b: a letter signed on paper before networkhub, recorded with its scanned copy, counts as
signed by both from its dates; the letter page, the PDF and verification say so."""

import hashlib
import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from commitments.models import PaperSignature, VersionStatus
from commitments.overview import CommitmentState, commitments_for
from health import items
from health.panel import Status
from networkhub.models import AuditEvent
from tests.commitments.helpers import draft_letter
from tests.health.helpers import NOW, founding_members

CONTACT_DAY, MANAGEMENT_DAY = date(2026, 2, 10), date(2026, 2, 12)  # before applying (1.3.2026)
SCAN = b"%PDF-1.4\n% a scanned signed letter\n" + b"0" * 200


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, project, membership, **overrides):
    data = {
        "upload": SimpleUploadedFile("allekirjoitettu.pdf", SCAN, content_type="application/pdf"),
        "contact_name": "Pia Partneri",
        "contact_title": "Yhteyshenkilö",
        "contact_signed_on": str(CONTACT_DAY),
        "management_name": "Riitta Rehtori",
        "management_title": "Rehtori",
        "management_signed_on": str(MANAGEMENT_DAY),
        "confirm": "on",
        **overrides,
    }
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("commitments:letter_paper", args=[project.pk, membership.pk]), data)


def test_paper_signed_letter_counts_from_its_dates_and_verifies(world, client):
    (membership,) = founding_members(world, 1)
    project = world.project
    draft_letter(membership, world.coordinator)  # no rules published: an adopting project may have none yet
    client.force_login(world.coordinator)
    # After the application date item 2 is history, never scored: its value still says who had signed by then.
    before = items.committed_at_application(project)
    assert before.status == Status.HISTORY and before.value == 0

    # Confirmation before recording: without the tick nothing is recorded.
    refused = _post(client, project, membership, confirm=None)
    assert refused.status_code == 200 and refused.context["form"].errors["confirm"]
    assert not PaperSignature.objects.exists()

    assert _post(client, project, membership).status_code == 302
    paper = PaperSignature.objects.get()
    assert paper.file_sha256 == hashlib.sha256(SCAN).hexdigest()
    assert paper.version.status == VersionStatus.SIGNED
    assert AuditEvent.objects.filter(action="letter.paper_signed", project=project).count() == 2

    # Signed by both from the later date, for every measure.
    after = items.committed_at_application(project)
    assert after.status == Status.HISTORY and after.value == 100
    assert items.management_signed(project).status == Status.GREEN
    assert items.management_signed(project, MANAGEMENT_DAY).status == Status.GREEN
    assert items.management_signed(project, date(2026, 2, 11)).status == Status.RED
    assert commitments_for([membership], date(2026, 2, 11))[membership.pk].state == CommitmentState.PARTIALLY_SIGNED
    assert commitments_for([membership], MANAGEMENT_DAY)[membership.pk].state == CommitmentState.SIGNED
    overview = client.get(reverse("commitments:overview", args=[project.pk])).context["counts"]
    assert overview["signed"] == 1 and overview["committed_at_application"] == 1

    page = client.get(reverse("commitments:letter", args=[project.pk, membership.pk])).content.decode()
    assert "Allekirjoitettu paperilla 12.2.2026, skannattu kopio" in page
    scan = client.get(reverse("commitments:paper_scan", args=[project.pk, membership.pk]))
    assert b"".join(scan.streaming_content if scan.streaming else [scan.content]) == SCAN
    pdf = client.get(reverse("commitments:letter_pdf", args=[project.pk, membership.pk, 1]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", " ")
    assert "Allekirjoitettu paperilla 10.2.2026" in text and "Allekirjoitettu paperilla 12.2.2026" in text
    assert paper.file_sha256[:20] in text.replace(" ", "")

    out = io.StringIO()
    call_command("verify_commitments", stdout=out)
    assert "All letters verify." in out.getvalue()

    # The stored scan's bytes change behind the application's back: verification re-hashes it and fails.
    with paper.file.storage.open(paper.file.name, "wb") as handle:
        handle.write(SCAN.replace(b"scanned", b"SCANNED"))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_commitments", stdout=out)
    assert "the scanned copy of the paper-signed letter differs from its SHA-256" in out.getvalue()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"upload": SimpleUploadedFile("letter.pdf", b"MZ not a pdf")}, "upload", "The file's content does not"),
        ({"upload": SimpleUploadedFile("letter.exe", SCAN)}, "upload", "Files of this type cannot be attached"),
        ({"contact_signed_on": "2026-11-03"}, "contact_signed_on", "cannot be dated in the future"),
        ({"management_name": ""}, "management_name", ""),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(world, client, settings, overrides, field, message):
    (membership,) = founding_members(world, 1)
    draft_letter(membership, world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.coordinator)
    response = _post(client, world.project, membership, **overrides)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not PaperSignature.objects.exists()


def test_only_a_letter_not_yet_sent_in_networkhub_can_be_recorded(world, client):
    from commitments import services
    from tests.commitments.helpers import publish_rules

    (membership,) = founding_members(world, 1)
    publish_rules(world.project, world.coordinator)
    services.send_version(draft_letter(membership, world.coordinator), actor=world.coordinator)
    client.force_login(world.coordinator)
    response = client.get(reverse("commitments:letter_paper", args=[world.project.pk, membership.pk]))
    assert response.status_code == 302
    assert _post(client, world.project, membership).status_code == 302
    assert not PaperSignature.objects.exists()
