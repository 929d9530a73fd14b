"""The commitments app's personal-data handler: export, and erasure that keeps every seal and chain verifying."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from commitments import evidence, services
from commitments.models import LetterEvent, RulesAcceptance, Signature, SignatureRequest
from networkhub.privacy import ERASED_NAME, Person, erase_person, erased_email, export_person
from tests.commitments.helpers import draft_letter, publish_rules
from tests.commitments.test_forgery import _link, sign_letter


@pytest.fixture
def signed(world):
    publish_rules(world.project, world.coordinator)
    return sign_letter(world.membership, world.coordinator, management_email="boss@example.org")


def _verifies():
    call_command("verify_commitments", stdout=io.StringIO())


def _fails():
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_commitments", stdout=out)
    return out.getvalue()


def test_export_lists_the_persons_requests_signatures_and_acceptances(signed, world):
    exported = export_person(Person.for_email(world.contact.email.upper()))["commitments"]
    json.dumps(exported)  # JSON-able
    [request] = exported["signature_requests"]
    assert request["email"] == world.contact.email and request["signature"]["ip_address"] == "198.51.100.7"
    assert request["signature"]["user_agent"] == "TestBrowser/2.0"
    assert [a["email"] for a in exported["rules_acceptances"]] == [world.contact.email]
    assert {event["kind"] for event in exported["letter_events"]} == {"sent", "signed"}
    assert export_person(Person.for_email("nobody@example.org"))["commitments"] == {
        "signature_requests": [],
        "letter_events": [],
        "rules_acceptances": [],
    }


def test_erasing_a_signer_keeps_verification_passing_and_forgeries_detected(signed, world):
    contact_email = world.contact.email
    changed = erase_person(Person.for_email(contact_email), "tok123")["commitments"]
    assert changed >= 3
    address = erased_email("tok123")

    signature = Signature.objects.get(request__version=signed, request__role="contact")
    assert (signature.signer_name, signature.sent_to, signature.ip_address, signature.user_agent) == (
        ERASED_NAME,
        address,
        None,
        "",
    )
    assert signature.erased_at is not None
    request = signature.request
    assert (request.name, request.email) == (ERASED_NAME, address)
    acceptance = RulesAcceptance.objects.get()
    assert (acceptance.accepted_by, acceptance.email, acceptance.ip_address) == (ERASED_NAME, address, None)
    events = LetterEvent.objects.filter(letter=signed.letter)
    for event in events:  # no trace of the person in the chain
        text = json.dumps([event.actor, event.data]).lower()
        assert contact_email.lower() not in text and world.contact.name.lower() not in text
        assert "198.51.100.7" not in text
    assert events.filter(erased_at__isnull=False).exists()
    # The management signatory was not erased.
    assert Signature.objects.get(request__role="management").ip_address == "2001:db8::1"

    _verifies()

    # Another forgery is still detected after the erasure ...
    Signature.objects.filter(request__role="management").update(ip_address="203.0.113.9")
    assert "management signature: ip_address" in _fails()
    Signature.objects.filter(request__role="management").update(ip_address="2001:db8::1")
    _verifies()
    # ... and so is a forged name put where the erased one was.
    Signature.objects.filter(pk=signature.pk).update(signer_name="Fiona Forger")
    assert "contact signature: signer_name" in _fails()
    Signature.objects.filter(pk=signature.pk).update(signer_name=ERASED_NAME)
    SignatureRequest.objects.filter(pk=request.pk).update(name="Fiona Forger")
    assert ": name differ" in _fails()
    SignatureRequest.objects.filter(pk=request.pk).update(name=ERASED_NAME)
    last = events.order_by("-sequence").first()
    LetterEvent.objects.filter(pk=last.pk).delete()
    assert "events were deleted" in _fails()


def test_erasing_a_person_without_rows_changes_nothing(signed):
    assert erase_person(Person.for_email("nobody@example.org"), "tok0")["commitments"] == 0
    _verifies()


def test_erasing_a_management_signatory_who_named_a_deputy(world):
    publish_rules(world.project, world.coordinator)
    version = draft_letter(world.membership, world.coordinator, management_email="boss@example.org", language="en")
    services.send_version(version, actor=world.coordinator)
    contact = SignatureRequest.objects.get(version=version, role="contact")
    evidence_of = services.SignerEvidence(ip_address="198.51.100.7", user_agent="TestBrowser/2.0")
    services.sign(contact, _link(contact), name=contact.name, title="Opettaja", language="en", signer=evidence_of)
    boss = SignatureRequest.objects.get(version=version, role="management", status="sent")
    deputy = services.delegate(
        boss, _link(boss), name="Ville Vararehtori", title="Vararehtori", email="deputy@example.org"
    )
    services.sign(
        deputy, _link(deputy), name="Ville Vararehtori", title="Vararehtori", language="en", signer=evidence_of
    )
    _verifies()

    erase_person(Person.for_email("boss@example.org"), "tok456")

    deputy.refresh_from_db()
    assert deputy.on_behalf_of_name == ERASED_NAME and deputy.name == "Ville Vararehtori"
    assert Signature.objects.get(request=deputy).on_behalf_of == ERASED_NAME
    for event in LetterEvent.objects.filter(letter=version.letter):
        text = json.dumps([event.actor, event.data])
        assert "boss@example.org" not in text and "Riitta Rehtori" not in text
    _verifies()


def test_an_erased_value_without_its_salt_must_be_a_placeholder():
    salts, digests = evidence.seal_fields({"name": "Pia", "role": "contact"}, {"name"})
    assert evidence.changed_fields({"name": "Pia", "role": "contact"}, salts, digests, {"name"}) == []
    assert evidence.changed_fields({"name": ERASED_NAME, "role": "contact"}, {}, digests, {"name"}) == []
    assert evidence.changed_fields({"name": "Eve", "role": "contact"}, {}, digests, {"name"}) == ["name"]
    assert evidence.changed_fields({"name": "Pia", "role": "other"}, salts, digests, {"name"}) == ["role"]


def test_erasing_the_coordinator_removes_their_address_from_the_chain(signed, world):
    assert LetterEvent.objects.filter(actor=world.coordinator.email).exists()
    changed = erase_person(Person.for_user(world.coordinator), "tok789")["commitments"]
    assert changed >= 2  # created and sent
    assert not LetterEvent.objects.filter(actor__icontains=world.coordinator.email).exists()
    assert LetterEvent.objects.filter(actor=erased_email("tok789")).exists()
    _verifies()
