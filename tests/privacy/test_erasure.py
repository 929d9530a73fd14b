"""Exporting and erasing one person (GDPR articles 15, 17 and 20) through every app's handler."""

import json
import re

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from accounts.models import User
from goals.models import Idea
from meetings.models import ActionItem, Attendance, Decision, Invitation, Minutes, PollAnswer
from networkhub import privacy as registry
from networkhub.mail import send_once
from networkhub.models import AuditEvent, LinkToken, Message, Reminder, ReminderStatus, SecurityEvent
from networkhub.privacy import ERASED_NAME
from networkhub.reminders import skip_reason
from partners.models import ContactPerson
from privacy import services
from tests.factories import ContactFactory

from .helpers import PHONE, administrator, leave_footprint, phone, proxy

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_people(world):
    """The partner (account and contact person) and the other partner, each with rows in every app."""
    mine = leave_footprint(world.project, world.partner, world.contact)
    theirs = leave_footprint(world.other_project, world.other_partner, world.other_contact)
    return mine, theirs


def everything_as_text():
    """Every row of every application table, as text: where a name, address or phone could hide."""
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if not t.startswith("django_")]
        text = []
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # table names from the schema
            text.extend(str(row) for row in cursor.fetchall())
    return "\n".join(text)


def found(text, dump):
    """`text` on its own in `dump` (the partner's address is also the tail of the other partner's)."""
    return re.search(rf"(?<![\w.+-]){re.escape(text)}(?![\w-])", dump) is not None


def test_export_holds_the_persons_rows_from_every_app_and_nothing_of_another(world, two_people):
    mine, theirs = two_people
    admin = administrator()
    data = services.export(services.find_person(world.partner.email), actor=admin)
    assert set(data["data"]) == {handler.app for handler in registry.handlers()}
    assert {"networkhub", "partners", "meetings", "pulse", "projects", "reports"} <= set(data["data"])
    own = data["data"]
    assert own["networkhub"]["account"]["full_name"] == world.partner.full_name
    assert [m["subject"] for m in own["networkhub"]["messages"]] == [mine.message.subject]
    assert len(own["networkhub"]["security_events"]) == 3  # a sign-in, a failure, a change naming her address
    assert own["networkhub"]["audit_events"][0]["data"] == {"email": world.partner.email}
    assert own["partners"]["contact_persons"][0]["phone"] == phone(world.contact)
    assert len(own["partners"]["invitations"]) == 1
    assert own["meetings"]["meeting_invitations"][0]["proxy_name"] == proxy(world.contact)
    assert own["meetings"]["poll_answers"][0]["comment"] == f"Sopii hyvin, {proxy(world.contact)}"
    assert len(own["meetings"]["action_items"]) == 1 and len(own["goals"]["ideas"]) == 1
    assert own["pulse"]["surveys"][0]["answered"] is True
    text = json.dumps(data, ensure_ascii=False)
    assert world.partner.email in text
    for other in (world.other_partner.email, world.other_partner.full_name, world.other_contact.name):
        assert other not in text
    assert theirs.meeting.title not in text


def test_export_is_logged_with_the_administrator_as_actor(world, two_people, rf):
    admin = administrator()
    request = rf.post("/", REMOTE_ADDR="198.51.100.7")
    services.export(services.find_person(world.partner.email), actor=admin, request=request)
    event = SecurityEvent.objects.get(kind="data_exported")
    assert (event.user, event.actor, event.ip_address) == (world.partner, admin, "198.51.100.7")
    assert AuditEvent.objects.filter(action="person.exported", actor=admin).count() == 1


def test_erasure_anonymises_name_email_and_phone_everywhere_and_keeps_others(world, two_people):
    mine, theirs = two_people
    name, email = world.partner.full_name, world.partner.email
    contact_name = world.contact.name
    admin = administrator()
    assert found(email, everything_as_text()) and found(phone(world.contact), everything_as_text())

    changed = services.erase(services.find_person(email), actor=admin)

    assert sum(changed.values()) > 0 and set(changed) == {h.app for h in registry.handlers()}
    dump = everything_as_text()
    for secret in (name, email, contact_name, proxy(world.contact), phone(world.contact)):
        assert not found(secret, dump), secret
    user = User.objects.get(pk=world.partner.pk)
    assert user.full_name == ERASED_NAME and user.email.endswith("@erased.invalid")
    assert not user.is_active and not user.has_usable_password()
    contact = ContactPerson.objects.get(pk=world.contact.pk)
    assert (contact.name, contact.phone, contact.title, contact.consent_to_share) == (ERASED_NAME, "", "", False)
    assert contact.email == user.email
    # The rows stay, so the network's history keeps its counts.
    assert Invitation.objects.filter(contact=contact).count() == 1
    assert Attendance.objects.filter(contact=contact).count() == 1
    assert ActionItem.objects.filter(owner_contact=contact).count() == 1
    assert Idea.objects.filter(proposed_by_contact=contact).count() == 1
    assert PollAnswer.objects.filter(invitee__contact=contact, comment="").count() == 1
    assert Invitation.objects.get(contact=contact).proxy_name == ERASED_NAME
    assert ERASED_NAME in Minutes.objects.get(meeting=mine.meeting).summary
    assert Decision.objects.get(meeting=mine.meeting).text == f"{ERASED_NAME} valmistelee hakemuksen."
    message = Message.objects.get(pk=mine.message.pk)
    assert (message.recipient, message.subject, message.status) == (user.email, "", "sent")
    reminder = Reminder.objects.get(project=world.project)
    assert reminder.status == ReminderStatus.CANCELLED and reminder.recipient_name == ERASED_NAME
    assert not LinkToken.objects.filter(sent_to=user.email).usable().exists()
    assert not AccessAttempt.objects.filter(username=email).exists()
    # The other person is untouched.
    other = ContactPerson.objects.get(pk=world.other_contact.pk)
    assert (other.name, other.email, other.phone) == (world.other_contact.name, world.other_contact.email, phone(other))
    assert User.objects.get(pk=world.other_partner.pk).full_name == world.other_partner.full_name
    assert Message.objects.get(pk=theirs.message.pk).subject == theirs.message.subject
    assert Invitation.objects.get(contact=other).proxy_name == proxy(other)
    assert world.other_partner.email in dump and AccessAttempt.objects.filter(username=world.other_partner.email)


