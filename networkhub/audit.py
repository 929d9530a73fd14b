from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def record(action, *, actor=None, project=None, target=None, **data):
    """Write one audit event; every state change in a service function calls this."""
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        project=project,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        data=data,
    )
