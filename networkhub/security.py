"""The security event log: one call per event, from sign-in signals, two-factor views and administrators' actions."""

from .models import SecurityEvent, SecurityEventKind

USER_AGENT_MAX_LENGTH = 300


def client_ip(request):
    """The address the request came from (Django's REMOTE_ADDR; a trusted proxy sets it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_security_event(kind, *, user=None, actor=None, request=None, identifier="", **data):
    """Append one security event. `kind` is a SecurityEventKind; extra keyword arguments go to `data`."""
    if kind not in SecurityEventKind.values:
        raise ValueError(f"Unknown security event kind: {kind}")
    authenticated = getattr(user, "is_authenticated", False)
    actor_authenticated = getattr(actor, "is_authenticated", False)
    return SecurityEvent.objects.create(
        kind=kind,
        user=user if authenticated else None,
        actor=actor if actor_authenticated else None,
        identifier=(identifier or (user.email if authenticated else ""))[:254],
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:USER_AGENT_MAX_LENGTH],
        data=data,
    )