def test_erasure_is_logged_without_the_old_address(world, two_people):
    admin = administrator()
    email = world.partner.email
    services.erase(services.find_person(email), actor=admin)
    event = SecurityEvent.objects.get(kind="person_erased")
    assert event.actor == admin and event.user_id == world.partner.pk
    assert event.identifier.endswith("@erased.invalid")
    audit_event = AuditEvent.objects.get(action="person.erased")
    assert audit_event.actor == admin and email not in json.dumps(audit_event.data)
    assert not SecurityEvent.objects.filter(identifier__iexact=email).exists()


def test_a_contact_without_an_account_is_erased_by_address(world):
    contact = ContactFactory(organisation=world.membership.organisation, email="ville@example.org", phone=PHONE)
    services.erase(services.find_person("VILLE@example.org"), actor=administrator())
    contact.refresh_from_db()
    assert (contact.name, contact.phone) == (ERASED_NAME, "") and contact.email.endswith("@erased.invalid")
    world.contact.refresh_from_db()
    assert world.contact.email == world.partner.email


def test_erasure_is_all_or_nothing(world, two_people, monkeypatch):
    def broken(person, token):
        raise RuntimeError("disk full")

    registered = registry.handlers()
    # Erasure runs the handlers last to first: this one fails after all the others have changed their rows.
    monkeypatch.setattr(registry, "handlers", lambda: [registry.Handler("broken", lambda p: {}, broken), *registered])
    with pytest.raises(RuntimeError):
        services.erase(services.find_person(world.partner.email), actor=administrator())
    world.contact.refresh_from_db()
    world.partner.refresh_from_db()
    assert world.contact.name != ERASED_NAME and world.contact.phone == phone(world.contact)
    assert world.partner.is_active and not SecurityEvent.objects.filter(kind="person_erased").exists()
    assert Message.objects.get(pk=two_people[0].message.pk).recipient == world.partner.email


def test_an_unknown_person_is_refused_with_a_clear_message(db):
    with pytest.raises(services.PrivacyError) as error:
        services.find_person("nobody@example.org")
    assert "nobody@example.org" in error.value.message
    with pytest.raises(CommandError, match="nobody@example.org"):
        call_command("erase_person", "nobody@example.org", "--yes")


def test_an_administrator_cannot_erase_themselves(db):
    admin = administrator()
    with pytest.raises(services.PrivacyError):
        services.erase(services.find_person(admin.email), actor=admin)
    admin.refresh_from_db()
    assert admin.is_active


def test_the_commands_export_and_erase(world, two_people, capsys):
    call_command("export_person", world.partner.email)
    data = json.loads(capsys.readouterr().out)
    assert data["data"]["partners"]["contact_persons"][0]["email"] == world.partner.email
    call_command("erase_person", world.partner.email, "--yes")
    assert "Erased" in capsys.readouterr().out
    world.contact.refresh_from_db()
    assert world.contact.name == ERASED_NAME
    assert SecurityEvent.objects.filter(kind="person_erased", actor=None).count() == 1


def test_a_signer_erased_still_verifies(world, client, mailoutbox, django_capture_on_commit_callbacks):
    """Signatures keep their evidence hashes: verify_commitments passes after the signer is erased."""
    pytest.importorskip("commitments.privacy")
    from commitments.models import Signature
    from tests.commitments.helpers import draft_letter, links_to, publish_rules

    project, coordinator = world.project, world.coordinator
    with django_capture_on_commit_callbacks(execute=True):
        publish_rules(project, coordinator)
        draft_letter(world.membership, coordinator, contact=world.contact, management_email="boss@example.org")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("commitments:letter_send", args=[project.pk, world.membership.pk]))
    signer = client.__class__()
    for email, name in ((world.contact.email, world.contact.name), ("boss@example.org", "Riitta Rehtori")):
        with django_capture_on_commit_callbacks(execute=True):
            signer.post(links_to(mailoutbox, email)[-1], {"full_name": name, "title": "Rehtori", "consent": "on"})
    hashes = sorted(Signature.objects.values_list("content_hash", flat=True))
    assert len(hashes) == 2
    call_command("verify_commitments")

    services.erase(services.find_person(world.partner.email), actor=administrator())

    call_command("verify_commitments")
    assert sorted(Signature.objects.values_list("content_hash", flat=True)) == hashes


def test_nothing_is_ever_sent_to_an_erased_address(world, mailoutbox):
    services.erase(services.find_person(world.partner.email), actor=administrator())
    world.contact.refresh_from_db()
    record = send_once(
        "test:erased", "emails/password_reset", to=world.contact.email, language="fi", context={}, kind="test"
    )
    assert record.status == "failed" and "erased" in record.error
    assert mailoutbox == []
    reminder = Reminder(recipient=world.contact.email, kind="x")
    assert skip_reason(reminder, spec=None) == "the recipient was erased"
