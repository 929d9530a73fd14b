"""Seal the evidence of rows written before 0002: signature requests, signatures, and each letter's
event chain (rehashed in the sealed format, after the old chain verified) with its head in the letter.

A letter whose old chain does not verify is left as it is, so `verify_commitments` keeps reporting it.
"""

from django.db import migrations


def seal_existing(apps, schema_editor):
    from commitments import evidence

    SignatureRequest = apps.get_model("commitments", "SignatureRequest")
    Signature = apps.get_model("commitments", "Signature")
    Letter = apps.get_model("commitments", "Letter")
    LetterEvent = apps.get_model("commitments", "LetterEvent")

    seals = {}
    for request in SignatureRequest.objects.filter(evidence_hash="").iterator():
        evidence.seal_request(request)
        seals[request.pk] = request.evidence_hash
        SignatureRequest.objects.filter(pk=request.pk).update(
            evidence_salts=request.evidence_salts,
            evidence_digests=request.evidence_digests,
            evidence_hash=request.evidence_hash,
        )
    for signature in Signature.objects.filter(evidence_hash="").select_related("request").iterator():
        evidence.seal_signature(signature, signature.request)
        Signature.objects.filter(pk=signature.pk).update(
            evidence_salts=signature.evidence_salts,
            evidence_digests=signature.evidence_digests,
            evidence_hash=signature.evidence_hash,
        )
    for letter in Letter.objects.all().iterator():
        events = list(LetterEvent.objects.filter(letter=letter).order_by("sequence"))
        if not _old_chain_verifies(evidence, letter, events):
            Letter.objects.filter(pk=letter.pk).update(
                head_hash=events[-1].hash if events else "", event_count=len(events)
            )
            continue
        previous = evidence.GENESIS
        # Two passes: every hash changes, and the hashes are unique.
        for event in events:
            LetterEvent.objects.filter(pk=event.pk).update(hash=f"old-{event.pk}")
        for event in events:
            salts, digests = evidence.seal_fields(
                evidence.event_values(event.actor, event.data), evidence.EVENT_PERSONAL
            )
            new_hash = evidence.event_hash(
                letter.pk, event.sequence, event.version_number, event.kind, event.created_at, previous, digests
            )
            LetterEvent.objects.filter(pk=event.pk).update(
                salts=salts, digests=digests, previous_hash=previous, hash=new_hash
            )
            previous = new_hash
        Letter.objects.filter(pk=letter.pk).update(
            head_hash=previous if events else "", event_count=len(events)
        )


def _old_chain_verifies(evidence, letter, events):
    previous = evidence.GENESIS
    for sequence, event in enumerate(events, start=1):
        recomputed = evidence.legacy_event_hash(
            letter.pk, event.sequence, event.kind, event.actor, event.data, event.created_at, previous
        )
        if event.sequence != sequence or event.previous_hash != previous or event.hash != recomputed:
            return False
        previous = event.hash
    return True


class Migration(migrations.Migration):
    dependencies = [("commitments", "0002_sealed_evidence_and_chain_head")]

    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
