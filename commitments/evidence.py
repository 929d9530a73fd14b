"""Tamper evidence: canonical letter content with its SHA-256, sealed signature evidence, and the
hash-chained event trail anchored in the letter.

`record()` is how services write a letter's state change: the chain event and the project's audit
event, under one action name. `verify()` recomputes every frozen letter version's hash, every
signature request's and signature's seal, every event chain link and the chain's head from the
stored rows; any change made behind the application's back shows up and names the letter and the
field.

Sealing (signature requests, signatures, chain events): each field gets its own digest,
sha256([field, salt, value]); the seal (or the event's hash) covers the digests, not the values.
Personal fields (names, e-mail addresses, IP addresses, user agents) are salted with a random salt
of their own, kept next to the digests. Erasing a person (GDPR) replaces the value with a
placeholder and deletes its salt: the seal still verifies from the stored digests, the erased value
can no longer be guessed from its digest, and a field without its salt must hold a placeholder, so
a forged name cannot hide behind an "erasure".
"""

import hashlib
import ipaddress
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC

from django.db.models import Prefetch
from django.utils import timezone

from networkhub import audit
from networkhub.privacy import ERASED_NAME

from .models import (
    EventKind,
    Letter,
    LetterEvent,
    LetterVersion,
    Signature,
    SignatureRequest,
    Task,
    VersionStatus,
)

GENESIS = "0" * 64

