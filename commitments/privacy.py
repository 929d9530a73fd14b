"""The commitments app's personal data for GDPR export and erasure (networkhub.privacy).

A person appears here as a signer: the signature requests sent to their address, their signatures
(typed name, address, IP address, browser), their rules acceptances, and the letters' chain events
that name them. Erasure replaces those values with placeholders and deletes their salts, so every
seal and the event chains still verify (see commitments.evidence). The letters' frozen content
(which names the signatories) is the contract itself and stays as it was signed.
"""

import json

from django.db.models import Q
from django.utils import timezone

from networkhub.privacy import ERASED_NAME, erased_email

from . import evidence
from .models import LetterEvent, RulesAcceptance, Signature, SignatureRequest, SignerRole


def _email_filter(person, field):
    query = Q(pk__in=[])
    for email in person.emails:
        query |= Q(**{f"{field}__iexact": email})
    return query


def _time(value):
    return value.isoformat() if value else None


def export(person):
    requests = (
        SignatureRequest.objects.filter(_email_filter(person, "email"))
        .select_related("version__letter__membership__organisation", "version__letter__membership__project")
        .order_by("pk")
    )
    signatures = {s.request_id: s for s in Signature.objects.filter(request__in=requests)}
    acceptances = RulesAcceptance.objects.filter(_email_filter(person, "email")).select_related(
        "membership__project", "membership__organisation", "rules"
    )
    emails = {email.lower() for email in person.emails}
    events = LetterEvent.objects.filter(
        Q(letter__versions__requests__in=requests) | _email_filter(person, "actor")
    ).distinct()
    return {
        "signature_requests": [_request(request, signatures.get(request.pk)) for request in requests],
        "letter_events": [
            {
                "letter": event.letter_id,
                "sequence": event.sequence,
                "kind": event.kind,
                "version": event.version_number,
                "created_at": _time(event.created_at),
                "actor": event.actor,
                "data": event.data,
            }
            for event in events.order_by("letter_id", "sequence")
            if _mentions(json.dumps([event.actor, event.data], ensure_ascii=False), emails)
        ],
        "rules_acceptances": [
            {
                "project": acceptance.membership.project.acronym,
                "organisation": acceptance.membership.organisation.name,
                "rules_version": acceptance.rules.number,
                "accepted_by": acceptance.accepted_by,
                "title": acceptance.accepted_by_title,
                "email": acceptance.email,
                "accepted_at": _time(acceptance.accepted_at),
                "ip_address": acceptance.ip_address,
                "user_agent": acceptance.user_agent,
            }
            for acceptance in acceptances
        ],
    }


def _request(request, signature):
    membership = request.version.letter.membership
    row = {
        "project": membership.project.acronym,
        "organisation": membership.organisation.name,
        "letter_version": request.version.number,
        "role": request.role,
        "status": request.status,
        "name": request.name,
        "title": request.title,
        "email": request.email,
        "on_behalf_of": request.on_behalf_of_name,
        "sent_at": _time(request.sent_at),
        "opened_at": _time(request.opened_at),
        "answered_at": _time(request.answered_at),
        "decline_reason": request.decline_reason,
        "signature": None,
    }
    if signature is not None:
        row["signature"] = {
            "signer_name": signature.signer_name,
            "signer_title": signature.signer_title,
            "sent_to": signature.sent_to,
            "on_behalf_of": signature.on_behalf_of,
            "signed_at": _time(signature.signed_at),
            "ip_address": signature.ip_address,
            "user_agent": signature.user_agent,
            "consent_version": signature.consent_version,
            "content_hash": signature.content_hash,
        }
    return row


def _erase_row(row, replacements):
    """Set the placeholders on a sealed row and drop the salts of those fields (its seal still verifies)."""
    for name, value in replacements.items():
        setattr(row, name, value)
    row.evidence_salts = {name: salt for name, salt in row.evidence_salts.items() if name not in replacements}
    row.erased_at = timezone.now()
    row.save(update_fields=[*replacements, "evidence_salts", "erased_at"])


def erase(person, token):
    address = erased_email(token)
    emails = {email.lower() for email in person.emails}
    names = set()
    changed = 0
    requests = list(
        SignatureRequest.objects.filter(_email_filter(person, "email")).exclude(email=address).order_by("pk")
    )
    for request in requests:
        names.add(request.name)
        emails.add(request.email.lower())
        signature = Signature.objects.filter(request=request).first()
        if signature is not None:
            names.add(signature.signer_name)
            replacements = {"signer_name": ERASED_NAME, "sent_to": address, "ip_address": None, "user_agent": ""}
            if signature.identity_provider:
                replacements.update(identity_name=ERASED_NAME, identity_code_hash="")
            _erase_row(signature, replacements)
            changed += 1
        # A deputy who signed on this person's behalf names them too.
        if request.role == SignerRole.MANAGEMENT:
            for deputy in SignatureRequest.objects.filter(
                version=request.version_id, on_behalf_of_name=request.name
            ).exclude(pk=request.pk):
                _erase_row(deputy, {"on_behalf_of_name": ERASED_NAME})
                deputy_signature = Signature.objects.filter(request=deputy).first()
                if deputy_signature is not None and deputy_signature.on_behalf_of.startswith(request.name):
                    _erase_row(deputy_signature, {"on_behalf_of": ERASED_NAME})
                changed += 1
        _erase_row(request, {"name": ERASED_NAME, "email": address})
        changed += 1
    changed += RulesAcceptance.objects.filter(_email_filter(person, "email")).update(
        accepted_by=ERASED_NAME, email=address, ip_address=None, user_agent=""
    )
    names.discard("")
    changed += _erase_events(person, requests, emails, names, address)
    return changed


def _erase_events(person, requests, emails, names, address):
    letters = {
        request.version.letter_id
        for request in SignatureRequest.objects.filter(pk__in=[r.pk for r in requests]).select_related("version")
    }
    candidates = LetterEvent.objects.filter(Q(letter__in=letters) | _email_filter(person, "actor")).order_by("pk")
    changed = 0
    for event in candidates:
        actor, data = _erased_event(event.actor, event.data, emails, names, address)
        if (actor, data) == (event.actor, event.data):
            continue
        before = evidence.event_values(event.actor, event.data)
        after = evidence.event_values(actor, data)
        salts = {name: salt for name, salt in event.salts.items() if before.get(name) == after.get(name)}
        LetterEvent.objects.filter(pk=event.pk).update(actor=actor, data=data, salts=salts, erased_at=timezone.now())
        changed += 1
    return changed


def _mentions(value, emails):
    return isinstance(value, str) and any(email in value.lower() for email in emails)


def _erased_event(actor, data, emails, names, address):
    data = dict(data)
    by_person = _mentions(actor, emails)
    if by_person:
        actor = evidence.erased_label(address) if "<" in actor else address
    if isinstance(data.get("to"), list):
        data["to"] = [address if _mentions(item, emails) else item for item in data["to"]]
    elif _mentions(data.get("to"), emails):
        data["to"] = address
    if _mentions(data.get("deputy"), emails):
        data["deputy"] = evidence.erased_label(address)
    if by_person:
        for key, placeholder in (("ip", None), ("user_agent", "")):
            if data.get(key):
                data[key] = placeholder
    on_behalf_of = data.get("on_behalf_of")
    if on_behalf_of and any(on_behalf_of.startswith(name) for name in names):
        data["on_behalf_of"] = ERASED_NAME
    return actor, data
