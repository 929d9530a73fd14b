"""Personal data of one person across every app: export as JSON and erase (GDPR articles 15, 17 and 20).

The base app cannot import the apps built on it, so each app declares a handler (`personal_data` in its
AppConfig's `contributions`, installed here by the kernel's loader) that finds, exports and anonymises its own
rows for a `Person`. The orchestration (`export_person`, `erase_person`) runs every handler, in one transaction.
Erasure runs the handlers in reverse declaration order (the apps' order in INSTALLED_APPS), so the higher apps anonymise
their rows while the contacts and the account below still carry the person's addresses.

This module also holds the base app's own handler (`export_own`, `erase_own`): the account, the
messages and reminders addressed to the person, their link tokens, security events, sign-in
attempts, and audit events whose data mentions their address.
"""

import re
import secrets
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import CharField, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

ERASED_NAME = "[erased]"
ERASED_DOMAIN = "erased.invalid"


def erased_email(token):
    """A unique, undeliverable address for an erased person (RFC 2606 reserves .invalid)."""
    return f"erased-{token}@{ERASED_DOMAIN}"


def is_erased(email):
    """Whether `email` is an erased person's replacement address (nothing is ever sent to one)."""
    return (email or "").lower().endswith("@" + ERASED_DOMAIN)


def new_token():
    """The random part of one erasure's replacement address (48 bits: unique enough, never guessable back)."""
    return secrets.token_hex(6)


@dataclass(frozen=True)
class Person:
    """Whom to export or erase: an account and/or the e-mail addresses and names a person was known by."""

    user_id: int | None = None
    emails: frozenset = field(default_factory=frozenset)
    name: str = ""
    # Other names the person's rows carry (a contact person's name may be spelt differently from the account's).
    names: frozenset = field(default_factory=frozenset)

    @classmethod
    def for_user(cls, user, extra_emails=(), extra_names=()):
        return cls(
            user_id=user.pk,
            emails=frozenset({user.email.lower(), *(e.strip().lower() for e in extra_emails)}),
            name=user.full_name,
            names=frozenset(n for n in extra_names if n),
        )

    @classmethod
    def for_email(cls, email, name="", extra_emails=(), extra_names=()):
        return cls(
            emails=frozenset({email.strip().lower(), *(e.strip().lower() for e in extra_emails)}),
            name=name,
            names=frozenset(n for n in extra_names if n),
        )

    @property
    def all_names(self):
        return frozenset(n for n in {self.name, *self.names} if n and n.strip())


def email_q(field_name, emails):
    """Rows whose `field_name` is one of `emails`, whatever the case (Q that matches nothing for none)."""
    if not emails:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field_name}__iexact": email}) for email in emails))


def _patterns(person):
    """Whole addresses (not inside a longer one: "pia@x.fi" is not in "olli.pia@x.fi") and whole names."""
    emails = [
        re.compile(rf"(?<![\w.+-]){re.escape(email)}(?![\w-]|\.\w)", re.IGNORECASE)
        for email in sorted(person.emails, key=len, reverse=True)
    ]
    names = [re.compile(rf"(?<!\w){re.escape(name)}(?!\w)") for name in sorted(person.all_names, key=len, reverse=True)]
    return emails, names


def scrub(value, person, token, patterns=None):
    """`value` (a string or JSON-like data) with the person's addresses and names replaced, at any depth."""
    emails, names = patterns or _patterns(person)
    if isinstance(value, str):
        for pattern in emails:
            value = pattern.sub(erased_email(token), value)
        for pattern in names:
            value = pattern.sub(ERASED_NAME, value)
        return value
    if isinstance(value, dict):
        return {key: scrub(item, person, token, (emails, names)) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item, person, token, (emails, names)) for item in value]
    return value


def scrub_text(queryset, fields, person, token):
    """Replace the person's addresses and names in free-text `fields` of the rows that mention them.

    Returns the number of rows changed. Names are replaced as written (a full name, not its parts).
    """
    needles = [*person.emails, *person.all_names]
    if not needles:
        return 0
    match = reduce(or_, (Q(**{f"{f}__icontains": needle}) for f in fields for needle in needles))
    changed = 0
    for row in queryset.filter(match).values("pk", *fields):
        new = {f: scrub(row[f], person, token) for f in fields}
        if any(new[f] != row[f] for f in fields):
            changed += queryset.model.objects.filter(pk=row["pk"]).update(**new)
    return changed


def mentions(value, person):
    """Whether `value` (string or JSON-like data) contains one of the person's addresses or names."""
    return scrub(value, person, "x") != value


@dataclass(frozen=True)
class Handler:
    app: str
    export: callable  # (person) -> JSON-serialisable dict or list
    erase: callable  # (person, token) -> number of rows changed


_handlers = {}


def install_handlers(handlers):
    """The handlers the apps declare in their `contributions` (`personal_data`), in INSTALLED_APPS order; installed
    by the kernel's loader. `export(person)` returns a handler's rows; `erase(person, token)` anonymises them."""
    _handlers.clear()
    for handler in handlers:
        _handlers[handler.app] = handler


def handlers():
    return list(_handlers.values())


def export_person(person):
    return {handler.app: handler.export(person) for handler in handlers()}


def erase_person(person, token):
    """Anonymise the person everywhere; returns {app: rows changed}. All or nothing.

    Higher apps go first (reverse registration order): their handlers may still find the person's
    contacts and account by the addresses the lower apps are about to replace.
    """
    with transaction.atomic():
        changed = {handler.app: handler.erase(person, token) for handler in reversed(handlers())}
    return {handler.app: changed[handler.app] for handler in handlers()}


