"""Issue 11 part 3: evidence that catches every forgery.

A signed letter verifies; then one field of a signature, of a signature request, or the end of the
audit trail is changed directly in the database, and `verify_commitments` (non-zero exit, naming the
letter and what failed), the Verify page, the letter's page and its PDF all say so."""

import importlib
import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from commitments import evidence, services
from commitments.models import EventKind, Letter, LetterEvent, LetterVersion, Signature, SignatureRequest
from networkhub import tokens
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import MembershipFactory

FORGED_NAME = "Fiona Forger"


def _link(request):
    _token, raw = tokens.issue("signature", request, sent_to=request.email)
    return tokens.lookup(raw, "signature")


def sign_letter(membership, coordinator, *, language="en", management_email=None):
    """Send a letter and have both signers sign it; returns the signed version."""
    version = draft_letter(
        membership,
        coordinator,
        language=language,
        management_email=management_email or f"boss{membership.pk}@example.org",
    )
    services.send_version(version, actor=coordinator)
    for role, ip in (("contact", "198.51.100.7"), ("management", "2001:db8::1")):
        request = SignatureRequest.objects.get(version=version, role=role, status="sent")
        services.sign(
            request,
            _link(request),
            name=request.name,
            title="Rehtori",
            language="en",
            signer=services.SignerEvidence(ip_address=ip, user_agent="TestBrowser/2.0"),
        )
    version.refresh_from_db()
    return version


@pytest.fixture
def signed(world):
    publish_rules(world.project, world.coordinator)
    version = sign_letter(world.membership, world.coordinator)
    assert version.status == "signed"
    return version


def _verify_command():
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_commitments", stdout=out)
    return out.getvalue(), str(failure.value)


def _signature(version, role="contact"):
    return Signature.objects.filter(request__version=version, request__role=role)


def _later(signature):
    return {"signed_at": signature.get().signed_at + timedelta(hours=1)}


FORGERIES = {
    "signer_name": lambda v: _signature(v).update(signer_name=FORGED_NAME),
    "signed_at": lambda v: _signature(v).update(**_later(_signature(v))),
    "ip_address": lambda v: _signature(v).update(ip_address="203.0.113.66"),
    "user_agent": lambda v: _signature(v).update(user_agent="ForgedBrowser/9"),
    "sent_to": lambda v: _signature(v).update(sent_to="forger@example.net"),
    "name": lambda v: SignatureRequest.objects.filter(version=v, role="management").update(name=FORGED_NAME),
    "email": lambda v: SignatureRequest.objects.filter(version=v, role="management").update(email="forger@example.net"),
    "deleted the last event": lambda v: LetterEvent.objects.filter(
        pk=LetterEvent.objects.filter(letter=v.letter).order_by("-sequence").values("pk")[:1]
    ).delete(),
    "deleted the last three events": lambda v: LetterEvent.objects.filter(
        pk__in=list(LetterEvent.objects.filter(letter=v.letter).order_by("-sequence").values_list("pk", flat=True)[:3])
    ).delete(),
}

