"""Issue 20 part 5: keyed evidence. A database writer who recomputes every unkeyed seal, the signing
events' records of them, the whole hash chain and its head, with only the public hashing functions, is
reported as a forgery ("recomputed without the key"); the same rewrite with the key verifies; rotating
the key keeps old rows verifiable; a row MAC'd with an unknown key id is reported."""

import io

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from commitments import evidence, keys
from commitments.checks import evidence_key
from commitments.models import Letter, LetterEvent, LetterVersion, Signature, SignatureRequest
from tests.commitments.helpers import publish_rules
from tests.commitments.test_forgery import FORGED_NAME, sign_letter

OLD_KEY = "old-evidence-key-0123456789-abcdefghijklmnopqrstuvwxyz"
NEW_KEY = "new-evidence-key-9876543210-zyxwvutsrqponmlkjihgfedcba"
FORGERY = "recomputed without the key"


@pytest.fixture
def signed(world):
    with override_settings(EVIDENCE_KEY_ID="old", EVIDENCE_KEYS={"old": OLD_KEY}):
        publish_rules(world.project, world.coordinator)
        version = sign_letter(world.membership, world.coordinator)
    assert version.status == "signed"
    return version


def _digests(values, salts):
    return {name: evidence.field_digest(name, value, salts.get(name, "")) for name, value in values.items()}


def recompute_everything(letter, *, signer_name, key=None):
    """The attacker: rename the contact person's signer and recompute, with the public hashing functions
    only, the signature's digests and seal, the signing event's record of that seal, every event's digests
    and hash, and the letter's head. With `key` (the legitimate operator) the MACs are recomputed too."""
    signature = Signature.objects.get(request__version__letter=letter, request__role="contact")
    old_seal = signature.evidence_hash
    signature.signer_name = signer_name
    digests = _digests(evidence.signature_values(signature, signature.request.evidence_hash), signature.evidence_salts)
    seal = evidence.seal_hash("signature", digests)
    fields = {"signer_name": signer_name, "evidence_digests": digests, "evidence_hash": seal}
    if key:
        fields.update(zip(("evidence_key_id", "evidence_mac"), keys.sign("signature", seal), strict=True))
    Signature.objects.filter(pk=signature.pk).update(**fields)
    previous = evidence.GENESIS
    for event in LetterEvent.objects.filter(letter=letter).order_by("sequence"):
        data = dict(event.data)
        if data.get("evidence") == old_seal:
            data["evidence"] = seal
        event_digests = _digests(evidence.event_values(event.actor, data), event.salts)
        hashed = evidence.event_hash(
            letter.pk, event.sequence, event.version_number, event.kind, event.created_at, previous, event_digests
        )
        LetterEvent.objects.filter(pk=event.pk).update(
            data=data, digests=event_digests, previous_hash=previous, hash=hashed
        )
        previous = hashed
    head = {"head_hash": previous}
    if key:
        count = Letter.objects.get(pk=letter.pk).event_count
        head.update(zip(("head_key_id", "head_mac"), keys.sign_head(letter.pk, count, previous), strict=True))
    Letter.objects.filter(pk=letter.pk).update(**head)


def _command():
    out = io.StringIO()
    try:
        call_command("verify_commitments", stdout=out)
    except CommandError:
        return out.getvalue(), False
    return out.getvalue(), True


def test_every_seal_chain_and_head_carry_a_mac_with_the_current_key_id(signed):
    letter = Letter.objects.get(pk=signed.letter_id)
    assert letter.head_key_id == "old" and len(letter.head_mac) == 64
    rows = [LetterVersion.objects.get(pk=signed.pk), *SignatureRequest.objects.filter(version=signed)]
    rows += list(Signature.objects.filter(request__version=signed))
    assert len(rows) == 5
    assert all(row.evidence_key_id == "old" and len(row.evidence_mac) == 64 for row in rows)


