"""API tokens (accounts.models.ApiToken): made by an administrator, checked on each request of the JSON feed.

A token is 256 random bits in URL-safe text, shown once when it is made and stored only as its SHA-256 hash, so
neither the database nor the admin can show it again. It reads only while unexpired, not revoked, and its user
an active funder reviewer: a token of any other role is refused when it is made and when it is used.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networkhub import audit
from networkhub.models import Role

from .models import ApiToken

PREFIX_LENGTH = 8


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def check_user(user):
    if not user.is_active or user.role != Role.FUNDER:
        raise ValidationError(_("API tokens are for active funder reviewers only."))


def create(user, name, *, days=None, actor=None):
    """Make a token for `user` (a funder reviewer) valid for `days` (settings.API_TOKEN_DAYS by default);
    returns (ApiToken, the token's text), the text to be shown once."""
    check_user(user)
    token = secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=_hash(token),
        prefix=token[:PREFIX_LENGTH],
        expires_at=timezone.now() + timedelta(days=days or settings.API_TOKEN_DAYS),
    )
    audit.record("api_token.created", actor=actor, target=api_token, user=user.pk, name=name)
    return api_token, token


def fill(api_token, *, actor=None):
    """Give an ApiToken made in the admin its secret; returns the token's text, to be shown once."""
    check_user(api_token.user)
    token = secrets.token_urlsafe(32)
    api_token.token_hash, api_token.prefix = _hash(token), token[:PREFIX_LENGTH]
    if not api_token.expires_at:
        api_token.expires_at = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    api_token.save()
    audit.record("api_token.created", actor=actor, target=api_token, user=api_token.user_id, name=api_token.name)
    return token


def user_for(header):
    """The funder reviewer an `Authorization: Bearer <token>` header stands for, or None: no header, an unknown,
    expired or revoked token, or a user no longer an active reviewer. Records when the token was last used."""
    scheme, _space, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    now = timezone.now()
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash(token.strip()), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if api_token is None or not api_token.user.is_active or api_token.user.role != Role.FUNDER:
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return api_token.user


# Personal data (privacy/): a person's API tokens are listed in their export and deleted when they are erased.


def _tokens(person):
    if person.user_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=person.user_id)


def _export(person):
    return [
        {
            "name": row.name,
            "beginning": row.prefix,
            "created_at": row.created_at.isoformat(),
            "expires_at": row.expires_at.isoformat(),
            "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
            "last_used_at": row.last_used_at.isoformat() if row.last_used_at else None,
        }
        for row in _tokens(person).order_by("created_at", "pk")
    ]


def _erase(person, token):
    deleted, _by_model = _tokens(person).delete()
    return deleted