# What the finding names for each forgery: in the command's English, and on the pages in Finnish.
NAMED = {
    "signer_name": "the contact person's signature: signer's name differs",
    "signed_at": "the contact person's signature: signing time differs",
    "ip_address": "the contact person's signature: IP address differs",
    "user_agent": "the contact person's signature: browser differs",
    "sent_to": "the contact person's signature: address the signing link was sent to differs",
    "name": "the management signatory's signature request: name differs",
    "email": "the management signatory's signature request: e-mail address differs",
    "deleted the last event": "events were deleted",
    "deleted the last three events": "events were deleted",
}
NAMED_FI = {
    "signer_name": "yhteyshenkilön allekirjoitus: allekirjoittajan nimi ei vastaa",
    "signed_at": "yhteyshenkilön allekirjoitus: allekirjoitusaika ei vastaa",
    "ip_address": "yhteyshenkilön allekirjoitus: IP-osoite ei vastaa",
    "user_agent": "yhteyshenkilön allekirjoitus: selain ei vastaa",
    "sent_to": "yhteyshenkilön allekirjoitus: osoite, johon allekirjoituslinkki lähetettiin ei vastaa",
    "name": "johdon allekirjoittajan allekirjoituspyyntö: nimi ei vastaa",
    "email": "johdon allekirjoittajan allekirjoituspyyntö: sähköpostiosoite ei vastaa",
    "deleted the last event": "tapahtumia on poistettu tai lisätty",
    "deleted the last three events": "tapahtumia on poistettu tai lisätty",
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_each_forgery_is_detected_everywhere(signed, world, client, forgery):
    call_command("verify_commitments", stdout=io.StringIO())  # verifies before
    organisation = world.membership.organisation.name

    FORGERIES[forgery](signed)

    out, error = _verify_command()
    assert f"letter {signed.letter_id} ({organisation} in {world.project.acronym})" in out
    assert NAMED[forgery] in out
    assert "problem(s) found" in error
    client.force_login(world.coordinator)
    page = client.get(reverse("commitments:verify", args=[world.project.pk])).content.decode()
    assert organisation in page and NAMED_FI[forgery] in page
    assert "All letters verify" not in page
    letter_page = client.get(reverse("commitments:letter", args=[world.project.pk, world.membership.pk]))
    assert "Tarkistus epäonnistui" in letter_page.content.decode()  # Finnish, the default language


@pytest.mark.parametrize("forgery", ["signer_name", "name", "deleted the last event"])
def test_a_forged_letters_pdf_says_verification_failed_instead_of_names(signed, world, client, forgery):
    client.force_login(world.coordinator)
    url = reverse("commitments:letter_pdf", args=[world.project.pk, world.membership.pk, signed.number])
    honest = "".join(page.extract_text() for page in PdfReader(io.BytesIO(client.get(url).content)).pages)
    assert "Riitta Rehtori" in honest and "Verification failed" not in honest

    FORGERIES[forgery](signed)

    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Verification failed" in text  # in the letter's language (English here)
    for name in (FORGED_NAME, "Riitta Rehtori", world.contact.name):
        assert name not in text


def test_the_honest_letter_page_has_no_warning_and_the_verify_page_says_all_match(signed, world, client):
    client.force_login(world.coordinator)
    letter_page = client.get(reverse("commitments:letter", args=[world.project.pk, world.membership.pk]))
    assert "Tarkistus epäonnistui" not in letter_page.content.decode()
    report = client.get(reverse("commitments:verify", args=[world.project.pk])).context["report"]
    assert report.ok and report.signatures_checked == 2


def test_signing_event_records_the_signatures_seal(signed):
    event = LetterEvent.objects.get(letter=signed.letter, kind=EventKind.SIGNED, data__role="contact")
    assert event.data["evidence"] == _signature(signed).get().evidence_hash
    letter = Letter.objects.get(pk=signed.letter_id)
    last = letter.events.order_by("-sequence").first()
    assert (letter.head_hash, letter.event_count) == (last.hash, last.sequence)


def test_forging_a_whole_signature_row_consistently_still_breaks_the_signing_event(signed):
    signature = _signature(signed).get()
    request = signature.request
    signature.signer_name = FORGED_NAME
    evidence.seal_signature(signature, request)  # the forger re-seals the row itself
    Signature.objects.filter(pk=signature.pk).update(
        signer_name=FORGED_NAME,
        evidence_salts=signature.evidence_salts,
        evidence_digests=signature.evidence_digests,
        evidence_hash=signature.evidence_hash,
    )
    out, _error = _verify_command()
    assert "the contact person's signature differs from the seal its signing event recorded" in out


def test_verify_page_queries_do_not_grow_with_letters(world, client, django_assert_max_num_queries):
    publish_rules(world.project, world.coordinator)
    sign_letter(world.membership, world.coordinator)
    client.force_login(world.coordinator)
    url = reverse("commitments:verify", args=[world.project.pk])
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).context["report"].letters_checked == 1
    for _ in range(3):
        sign_letter(MembershipFactory(project=world.project), world.coordinator)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).context["report"].letters_checked == 4


def test_the_data_migration_seals_rows_written_before_it(signed, world):
    """Rows as they were before 0002 (no seals, events hashed whole, no head) verify after the migration."""
    unkeyed = {"evidence_key_id": "", "evidence_mac": ""}  # no row had a MAC before the evidence key
    SignatureRequest.objects.update(evidence_salts={}, evidence_digests={}, evidence_hash="", **unkeyed)
    Signature.objects.update(evidence_salts={}, evidence_digests={}, evidence_hash="", **unkeyed)
    LetterVersion.objects.update(**unkeyed)
    previous = evidence.GENESIS
    for event in LetterEvent.objects.filter(letter=signed.letter).order_by("sequence"):
        data = {key: value for key, value in event.data.items() if key != "evidence"}
        old = evidence.legacy_event_hash(
            event.letter_id, event.sequence, event.kind, event.actor, data, event.created_at, previous
        )
        LetterEvent.objects.filter(pk=event.pk).update(
            data=data, salts={}, digests={}, previous_hash=previous, hash=old
        )
        previous = old
    Letter.objects.update(head_hash="", event_count=0, head_key_id="", head_mac="")
    assert not evidence.verify().ok

    migration = importlib.import_module("commitments.migrations.0003_seal_existing_evidence")
    migration.seal_existing(apps, None)
    call_command("seal_evidence", stdout=io.StringIO())  # keys them (commitments.keys), as after an upgrade

    call_command("verify_commitments", stdout=io.StringIO())
    assert all(event.digests for event in LetterEvent.objects.all())
    Signature.objects.filter(request__role="contact").update(signer_name=FORGED_NAME)
    out, _error = _verify_command()
    assert "signer's name differs" in out


def test_the_data_migration_leaves_a_broken_old_chain_reported(signed):
    LetterEvent.objects.filter(letter=signed.letter).update(salts={}, digests={})  # old format, hashes now wrong
    Letter.objects.update(head_hash="", event_count=0)
    importlib.import_module("commitments.migrations.0003_seal_existing_evidence").seal_existing(apps, None)
    out, _error = _verify_command()
    assert "audit trail broken at event 1" in out
