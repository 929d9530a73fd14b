"""Deploy checks of the commitments app: the evidence key (commitments.keys)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from . import keys


@register(Tags.security, deploy=True)
def evidence_key(app_configs, **kwargs):
    """`check --deploy` reports a missing or weak EVIDENCE_KEY: without it seals can be recomputed unseen."""
    problems = []
    current = getattr(settings, "EVIDENCE_KEYS", {}).get(getattr(settings, "EVIDENCE_KEY_ID", ""), "")
    reason = keys.weak_key(current)
    if reason:
        problems.append(
            Warning(
                f"EVIDENCE_KEY is {reason}: a database writer could recompute the evidence of signed letters unseen.",
                hint=f"Set EVIDENCE_KEY to at least {keys.MIN_KEY_LENGTH} random characters, kept outside the "
                "database (e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`).",
                id="commitments.W001",
            )
        )
    for key_id, key in getattr(settings, "EVIDENCE_KEYS", {}).items():
        if key_id != settings.EVIDENCE_KEY_ID and keys.weak_key(key):
            problems.append(
                Warning(
                    f"The old evidence key {key_id!r} in EVIDENCE_KEYS is {keys.weak_key(key)}.",
                    hint="Keep only real, random old keys in EVIDENCE_KEYS.",
                    id="commitments.W002",
                )
            )
    return problems