# The base app's own rows.


def _time(value):
    return value.isoformat() if value else None


def _mentioning(model, person):
    """Rows of `model` whose JSON `data` holds one of the person's addresses (the database narrows, Python decides)."""
    if not person.emails:
        return []
    match = reduce(or_, (Q(data_text__icontains=email) for email in person.emails))
    candidates = model.objects.annotate(data_text=Cast("data", TextField())).filter(match).order_by("pk")
    return [row for row in candidates if mentions(row.data, person)]


def export_own(person):
    from .models import AuditEvent, LinkToken, Message, MutedReminder, Reminder, SecurityEvent

    User = get_user_model()

    user = User.objects.filter(pk=person.user_id).first() if person.user_id else None
    account = None
    if user is not None:
        account = {
            "email": user.email,
            "full_name": user.full_name,
            "role": user.role,
            "language": user.language,
            "is_active": user.is_active,
            "date_joined": _time(user.date_joined),
            "last_login": _time(user.last_login),
            "muted_reminders": sorted(MutedReminder.objects.filter(user=user).values_list("kind", flat=True)),
        }
    theirs = email_q("identifier", person.emails) | Q(pk__in=[e.pk for e in _mentioning(SecurityEvent, person)])
    if person.user_id:
        theirs |= Q(user_id=person.user_id)
    security = SecurityEvent.objects.filter(theirs)
    actor_events = AuditEvent.objects.filter(actor_id=person.user_id) if person.user_id else AuditEvent.objects.none()
    return {
        "account": account,
        "messages": [
            {
                "kind": m.kind,
                "recipient": m.recipient,
                "subject": m.subject,
                "language": m.language,
                "status": m.status,
                "created_at": _time(m.created_at),
                "project_id": m.project_id,
            }
            for m in Message.objects.filter(email_q("recipient", person.emails)).order_by("created_at", "pk")
        ],
        "reminders": [
            {
                "kind": r.kind,
                "recipient": r.recipient,
                "recipient_name": r.recipient_name,
                "step": r.step,
                "due_at": _time(r.due_at),
                "status": r.status,
                "project_id": r.project_id,
            }
            for r in Reminder.objects.filter(email_q("recipient", person.emails)).order_by("due_at", "pk")
        ],
        "link_tokens": [
            {
                "purpose": t.purpose,
                "sent_to": t.sent_to,
                "created_at": _time(t.created_at),
                "expires_at": _time(t.expires_at),
                "used_at": _time(t.used_at),
                "revoked_at": _time(t.revoked_at),
            }
            for t in LinkToken.objects.filter(email_q("sent_to", person.emails)).order_by("created_at", "pk")
        ],
        "security_events": [
            {
                "kind": e.kind,
                "identifier": e.identifier,
                "ip_address": e.ip_address,
                "user_agent": e.user_agent,
                "created_at": _time(e.created_at),
                "data": e.data,
            }
            for e in security.order_by("created_at", "pk")
        ],
        "audit_events": [
            {
                "action": e.action,
                "project_id": e.project_id,
                "by_this_person": e.actor_id is not None and e.actor_id == person.user_id,
                "created_at": _time(e.created_at),
                "data": e.data,
            }
            for e in (actor_events | AuditEvent.objects.filter(pk__in=[e.pk for e in _mentioning(AuditEvent, person)]))
            .distinct()
            .order_by("created_at", "pk")
        ],
    }


def erase_own(person, token):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from .models import AuditEvent, LinkToken, Message, Reminder, ReminderStatus, SecurityEvent

    User = get_user_model()

    now = timezone.now()
    address = erased_email(token)
    changed = 0
    if person.user_id:
        user = User.objects.select_for_update().filter(pk=person.user_id).first()
        if user is not None:
            user.full_name, user.email = ERASED_NAME, address
            user.is_active = user.is_staff = user.is_superuser = False
            user.set_unusable_password()
            user.save()
            changed += 1
    emails = email_q("recipient", person.emails)
    # The key names the recipient too; a per-row key keeps it unique and says nothing of them.
    changed += Message.objects.filter(emails).update(
        recipient=address, subject="", error="", key=Concat(Value("erased:"), Cast("pk", CharField()))
    )
    # Reminders not yet sent are called off: there is nobody to send them to.
    Reminder.objects.filter(emails, status__in=[ReminderStatus.PENDING, ReminderStatus.QUEUED]).update(
        status=ReminderStatus.CANCELLED, reason="Person erased", finished_at=now
    )
    # (kind, object, recipient, step) is unique, so each reminder gets an address of its own.
    changed += Reminder.objects.filter(emails).update(
        recipient=Concat(Value(f"erased-{token}-"), Cast("pk", CharField()), Value(f"@{ERASED_DOMAIN}")),
        recipient_name=ERASED_NAME,
    )
    changed += LinkToken.objects.filter(email_q("sent_to", person.emails)).update(
        sent_to=address, revoked_at=Coalesce("revoked_at", Value(now))
    )
    changed += SecurityEvent.objects.filter(email_q("identifier", person.emails)).update(identifier=address)
    for model in (AuditEvent, SecurityEvent):
        for event in _mentioning(model, person):
            changed += model.objects.filter(pk=event.pk).update(data=scrub(event.data, person, token))
    # Other people's e-mails may name the person in their subject ("Pia Partneri signed").
    changed += scrub_text(Message.objects.all(), ["subject"], person, token)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        changed += model.objects.filter(email_q("username", person.emails)).delete()[0]
    return changed