@override_settings(EVIDENCE_KEY_ID="old", EVIDENCE_KEYS={"old": OLD_KEY})
def test_a_writer_who_recomputes_everything_without_the_key_is_reported_as_a_forgery(signed, world, client):
    assert _command()[1]
    recompute_everything(signed.letter, signer_name=FORGED_NAME)

    report = evidence.verify()
    # The rewrite is complete: only the key tells it apart from honest evidence.
    assert {finding.code for finding in report.findings} == {"key_forged", "head_key_forged"}
    out, ok = _command()
    assert not ok
    assert f"the contact person's signature: forgery: the seal was {FORGERY}" in out
    assert f"the head of the audit trail: forgery: it was {FORGERY}" in out
    client.force_login(world.coordinator)
    page = client.get(reverse("commitments:verify", args=[world.project.pk])).content.decode()
    assert "väärennös" in page  # Finnish, the default language


@override_settings(EVIDENCE_KEY_ID="old", EVIDENCE_KEYS={"old": OLD_KEY})
def test_the_same_rewrite_with_the_key_verifies(signed):
    recompute_everything(signed.letter, signer_name="Riitta Rehtori-Renamed", key=True)
    assert evidence.verify().ok
    assert _command()[1]


def test_rotating_the_key_keeps_old_rows_verifying_and_new_rows_use_the_new_id(signed, world):
    from tests.factories import MembershipFactory

    with override_settings(EVIDENCE_KEY_ID="new", EVIDENCE_KEYS={"old": OLD_KEY, "new": NEW_KEY}):
        assert _command()[1]
        newer = sign_letter(MembershipFactory(project=world.project), world.coordinator)
        assert Letter.objects.get(pk=newer.letter_id).head_key_id == "new"
        assert {s.evidence_key_id for s in Signature.objects.filter(request__version=newer)} == {"new"}
        assert evidence.verify().ok
        recompute_everything(signed.letter, signer_name=FORGED_NAME)
        assert not evidence.verify().ok  # a forger still lacks the old key too

    with override_settings(EVIDENCE_KEY_ID="new", EVIDENCE_KEYS={"new": NEW_KEY}):  # the old key dropped
        out, ok = _command()
        assert not ok and "is sealed with an unknown key (id old)" in out


@override_settings(EVIDENCE_KEY_ID="old", EVIDENCE_KEYS={"old": OLD_KEY})
def test_rows_sealed_before_the_key_are_reported_until_seal_evidence_keys_them(signed):
    unkeyed = {"evidence_key_id": "", "evidence_mac": ""}
    Signature.objects.update(**unkeyed)
    SignatureRequest.objects.update(**unkeyed)
    LetterVersion.objects.update(**unkeyed)
    Letter.objects.update(head_key_id="", head_mac="")
    out, ok = _command()
    assert not ok and "has no keyed seal" in out

    call_command("seal_evidence", stdout=io.StringIO())

    assert _command()[1]


@override_settings(EVIDENCE_KEY_ID="old", EVIDENCE_KEYS={"old": OLD_KEY})
def test_seal_evidence_never_keys_a_letter_that_does_not_verify(signed):
    Signature.objects.update(evidence_key_id="", evidence_mac="")
    Signature.objects.filter(request__role="contact").update(signer_name=FORGED_NAME)
    out = io.StringIO()
    call_command("seal_evidence", stdout=out)
    assert "NOT KEYED" in out.getvalue()
    assert set(Signature.objects.values_list("evidence_mac", flat=True)) == {""}


@pytest.mark.parametrize(
    ("key_id", "configured", "reported"),
    [
        ("1", {}, True),  # missing
        ("1", {"1": "development-only-evidence-key-not-secret-do-not-use-in-production"}, True),
        ("1", {"1": "short"}, True),
        ("1", {"1": NEW_KEY}, False),
    ],
)
def test_the_deploy_check_reports_a_missing_or_weak_key(key_id, configured, reported):
    with override_settings(EVIDENCE_KEY_ID=key_id, EVIDENCE_KEYS=configured):
        found = [message.id for message in evidence_key(None)]
    assert ("commitments.W001" in found) is reported
    registered = checks.registry.registry.get_checks(include_deployment_checks=True)
    assert evidence_key in registered and evidence_key not in checks.registry.registry.get_checks()
