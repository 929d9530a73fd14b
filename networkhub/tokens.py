"""E-mailed link tokens, shared by every link type: invitations, signing, RSVP, polls, feeds.

A token is 256 random bits, shown once (in the e-mail) and stored only as a SHA-256 hash.
Each serves one purpose and one object, expires, can be revoked and, if single-use, is
consumed by a conditional update so that two concurrent POSTs cannot both use it.
GET handlers call `check()`; only POST handlers call `consume()`.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import LinkToken


class TokenInvalid(Exception):
    """The link cannot be used; `reason` is one of the REASONS keys."""

    REASONS = {
        "unknown": _("This link is not valid. Check that you copied the whole address from the e-mail."),
        "expired": _("This link has expired."),
        "used": _("This link has already been used."),
        "revoked": _("This link has been withdrawn and no longer works."),
    }

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)

    @property
    def message(self):
        return self.REASONS[self.reason]


def install_purposes(purposes):
    """Make the apps' link purposes known ({value: (providing app, label)}): the apps declare them in their
    `contributions` (a TextChoices class each) and the kernel's loader installs them."""
    for value, (app, label) in purposes.items():
        registry.LINK_PURPOSES[value] = label
        registry.LINK_PURPOSE_PROVIDERS[value] = app


def hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def issue(purpose, target, *, sent_to="", created_by=None, ttl=None, single_use=True, revoke_previous=True):
    """Create a token for `target`; returns (LinkToken, raw secret). Earlier live ones die by default."""
    if purpose not in registry.LINK_PURPOSES:
        raise ValueError(f"Unregistered link purpose {purpose!r}")
    now = timezone.now()
    if ttl is None:
        ttl = timedelta(days=settings.LINK_TOKEN_TTL_DAYS[purpose])
    if revoke_previous:
        revoke(purpose, target, now=now)
    raw = secrets.token_urlsafe(32)
    token = LinkToken.objects.create(
        purpose=purpose,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        token_hash=hash_token(raw),
        sent_to=sent_to,
        single_use=single_use,
        created_at=now,
        created_by=created_by,
        expires_at=now + ttl,
    )
    return token, raw


def lookup(raw, purpose):
    """Return the token for `raw`, live or not, or raise TokenInvalid("unknown")."""
    token = LinkToken.objects.filter(token_hash=hash_token(raw or ""), purpose=purpose).first()
    if token is None:
        raise TokenInvalid("unknown")
    return token


def check(raw, purpose):
    """Return the usable token for `raw`, or raise TokenInvalid. Never changes state."""
    token = lookup(raw, purpose)
    check_state(token, timezone.now())
    return token


def mark_opened(token):
    LinkToken.objects.filter(pk=token.pk).update(last_opened_at=timezone.now())


def consume(token):
    """Mark a single-use token used. Exactly one concurrent caller succeeds; the others get TokenInvalid."""
    now = timezone.now()
    claimed = LinkToken.objects.usable(now).filter(pk=token.pk, single_use=True).update(used_at=now)
    if not claimed:
        token.refresh_from_db()
        check_state(token, now)
        raise TokenInvalid("used")  # a multi-use token is never consumed
    token.used_at = now


def check_state(token, now):
    """Raise TokenInvalid unless the token is live at `now`."""
    if token.revoked_at is not None:
        raise TokenInvalid("revoked")
    if token.used_at is not None:
        raise TokenInvalid("used")
    if token.expires_at <= now:
        raise TokenInvalid("expired")


def revoke(purpose, target, *, now=None):
    """Withdraw every live token of this purpose for this object; returns how many."""
    return (
        LinkToken.objects.for_object(target, purpose)
        .filter(Q(used_at=None) | Q(single_use=False), revoked_at=None)
        .update(revoked_at=now or timezone.now())
    )


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"
