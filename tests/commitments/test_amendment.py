"""Issue 19, part 3b: a task's responsible person and deadline change through an amendment the contact
person acknowledges; the management signature stays, health items 3 and 4 read the amended tasks, and
verification covers the amendment."""

import io
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from commitments import services
from commitments.models import (
    AmendmentStatus,
    EventKind,
    LetterAmendment,
    LetterVersion,
    Task,
    TokenPurpose,
    VersionStatus,
)
from health import items
from health.panel import Status
from networkhub import tokens
from networkhub.models import AuditEvent
from tests.commitments.helpers import publish_rules
from tests.factories import ContactFactory
from tests.health.helpers import NOW, TODAY, at, founding_members, letter

AMENDMENT_LINK = re.compile(r"http://testserver(/sign/amendment/[A-Za-z0-9_-]{40,}/)")
SIGNED_ON = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _signed_letter_without_deadline(world):
    """The world's member, its letter signed by both before applying; its one task has no deadline."""
    (membership,) = founding_members(world, 1)
    publish_rules(world.project, world.coordinator)
    version = letter(
        membership, world.coordinator, sent=SIGNED_ON, contact=SIGNED_ON, management=SIGNED_ON, tasks=((True, False),)
    )
    return membership, version, version.tasks.get()


def _link(mailoutbox, email):
    found = [AMENDMENT_LINK.search(m.body) for m in mailoutbox if m.to == [email]]
    return [match.group(1) for match in found if match]


def _verify():
    out = io.StringIO()
    call_command("verify_commitments", stdout=out)
    return out.getvalue()


