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

Keyed (commitments.keys): each seal, each sent version's content hash and each chain head is also
HMAC'd with the evidence key, which lives outside the database, and the key's id is stored beside the
MAC. A writer who recomputes every unkeyed hash consistently is reported as a forgery ("recomputed
without the key"); a row MAC'd with a key id that is not configured is reported too.
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
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from networkhub import audit, files
from networkhub.privacy import ERASED_NAME

from . import keys
from .models import (
    AmendmentStatus,
    EventKind,
    Letter,
    LetterAmendment,
    LetterEvent,
    LetterVersion,
    Signature,
    SignatureRequest,
    SignerRole,
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
    EventKind.AMENDMENT_PROPOSED: "letter.amendment_proposed",
    EventKind.AMENDMENT_ACKNOWLEDGED: "letter.amendment_acknowledged",
    EventKind.AMENDMENT_CLOSED: "letter.amendment_closed",
    EventKind.PAPER_SIGNED: "letter.paper_signed",
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
SIGNATURE_PERSONAL = frozenset(
    {"signer_name", "sent_to", "on_behalf_of", "ip_address", "user_agent", "identity_name", "identity_code_hash"}
)
EVENT_PERSONAL = frozenset(
    {"actor", "data.to", "data.ip", "data.user_agent", "data.on_behalf_of", "data.deputy", "data.signer"}
)
AMENDMENT_PERSONAL = frozenset({"sent_to", "acknowledged_by", "ip_address", "user_agent"})

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
        **identity_values(signature),
    }


def identity_values(signature):
    """The strong identification's fields, sealed only when the signer identified (older seals stay valid)."""
    if not signature.identity_provider:
        return {}
    return {
        "identity_provider": signature.identity_provider,
        "identity_level": signature.identity_level,
        "identity_name": signature.identity_name,
        "identity_code_hash": signature.identity_code_hash,
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


def amendment_values(amendment, version_hash):
    """What an acknowledged amendment's seal covers: the version it amends (by its hash), the changes,
    who acknowledged them, when and from where."""
    return {
        "version": amendment.version_id,
        "content_hash": version_hash,
        "number": amendment.number,
        "changes": amendment.changes,
        "proposed_at": _time(amendment.proposed_at),
        "sent_to": amendment.sent_to,
        "acknowledged_by": amendment.acknowledged_by,
        "acknowledged_at": _time(amendment.acknowledged_at),
        "ip_address": _ip(amendment.ip_address),
        "user_agent": amendment.user_agent,
    }


def seal_amendment(amendment, version_hash):
    """Fill an amendment's seal when it is acknowledged (before it is saved)."""
    values = amendment_values(amendment, version_hash)
    amendment.evidence_salts, amendment.evidence_digests = seal_fields(values, AMENDMENT_PERSONAL)
    amendment.evidence_hash = seal_hash("amendment", amendment.evidence_digests)
    amendment.evidence_key_id, amendment.evidence_mac = keys.sign("amendment", amendment.evidence_hash)
    return amendment


def file_sha256(stored_file):
    """The SHA-256 of a stored file's bytes, read in chunks."""
    digest = hashlib.sha256()
    stored_file.open("rb")
    try:
        for chunk in stored_file.chunks():
            digest.update(chunk)
    finally:
        stored_file.close()
    return digest.hexdigest()


def seal_request(request):
    """Fill a new signature request's seal (before it is saved)."""
    request.evidence_salts, request.evidence_digests = seal_fields(request_values(request), REQUEST_PERSONAL)
    request.evidence_hash = seal_hash("request", request.evidence_digests)
    request.evidence_key_id, request.evidence_mac = keys.sign("request", request.evidence_hash)
    return request


def seal_signature(signature, request):
    """Fill a new signature's seal (before it is saved); it covers the request's seal too."""
    values = signature_values(signature, request.evidence_hash)
    signature.evidence_salts, signature.evidence_digests = seal_fields(values, SIGNATURE_PERSONAL)
    signature.evidence_hash = seal_hash("signature", signature.evidence_digests)
    signature.evidence_key_id, signature.evidence_mac = keys.sign("signature", signature.evidence_hash)
    return signature


def version_key(version):
    """The fields that key a sent version's content hash: set them with the hash (`.update(**...)`)."""
    version.evidence_key_id, version.evidence_mac = keys.sign("version", version.content_hash)
    return {"evidence_key_id": version.evidence_key_id, "evidence_mac": version.evidence_mac}


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
    key_id, mac = keys.sign_head(letter.pk, sequence, event.hash)
    Letter.objects.filter(pk=letter.pk).update(
        head_hash=event.hash, event_count=sequence, head_key_id=key_id, head_mac=mac
    )
    letter.head_hash, letter.event_count, letter.head_key_id, letter.head_mac = event.hash, sequence, key_id, mac
    return event


# What each sealed field is called in a finding; a field missing here is named as stored.
FIELD_LABELS = {
    "version": _("version"),
    "role": _("role"),
    "name": _("name"),
    "title": pgettext_lazy("job title", "title"),
    "email": _("e-mail address"),
    "language": _("language"),
    "on_behalf_of_name": _("name of the person signed for"),
    "on_behalf_of_title": _("title of the person signed for"),
    "request": _("signature request"),
    "request_seal": _("seal of the signature request"),
    "signer_name": _("signer's name"),
    "signer_title": _("signer's title"),
    "sent_to": _("address the signing link was sent to"),
    "on_behalf_of": _("person signed for"),
    "signed_at": _("signing time"),
    "ip_address": _("IP address"),
    "user_agent": _("browser"),
    "consent_version": _("consent wording version"),
    "consent_text": _("consent wording"),
    "content_hash": _("content hash"),
    "identity_provider": _("identity provider"),
    "identity_level": _("level of identification"),
    "identity_name": _("identified name"),
    "identity_code_hash": _("hash of the personal identity code"),
    "actor": _("actor"),
    "data.to": _("recipients"),
    "data.ip": _("IP address"),
    "data.user_agent": _("browser"),
    "data.on_behalf_of": _("person signed for"),
    "data.deputy": _("deputy"),
    "data.signer": _("signer"),
    "number": _("number"),
    "changes": _("amended tasks"),
    "proposed_at": _("time proposed"),
    "acknowledged_by": _("name of the person who acknowledged"),
    "acknowledged_at": _("time acknowledged"),
}

WHO = {
    ("request", SignerRole.CONTACT): _("the contact person's signature request"),
    ("request", SignerRole.MANAGEMENT): _("the management signatory's signature request"),
    ("signature", SignerRole.CONTACT): _("the contact person's signature"),
    ("signature", SignerRole.MANAGEMENT): _("the management signatory's signature"),
}


def _amendment_who(number):
    return gettext("amendment %(number)s") % {"number": number}


def _field_label(name):
    root = re.sub(r"(#n|\.\d+)$", "", name)
    return str(FIELD_LABELS.get(root, root))


def _fields_text(names):
    return ", ".join(dict.fromkeys(_field_label(name) for name in names))


@dataclass
class Finding:
    """One thing that failed; `problem` is worded in the language active when it is shown."""

    letter: Letter
    code: str
    params: dict = field(default_factory=dict)

    @property
    def problem(self):
        params = dict(self.params)
        if "who" in params:
            kind, role = params["who"]
            if kind == "amendment":
                params["who"] = _amendment_who(role)
            elif kind == "version":
                params["who"] = gettext("the content hash")
            else:
                params["who"] = str(WHO.get((kind, role), f"{role} {kind}"))
        if "fields" in params:
            count = len(params["fields"])
            params["fields"] = _fields_text(params["fields"])
        messages = {
            "content": lambda: gettext("version %(version)s: the content differs from its hash"),
            "rules": lambda: gettext("version %(version)s: the rules text differs from its hash"),
            "no_seal": lambda: gettext("version %(version)s: %(who)s has no sealed evidence"),
            "fields": lambda: ngettext(
                "version %(version)s: %(who)s: %(fields)s differs from the sealed evidence",
                "version %(version)s: %(who)s: %(fields)s differ from the sealed evidence",
                count,
            ),
            "seal": lambda: gettext("version %(version)s: %(who)s: the seal does not match its field digests"),
            "other_content": lambda: gettext("version %(version)s: %(who)s is for other content"),
            "no_event": lambda: gettext("version %(version)s: %(who)s has no signing event in the audit trail"),
            "event_seal": lambda: gettext(
                "version %(version)s: %(who)s differs from the seal its signing event recorded"
            ),
            "event_fields": lambda: ngettext(
                "audit event %(sequence)s: %(fields)s differs from its hash",
                "audit event %(sequence)s: %(fields)s differ from its hash",
                count,
            ),
            "chain": lambda: gettext("audit trail broken at event %(sequence)s"),
            "amendment_missing": lambda: gettext(
                "version %(version)s: %(who)s was acknowledged in the audit trail but is missing or reopened"
            ),
            "paper_file": lambda: gettext(
                "version %(version)s: the scanned copy of the paper-signed letter differs from its SHA-256"
            ),
            "paper_event": lambda: gettext(
                "version %(version)s: the paper signature differs from what its audit event recorded"
            ),
            "head": lambda: gettext(
                "the audit trail has %(found)s events but the letter recorded %(recorded)s and another head: "
                "events were deleted or added"
            ),
            "key_forged": lambda: gettext(
                "version %(version)s: %(who)s: forgery: the seal was recomputed without the key"
            ),
            "key_unknown": lambda: gettext(
                "version %(version)s: %(who)s is sealed with an unknown key (id %(key_id)s)"
            ),
            "key_missing": lambda: gettext(
                "version %(version)s: %(who)s has no keyed seal (an operator runs seal_evidence once after upgrading)"
            ),
            "head_key_forged": lambda: gettext(
                "the head of the audit trail: forgery: it was recomputed without the key"
            ),
            "head_key_unknown": lambda: gettext(
                "the head of the audit trail is sealed with an unknown key (id %(key_id)s)"
            ),
            "head_key_missing": lambda: gettext(
                "the head of the audit trail has no keyed seal (an operator runs seal_evidence once after upgrading)"
            ),
        }
        return messages[self.code]() % params


@dataclass
class Report:
    letters_checked: int = 0
    versions_checked: int = 0
    signatures_checked: int = 0
    amendments_checked: int = 0
    events_checked: int = 0
    findings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.findings


def verify(letters=None):
    """Recompute letter hashes, seals, event chains and chain heads; return a Report of what differs.

    Seven queries however many letters there are (and one read of each paper-signed letter's scanned copy)."""
    letters = (Letter.objects.all() if letters is None else letters).select_related(
        "membership__organisation", "membership__project"
    )
    letters = letters.prefetch_related(
        Prefetch(
            "versions",
            queryset=LetterVersion.objects.exclude(status=VersionStatus.DRAFT)
            .select_related("rules", "contact", "paper")
            .prefetch_related(
                Prefetch("tasks", queryset=Task.objects.order_by("order", "pk")),
                Prefetch(
                    "amendments",
                    queryset=LetterAmendment.objects.exclude(status=AmendmentStatus.PENDING).order_by("number"),
                ),
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
    def find(code, **params):
        report.findings.append(Finding(letter, code, {"version": version.number, **params}))

    report.versions_checked += 1
    if content_hash(version, list(version.tasks.all())) != version.content_hash:
        find("content")
    _verify_key(find, ("version", None), "version", version.content_hash, version)
    if version.rules and version.rules.body_hash != rules_hash(version.rules):
        find("rules")
    signed_events = {
        event.data.get("role"): event
        for event in events
        if event.kind in (EventKind.SIGNED, EventKind.PAPER_SIGNED) and event.version_number == version.number
    }
    for request in version.requests.all():
        who = ("request", request.role)
        _verify_seal(find, who, "request", request_values(request), request, REQUEST_PERSONAL)
        signature = getattr(request, "signature", None)
        if signature is None:
            continue
        report.signatures_checked += 1
        who = ("signature", request.role)
        values = signature_values(signature, request.evidence_hash)
        _verify_seal(find, who, "signature", values, signature, SIGNATURE_PERSONAL)
        if signature.content_hash != version.content_hash:
            find("other_content", who=who)
        event = signed_events.get(request.role)
        if event is None:
            find("no_event", who=who)
        elif "evidence" in event.data and event.data["evidence"] != signature.evidence_hash:
            find("event_seal", who=who)
    _verify_paper(find, version, events)
    _verify_amendments(report, find, version, events)


def _verify_paper(find, version, events):
    """A paper-signed version: the stored scan re-hashed, and its hash as the audit event recorded it."""
    paper = getattr(version, "paper", None)
    if paper is None:
        return
    try:
        stored = files.sha256(files.read_stored(paper.file))
    except files.FileProblem:
        stored = None
    if stored != paper.file_sha256:
        find("paper_file")
    recorded = [
        event for event in events if event.kind == EventKind.PAPER_SIGNED and event.version_number == version.number
    ]
    if not recorded or any(event.data.get("file_hash") != paper.file_sha256 for event in recorded):
        find("paper_event")


def _verify_amendments(report, find, version, events):
    """Each amendment that is not pending: acknowledged ones sealed, and the seal as their event recorded it.

    An amendment closed without acknowledgement needs no seal; one marked acknowledged behind the
    application's back has none, or one no event recorded."""
    acknowledged = {
        event.data.get("amendment"): event
        for event in events
        if event.kind == EventKind.AMENDMENT_ACKNOWLEDGED and event.version_number == version.number
    }
    amendments = list(version.amendments.all())
    for number in sorted(set(acknowledged) - {amendment.number for amendment in amendments}):
        find("amendment_missing", who=("amendment", number))
    for amendment in amendments:
        if amendment.status != AmendmentStatus.ACKNOWLEDGED and amendment.number not in acknowledged:
            continue
        report.amendments_checked += 1
        who = ("amendment", amendment.number)
        values = amendment_values(amendment, version.content_hash)
        _verify_seal(find, who, "amendment", values, amendment, AMENDMENT_PERSONAL)
        event = acknowledged.get(amendment.number)
        if event is None:
            find("no_event", who=who)
        elif event.data.get("evidence") != amendment.evidence_hash or amendment.status != AmendmentStatus.ACKNOWLEDGED:
            find("event_seal", who=who)


def _verify_seal(find, who, kind, values, row, personal):
    if not row.evidence_hash:
        find("no_seal", who=who)
        return
    changed = changed_fields(values, row.evidence_salts, row.evidence_digests, personal)
    if changed:
        find("fields", who=who, fields=changed)
    if seal_hash(kind, row.evidence_digests) != row.evidence_hash:
        find("seal", who=who)
    _verify_key(find, who, kind, row.evidence_hash, row)


KEY_FINDINGS = {keys.FORGED: "key_forged", keys.UNKNOWN_KEY: "key_unknown", keys.MISSING: "key_missing"}


def _verify_key(find, who, kind, seal, row):
    """The seal's MAC with the evidence key: a forgery when it was recomputed without the key."""
    state = keys.check(kind, seal, row.evidence_key_id, row.evidence_mac)
    if state != keys.OK:
        find(KEY_FINDINGS[state], who=who, key_id=row.evidence_key_id)


def _verify_chain(report, letter, events):
    previous, expected_sequence = GENESIS, 1
    for event in events:
        report.events_checked += 1
        if event.digests:
            changed = changed_fields(event_values(event.actor, event.data), event.salts, event.digests, EVENT_PERSONAL)
            if changed:
                report.findings.append(Finding(letter, "event_fields", {"sequence": event.sequence, "fields": changed}))
            recomputed = event_hash(
                letter.pk, event.sequence, event.version_number, event.kind, event.created_at, previous, event.digests
            )
        else:
            recomputed = legacy_event_hash(
                letter.pk, event.sequence, event.kind, event.actor, event.data, event.created_at, previous
            )
        if event.sequence != expected_sequence or event.previous_hash != previous or event.hash != recomputed:
            report.findings.append(Finding(letter, "chain", {"sequence": event.sequence}))
            return
        previous, expected_sequence = event.hash, expected_sequence + 1
    if expected_sequence - 1 != letter.event_count or previous != (letter.head_hash or GENESIS):
        report.findings.append(
            Finding(letter, "head", {"found": expected_sequence - 1, "recorded": letter.event_count})
        )
        return
    if letter.event_count:
        seal = keys.head_seal(letter.pk, letter.event_count, letter.head_hash)
        state = keys.check("head", seal, letter.head_key_id, letter.head_mac)
        if state != keys.OK:
            report.findings.append(Finding(letter, f"head_{KEY_FINDINGS[state]}", {"key_id": letter.head_key_id}))