# The action each kind of letter event is recorded under in the audit trail (networkhub.audit).
ACTIONS = {
    EventKind.CREATED: "letter.created",
    EventKind.SENT: "letter.sent",
    EventKind.OPENED: "letter.opened",
    EventKind.SIGNED: "letter.signed",
    EventKind.DECLINED: "letter.declined",
    EventKind.RESENT: "letter.resent",
    EventKind.REVOKED: "letter.revoked",
    EventKind.EXPIRED: "letter.expired",
    EventKind.SUPERSEDED: "letter.superseded",
    EventKind.DELEGATED: "letter.delegated",
    EventKind.RULES_ACCEPTED: "rules.accepted",
}


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def canonical_json(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def rules_hash(rules):
    return sha256(canonical_json({"project": rules.project_id, "number": rules.number, "body": rules.body}))


def canonical_content(version, tasks=None):
    """Everything a signer commits to, from the version's own rows (never live organisation data)."""
    tasks = list(version.tasks.all()) if tasks is None else tasks
    return {
        "letter": version.letter_id,
        "version": version.number,
        "language": version.language,
        "project": version.snapshot.get("project", {}),
        "organisation": version.snapshot.get("organisation", {}),
        "body": version.body,
        "contribution_eur": str(version.contribution_eur),
        "contribution_note": version.contribution_note,
        "period": [str(version.period_start), str(version.period_end)],
        "additional_terms": version.additional_terms,
        "rules": {"number": version.rules.number, "hash": version.rules.body_hash} if version.rules else None,
        "signing_order": version.signing_order,
        "signers": version.snapshot.get("signers", {}),
        "tasks": [
            {
                "order": task.order,
                "title": task.title,
                "description": task.description,
                "responsible": version.snapshot.get("responsible", {}).get(str(task.responsible_id), ""),
                "effort": task.effort,
                "deadline": str(task.deadline) if task.deadline else "",
                "goal": version.snapshot.get("goals", {}).get(str(task.goal_id), "") if task.goal_id else "",
            }
            for task in sorted(tasks, key=lambda task: (task.order, task.pk))
        ],
    }


def content_hash(version, tasks=None):
    return sha256(canonical_json(canonical_content(version, tasks)))


# --- Sealed fields ------------------------------------------------------------------------------

# Fields that name or identify a person: salted, and erasable (GDPR) without breaking the seal.
REQUEST_PERSONAL = frozenset({"name", "email", "on_behalf_of_name"})
SIGNATURE_PERSONAL = frozenset({"signer_name", "sent_to", "on_behalf_of", "ip_address", "user_agent"})
EVENT_PERSONAL = frozenset({"actor", "data.to", "data.ip", "data.user_agent", "data.on_behalf_of", "data.deputy"})

_ERASED_ADDRESS = r"erased-[A-Za-z0-9_-]+@erased\.invalid"
_ERASED_VALUE = re.compile(rf"^(?:{_ERASED_ADDRESS}|{re.escape(ERASED_NAME)}(?: <{_ERASED_ADDRESS}>)?)$")


def erased_label(address):
    """What an erased signer's "Name <address>" label becomes."""
    return f"{ERASED_NAME} <{address}>"


def is_erased_value(value):
    """A placeholder an erasure leaves: empty, the erased name, an erased address or label."""
    return value in (None, "") or (isinstance(value, str) and bool(_ERASED_VALUE.match(value)))


def field_digest(name, value, salt=""):
    return sha256(canonical_json([name, salt, value]))


def _root(name):
    """The field a slot belongs to: "data.to.1" is the second address of "data.to"."""
    return re.sub(r"\.\d+$", "", name)


def seal_fields(values, personal):
    """Salts (personal fields only) and digests of every field; the seal is `seal_hash(kind, digests)`."""
    salts = {name: secrets.token_hex(16) for name in values if _root(name) in personal}
    digests = {name: field_digest(name, value, salts.get(name, "")) for name, value in values.items()}
    return salts, digests


def seal_hash(kind, digests):
    return sha256(canonical_json({"kind": kind, "fields": digests}))


def changed_fields(values, salts, digests, personal):
    """The fields whose stored value no longer matches its sealed digest, by name.

    A personal field whose salt was deleted (erased) is checked for being a placeholder only."""
    changed = sorted(set(values) ^ set(digests))
    for name, value in values.items():
        if name not in digests:
            continue
        if _root(name) in personal and name not in salts:
            if not is_erased_value(value):
                changed.append(name)
        elif field_digest(name, value, salts.get(name, "")) != digests[name]:
            changed.append(name)
    return changed


def erase_fields(values, salts, replacements):
    """Replace personal fields with placeholders and drop their salts; returns the new salts."""
    values.update(replacements)
    return {name: salt for name, salt in salts.items() if name not in replacements}


def _time(value):
    return value.astimezone(UTC).isoformat() if value is not None else None


def _ip(value):
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value


def request_values(request):
    """What a signature request's seal covers: who was asked, in which role, for which version."""
    return {
        "version": request.version_id,
        "role": request.role,
        "name": request.name,
        "title": request.title,
        "email": request.email,
        "language": request.language,
        "on_behalf_of_name": request.on_behalf_of_name,
        "on_behalf_of_title": request.on_behalf_of_title,
    }


def signature_values(signature, request_seal):
    """What a signature's seal covers: every evidence field, and the seal of the request it answers."""
    return {
        "request": signature.request_id,
        "request_seal": request_seal,
        "signer_name": signature.signer_name,
        "signer_title": signature.signer_title,
        "sent_to": signature.sent_to,
        "on_behalf_of": signature.on_behalf_of,
        "signed_at": _time(signature.signed_at),
        "ip_address": _ip(signature.ip_address),
        "user_agent": signature.user_agent,
        "consent_version": signature.consent_version,
        "consent_text": signature.consent_text,
        "content_hash": signature.content_hash,
    }


def event_values(actor, data):
    """An event's fields: the actor and each data item (a list item by item, after its length)."""
    values = {"actor": actor}
    for key, value in data.items():
        if isinstance(value, list):
            values[f"data.{key}#n"] = len(value)
            values.update({f"data.{key}.{i}": item for i, item in enumerate(value)})
        else:
            values[f"data.{key}"] = value
    return values


def event_data(values):
    """The inverse of `event_values` for the data items: rebuild the JSON stored in the event."""
    data = {}
    for name, value in values.items():
        if name.endswith("#n"):
            data[name[5:-2]] = [values[f"{name[:-2]}.{i}"] for i in range(value)]
        elif name.startswith("data.") and _root(name) == name:
            data[name[5:]] = value
    return data


def seal_request(request):
    """Fill a new signature request's seal (before it is saved)."""
    request.evidence_salts, request.evidence_digests = seal_fields(request_values(request), REQUEST_PERSONAL)
    request.evidence_hash = seal_hash("request", request.evidence_digests)
    return request


def seal_signature(signature, request):
    """Fill a new signature's seal (before it is saved); it covers the request's seal too."""
    values = signature_values(signature, request.evidence_hash)
    signature.evidence_salts, signature.evidence_digests = seal_fields(values, SIGNATURE_PERSONAL)
    signature.evidence_hash = seal_hash("signature", signature.evidence_digests)
    return signature


def event_hash(letter_id, sequence, version_number, kind, created_at, previous_hash, digests):
    """The hash of a chain event: its place in the chain and the digests of its actor and data."""
    payload = {
        "format": 2,
        "letter": letter_id,
        "sequence": sequence,
        "version": version_number,
        "kind": kind,
        "created_at": _time(created_at),
        "previous": previous_hash,
        "fields": digests,
    }
    return sha256(canonical_json(payload))


def legacy_event_hash(letter_id, sequence, kind, actor, data, created_at, previous_hash):
    """The hash of events written before their fields were sealed one by one (kept to verify them)."""
    payload = {
        "letter": letter_id,
        "sequence": sequence,
        "kind": kind,
        "actor": actor,
        "data": data,
        "created_at": created_at.isoformat(),
        "previous": previous_hash,
    }
    return sha256(canonical_json(payload))


def record(letter, kind, *, actor, project, version=None, target=None, **data):
    """Write one state change of a letter to both trails: its hash-chained event and the audit event.

    The audit event is named after the kind (`ACTIONS[kind]`) and carries the same data, the project
    and the target (the version, else the letter, unless `target` is given). `actor` is the signed-in user,
    or a label for whoever acted without an account: "Name <address>" of a signer, or "system".
    Without a letter (rules accepted before the member has one) only the audit event is written.
    The caller holds the letter row lock (select_for_update).
    """
    if isinstance(actor, str):
        user, label = None, actor
    else:
        user = actor if actor is not None and actor.is_authenticated else None
        label = user.email if user is not None else ""
    event = _append_event(letter, kind, actor=label, version=version, **data) if letter is not None else None
    details = json.loads(canonical_json(data))
    if version is not None:
        details["version"] = version.number
    if user is None and label:
        details["by"] = label
    audit.record(ACTIONS[kind], actor=user, project=project, target=target or version or letter, **details)
    return event


def _append_event(letter, kind, *, actor, version=None, **data):
    """Add an event to the letter's chain and move the letter's head to it.

    Services call `record()`, which writes the audit event too. The caller holds the letter row lock."""
    head = Letter.objects.values_list("head_hash", "event_count").get(pk=letter.pk)
    previous, sequence = head[0] or GENESIS, head[1] + 1
    event = LetterEvent(
        letter=letter,
        sequence=sequence,
        version_number=version.number if version else None,
        kind=kind,
        actor=actor,
        data=json.loads(canonical_json(data)),
        created_at=timezone.now(),  # read when the event happens, as the services read their clock
    )
    event.salts, event.digests = seal_fields(event_values(event.actor, event.data), EVENT_PERSONAL)
    event.previous_hash = previous
    event.hash = event_hash(letter.pk, sequence, event.version_number, kind, event.created_at, previous, event.digests)
    event.save()
    Letter.objects.filter(pk=letter.pk).update(head_hash=event.hash, event_count=sequence)
    letter.head_hash, letter.event_count = event.hash, sequence
    return event


@dataclass
class Finding:
    letter: Letter
    problem: str


@dataclass
class Report:
    letters_checked: int = 0
    versions_checked: int = 0
    signatures_checked: int = 0
    events_checked: int = 0
    findings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.findings


def verify(letters=None):
    """Recompute letter hashes, seals, event chains and chain heads; return a Report of what differs.

    Six queries however many letters there are."""
    letters = (Letter.objects.all() if letters is None else letters).select_related(
        "membership__organisation", "membership__project"
    )
    letters = letters.prefetch_related(
        Prefetch(
            "versions",
            queryset=LetterVersion.objects.exclude(status=VersionStatus.DRAFT)
            .select_related("rules", "contact")
            .prefetch_related(
                Prefetch("tasks", queryset=Task.objects.order_by("order", "pk")),
                Prefetch(
                    "requests",
                    queryset=SignatureRequest.objects.order_by("pk").prefetch_related(
                        Prefetch("signature", queryset=Signature.objects.all())
                    ),
                ),
            ),
        ),
        Prefetch("events", queryset=LetterEvent.objects.order_by("sequence")),
    )
    report = Report()
    for letter in letters:
        report.letters_checked += 1
        events = list(letter.events.all())
        for version in letter.versions.all():
            _verify_version(report, letter, version, events)
        _verify_chain(report, letter, events)
    return report


def _verify_version(report, letter, version, events):
    def find(problem):
        report.findings.append(Finding(letter, f"version {version.number}: {problem}"))

    report.versions_checked += 1
    if content_hash(version, list(version.tasks.all())) != version.content_hash:
        find("content differs from its hash")
    if version.rules and version.rules.body_hash != rules_hash(version.rules):
        find("rules text differs from its hash")
    signed_events = {
        event.data.get("role"): event
        for event in events
        if event.kind == EventKind.SIGNED and event.version_number == version.number
    }
    for request in version.requests.all():
        who = f"{request.role} signature request {request.pk}"
        _verify_seal(find, who, "request", request_values(request), request, REQUEST_PERSONAL)
        signature = getattr(request, "signature", None)
        if signature is None:
            continue
        report.signatures_checked += 1
        who = f"{request.role} signature"
        values = signature_values(signature, request.evidence_hash)
        _verify_seal(find, who, "signature", values, signature, SIGNATURE_PERSONAL)
        if signature.content_hash != version.content_hash:
            find(f"{who} is for other content")
        event = signed_events.get(request.role)
        if event is None:
            find(f"{who} has no signing event in the audit trail")
        elif "evidence" in event.data and event.data["evidence"] != signature.evidence_hash:
            find(f"{who} differs from the seal its signing event recorded")


def _verify_seal(find, who, kind, values, row, personal):
    if not row.evidence_hash:
        find(f"{who} has no sealed evidence")
        return
    changed = changed_fields(values, row.evidence_salts, row.evidence_digests, personal)
    if changed:
        find(f"{who}: {', '.join(changed)} {_differ(changed)} from the sealed evidence")
    if seal_hash(kind, row.evidence_digests) != row.evidence_hash:
        find(f"{who}: the seal does not match its field digests")


def _differ(changed):
    return "differs" if len(changed) == 1 else "differ"


def _verify_chain(report, letter, events):
    previous, expected_sequence = GENESIS, 1
    for event in events:
        report.events_checked += 1
        if event.digests:
            changed = changed_fields(event_values(event.actor, event.data), event.salts, event.digests, EVENT_PERSONAL)
            if changed:
                report.findings.append(
                    Finding(
                        letter, f"audit event {event.sequence}: {', '.join(changed)} {_differ(changed)} from its hash"
                    )
                )
            recomputed = event_hash(
                letter.pk, event.sequence, event.version_number, event.kind, event.created_at, previous, event.digests
            )
        else:
            recomputed = legacy_event_hash(
                letter.pk, event.sequence, event.kind, event.actor, event.data, event.created_at, previous
            )
        if event.sequence != expected_sequence or event.previous_hash != previous or event.hash != recomputed:
            report.findings.append(Finding(letter, f"audit trail broken at event {event.sequence}"))
            return
        previous, expected_sequence = event.hash, expected_sequence + 1
    if expected_sequence - 1 != letter.event_count or previous != (letter.head_hash or GENESIS):
        report.findings.append(
            Finding(
                letter,
                f"audit trail has {expected_sequence - 1} events but the letter recorded {letter.event_count} "
                "and another head: events were deleted or added",
            )
        )
