"""Personal data of one person across every app: export as JSON and erase (GDPR articles 15, 17 and 20).

The base app cannot import the apps built on it, so each app registers a handler here (in its
AppConfig.ready) that finds, exports and anonymises its own rows for a `Person`. The orchestration
(`export_person`, `erase_person`) runs every handler in registration order, in one transaction.
"""

from dataclasses import dataclass, field

from django.db import transaction

ERASED_NAME = "[erased]"


def erased_email(token):
    """A unique, undeliverable address for an erased person (RFC 2606 reserves .invalid)."""
    return f"erased-{token}@erased.invalid"


@dataclass(frozen=True)
class Person:
    """Whom to export or erase: an account and/or the e-mail addresses a person was known by."""

    user_id: int | None = None
    emails: frozenset = field(default_factory=frozenset)
    name: str = ""

    @classmethod
    def for_user(cls, user, extra_emails=()):
        return cls(
            user_id=user.pk,
            emails=frozenset({user.email.lower(), *(e.lower() for e in extra_emails)}),
            name=user.full_name,
        )

    @classmethod
    def for_email(cls, email, name=""):
        return cls(emails=frozenset({email.strip().lower()}), name=name)


@dataclass(frozen=True)
class Handler:
    app: str
    export: callable  # (person) -> JSON-serialisable dict or list
    erase: callable  # (person, token) -> number of rows changed


_handlers = {}


def register_personal_data(app, *, export, erase):
    """Called from an app's ready(): `export(person)` returns its rows; `erase(person, token)` anonymises them."""
    _handlers[app] = Handler(app, export, erase)


def handlers():
    return list(_handlers.values())


def export_person(person):
    return {handler.app: handler.export(person) for handler in handlers()}


def erase_person(person, token):
    """Anonymise the person everywhere; returns {app: rows changed}. All or nothing."""
    with transaction.atomic():
        return {handler.app: handler.erase(person, token) for handler in handlers()}