def test_amendment_adds_a_deadline_keeps_management_and_verifies(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    membership, version, task = _signed_letter_without_deadline(world)
    project = world.project
    assert items.tasks_defined(project).status == Status.RED
    assert items.management_signed(project).status == Status.GREEN

    client.force_login(world.coordinator)
    url = reverse("commitments:letter_amend", args=[project.pk, membership.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {f"deadline_{task.pk}": "2027-05-31"})
    assert response.status_code == 302
    amendment = LetterAmendment.objects.get()
    assert amendment.status == AmendmentStatus.PENDING
    assert amendment.expires_at > NOW  # a lease: nothing waits forever
    contact = membership.organisation.contacts.first()
    (link,) = _link(mailoutbox, contact.email)
    assert AuditEvent.objects.filter(action="letter.amendment_proposed", project=project).exists()

    # While pending, the letter in force is unchanged.
    assert items.tasks_defined(project).status == Status.RED
    page = client.get(reverse("commitments:letter", args=[project.pk, membership.pk]))
    assert "muutettu" not in page.content.decode()

    anonymous = client.__class__()
    shown = anonymous.get(link)
    assert shown.status_code == 200
    assert shown["Content-Language"] == contact.language
    assert "31.5.2027" in shown.content.decode()
    # Confirmation before acknowledging: without the tick nothing happens.
    refused = anonymous.post(link, {"full_name": contact.name})
    assert refused.status_code == 200 and refused.context["form"].errors["confirm"]
    assert LetterAmendment.objects.get().status == AmendmentStatus.PENDING

    later = NOW + timedelta(days=2)
    with time_machine.travel(later, tick=False):
        done = anonymous.post(link, {"full_name": contact.name, "confirm": "on"}, HTTP_USER_AGENT="Test/1.0")
        assert done.status_code == 200
        amendment.refresh_from_db()
        assert amendment.status == AmendmentStatus.ACKNOWLEDGED and amendment.evidence_hash
        assert anonymous.post(link, {"full_name": contact.name, "confirm": "on"}).status_code == 410  # used

        # Item 3 reads the amended task; item 4 stays green: the version and its signatures are untouched.
        assert items.tasks_defined(project).status == Status.GREEN
        assert items.management_signed(project).status == Status.GREEN
        assert items.tasks_defined(project, TODAY).status == Status.RED  # not yet amended that day
        version.refresh_from_db()
        assert version.status == VersionStatus.SIGNED and LetterVersion.objects.count() == 1
        assert Task.objects.get().deadline is None  # the signed row itself never changes

        page = client.get(reverse("commitments:letter", args=[project.pk, membership.pk])).content.decode()
        assert "31.5.2027" in page and "muutettu 4.11.2026" in page
        pdf = client.get(reverse("commitments:letter_pdf", args=[project.pk, membership.pk, version.number]))
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "31.5.2027" in text and "muutettu 4.11.2026" in text

        assert "All letters verify." in _verify()
        assert version.letter.events.filter(kind=EventKind.AMENDMENT_ACKNOWLEDGED).count() == 1

    # Tampered behind the application's back: the deadline in the stored amendment is changed.
    changes = amendment.changes
    changes[0]["deadline"] = "2028-06-30"
    LetterAmendment.objects.filter(pk=amendment.pk).update(changes=changes)
    with pytest.raises(CommandError):
        _verify()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_commitments", stdout=out)
    assert "amendment 1: amended tasks differs from the sealed evidence" in out.getvalue()

    # Deleted, or set back to pending, behind the application's back: its acknowledgement event remains.
    LetterAmendment.objects.filter(pk=amendment.pk).update(status=AmendmentStatus.PENDING)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_commitments", stdout=out)
    assert "amendment 1 was acknowledged in the audit trail but is missing or reopened" in out.getvalue()


def test_a_pending_amendment_forged_as_acknowledged_is_reported(world):
    membership, version, task = _signed_letter_without_deadline(world)
    services.propose_amendment(version.letter, [(task, None, date(2027, 5, 31))], actor=world.coordinator)
    LetterAmendment.objects.update(status=AmendmentStatus.ACKNOWLEDGED, acknowledged_at=NOW, evidence_hash="0" * 64)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_commitments", stdout=out)
    assert "amendment 1" in out.getvalue()


def test_the_form_has_only_responsible_and_deadline_and_refuses_bad_input(world, client):
    membership, version, task = _signed_letter_without_deadline(world)
    project = world.project
    client.force_login(world.coordinator)
    url = reverse("commitments:letter_amend", args=[project.pk, membership.pk])
    form = client.get(url).context["form"]
    assert set(form.fields) == {f"responsible_{task.pk}", f"deadline_{task.pk}"}

    # Content, money and period are not fields: posting them changes nothing.
    stranger = ContactFactory()  # a contact of another organisation
    response = client.post(
        url,
        {
            f"deadline_{task.pk}": "2030-01-01",  # after the project ends (31.7.2028)
            f"responsible_{task.pk}": stranger.pk,
            "title": "Uusi tehtävä",
            "contribution_eur": "99999",
            "period_end": "2030-12-31",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[f"deadline_{task.pk}"] == ["Määräajan on oltava hankkeen keston sisällä 1.8.2026 – 31.7.2028."]
    assert errors[f"responsible_{task.pk}"] == [f"Valitse organisaation {membership.organisation.name} yhteyshenkilö."]
    assert 'value="2030-01-01"' in response.content.decode()  # the input is kept
    assert not LetterAmendment.objects.exists()

    # Nothing changed is refused with a message, too.
    response = client.post(url, {f"deadline_{task.pk}": ""})
    assert response.status_code == 200 and response.context["form"].non_field_errors()

    response = client.post(url, {f"deadline_{task.pk}": "2027-01-15", "title": "Uusi", "contribution_eur": "1"})
    assert response.status_code == 302
    (change,) = LetterAmendment.objects.get().changes
    assert set(change) == {
        "task",
        "order",
        "title",
        "responsible",
        "responsible_name",
        "deadline",
        "was_responsible_name",
        "was_deadline",
    }
    assert (change["title"], change["deadline"], change["responsible"]) == (task.title, "2027-01-15", None)
    version.refresh_from_db()
    assert version.contribution_eur == 0 and version.period_end == date(2028, 7, 31)


def test_a_letter_not_signed_by_both_cannot_be_amended(world, client):
    (membership,) = founding_members(world, 1)
    publish_rules(world.project, world.coordinator)
    letter(membership, world.coordinator, sent=SIGNED_ON, contact=SIGNED_ON)
    client.force_login(world.coordinator)
    response = client.get(reverse("commitments:letter_amend", args=[world.project.pk, membership.pk]))
    assert response.status_code == 302


def test_a_pending_amendment_expires_and_a_new_version_revokes_one(world, client):
    membership, version, task = _signed_letter_without_deadline(world)
    amendment = services.propose_amendment(version.letter, [(task, None, date(2027, 5, 31))], actor=world.coordinator)
    assert services.expire_amendments_due(amendment.expires_at - timedelta(seconds=1)) == 0
    assert services.expire_amendments_due(amendment.expires_at) == 1
    assert LetterAmendment.objects.get().status == AmendmentStatus.EXPIRED
    assert items.tasks_defined(world.project).status == Status.RED

    second = services.propose_amendment(version.letter, [(task, None, date(2027, 5, 31))], actor=world.coordinator)
    draft = services.start_new_version(version.letter, actor=world.coordinator)
    with time_machine.travel(at(TODAY, 13), tick=False):
        services.send_version(draft, actor=world.coordinator)
    second.refresh_from_db()
    assert second.status == AmendmentStatus.REVOKED
    assert "All letters verify." in _verify()


def _amended(membership, coordinator, tasks):
    """A letter signed by both with `tasks` tasks, and one acknowledged amendment per task."""
    version = letter(
        membership, coordinator, sent=SIGNED_ON, contact=SIGNED_ON, management=SIGNED_ON, tasks=((True, False),) * tasks
    )
    for task in version.tasks.all():
        amendment = services.propose_amendment(version.letter, [(task, None, date(2027, 5, 31))], actor=coordinator)
        link, _raw = tokens.issue(TokenPurpose.AMENDMENT, amendment, sent_to=amendment.sent_to)
        services.acknowledge_amendment(amendment, link, name="Pia", signer=services.SignerEvidence("192.0.2.1", "t"))


@pytest.mark.parametrize("name", ["commitments:letter", "commitments:letter_amend"])
def test_letter_and_amendment_pages_do_not_query_per_task_or_amendment(
    world, client, django_assert_num_queries, django_assert_max_num_queries, name
):
    small, large = founding_members(world, 2)
    publish_rules(world.project, world.coordinator)
    _amended(small, world.coordinator, 1)
    _amended(large, world.coordinator, 6)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(40) as queries:
        assert client.get(reverse(name, args=[world.project.pk, small.pk])).status_code == 200
    with django_assert_num_queries(len(queries.captured_queries)):
        response = client.get(reverse(name, args=[world.project.pk, large.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("muutettu 2.11.2026") == 6 or name == "commitments:letter_amend"


def test_the_status_report_lists_the_tasks_as_amended_by_the_end_of_its_period(world):
    from reports.data import _commitment

    membership, version, task = _signed_letter_without_deadline(world)
    amendment = services.propose_amendment(version.letter, [(task, None, date(2027, 5, 31))], actor=world.coordinator)
    link, _raw = tokens.issue(TokenPurpose.AMENDMENT, amendment, sent_to=amendment.sent_to)
    services.acknowledge_amendment(amendment, link, name="Pia", signer=services.SignerEvidence("192.0.2.1", "t"))
    (row,) = _commitment(world.project, TODAY)["rows"]
    assert [t["deadline"] for t in row["tasks"]] == ["31.5.2027"]
    (row,) = _commitment(world.project, TODAY - timedelta(days=1))["rows"]
    assert [t["deadline"] for t in row["tasks"]] == [""]  # not yet amended at the end of that period
