"""The evidence key: an HMAC-SHA256 over each seal and each chain head, with a key outside the database.

The unkeyed seals (commitments.evidence) catch a change to one field; a database writer who also
recomputes every seal, the chain and its head with the public hashing functions is caught only by a
secret they do not hold. `sign()` gives the id of the current key and the MAC; `check()` says whether a
stored MAC verifies, names a forgery ("recomputed without the key"), an unknown key id, or a row
never keyed (sealed before keys existed: `manage.py seal_evidence` keys them).

Keys live in settings (EVIDENCE_KEY, EVIDENCE_KEY_ID, EVIDENCE_KEYS): rotating means a new current id
with the old keys kept, so rows MAC'd with them still verify.
"""

import hashlib
import hmac
import json

from django.conf import settings

OK = "ok"
MISSING = "missing"
UNKNOWN_KEY = "unknown_key"
FORGED = "forged"

MIN_KEY_LENGTH = 32


def _keys():
    return getattr(settings, "EVIDENCE_KEYS", {}) or {}


def current_key_id():
    """The id new MACs are made with; empty when no key is configured."""
    key_id = getattr(settings, "EVIDENCE_KEY_ID", "")
    return key_id if _keys().get(key_id) else ""


def _mac(key, kind, seal):
    message = json.dumps([kind, seal], ensure_ascii=False, separators=(",", ":"), default=str)
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def sign(kind, seal):
    """(key id, MAC) of a seal of this kind with the current key; ("", "") when no key is configured."""
    key_id = current_key_id()
    if not key_id or not seal:
        return "", ""
    return key_id, _mac(_keys()[key_id], kind, seal)


def check(kind, seal, key_id, mac):
    """OK, MISSING (never keyed), UNKNOWN_KEY (a key id not configured) or FORGED (the MAC differs)."""
    if not key_id and not mac:
        return MISSING
    key = _keys().get(key_id)
    if not key:
        return UNKNOWN_KEY
    return OK if hmac.compare_digest(_mac(key, kind, seal), mac or "") else FORGED


def head_seal(letter_id, event_count, head_hash):
    """What a letter's head MAC covers: the letter, how many events its chain has, and the last hash."""
    return f"{letter_id}:{event_count}:{head_hash}"


def sign_head(letter_id, event_count, head_hash):
    return sign("head", head_seal(letter_id, event_count, head_hash))


def weak_key(key):
    """Why a key is not fit for production, or "" when it is."""
    if not key:
        return "missing"
    if key == getattr(settings, "DEV_EVIDENCE_KEY", None):
        return "the public development key"
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < 10:
        return f"shorter than {MIN_KEY_LENGTH} characters or not random"
    return ""
