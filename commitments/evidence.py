"""Tamper evidence: canonical letter content with its SHA-256, and the hash-chained event trail.

`record()` is how services write a letter's state change: the chain event and the project's audit
event, under one action name. `verify()` recomputes every frozen letter version's hash from the
stored rows and every event chain link; any change made behind the application's back shows up and
names the letter.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from networkhub import audit

from .models import EventKind, Letter, LetterEvent, LetterVersion, Signature, Task, VersionStatus

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


def event_hash(letter_id, sequence, kind, actor, data, created_at, previous_hash):
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
    """Add an event to the letter's chain. Services call `record()`, which writes the audit event too.

    The caller holds the letter row lock (select_for_update)."""
    last = LetterEvent.objects.filter(letter=letter).order_by("-sequence").first()
    sequence = last.sequence + 1 if last else 1
    previous = last.hash if last else GENESIS
    event = LetterEvent(
        letter=letter,
        sequence=sequence,
        version_number=version.number if version else None,
        kind=kind,
        actor=actor,
        data=json.loads(canonical_json(data)),
        created_at=timezone.now(),  # read when the event happens, as the services read their clock
    )
    event.previous_hash = previous
    event.hash = event_hash(letter.pk, sequence, kind, actor, event.data, event.created_at, previous)
    event.save()
    return event


@dataclass
class Finding:
    letter: Letter
    problem: str


@dataclass
class Report:
    letters_checked: int = 0
    versions_checked: int = 0
    events_checked: int = 0
    findings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.findings


def verify(letters=None):
    """Recompute letter hashes, signature hashes and event chains; return a Report of what differs."""
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
                Prefetch("requests__signature", queryset=Signature.objects.all()),
            ),
        ),
        Prefetch("events", queryset=LetterEvent.objects.order_by("sequence")),
    )
    report = Report()
    for letter in letters:
        report.letters_checked += 1
        for version in letter.versions.all():
            report.versions_checked += 1
            if content_hash(version, list(version.tasks.all())) != version.content_hash:
                report.findings.append(Finding(letter, f"version {version.number}: content differs from its hash"))
            if version.rules and version.rules.body_hash != rules_hash(version.rules):
                report.findings.append(Finding(letter, f"version {version.number}: rules text differs from its hash"))
            for request in version.requests.all():
                signature = getattr(request, "signature", None)
                if signature is not None and signature.content_hash != version.content_hash:
                    report.findings.append(
                        Finding(letter, f"version {version.number}: {request.role} signature is for other content")
                    )
        previous, expected_sequence = GENESIS, 1
        for event in letter.events.all():
            report.events_checked += 1
            recomputed = event_hash(
                letter.pk, event.sequence, event.kind, event.actor, event.data, event.created_at, previous
            )
            if event.sequence != expected_sequence or event.previous_hash != previous or event.hash != recomputed:
                report.findings.append(Finding(letter, f"audit trail broken at event {event.sequence}"))
                break
            previous, expected_sequence = event.hash, expected_sequence + 1
    return report
