"""State changes of a project's mobility records. Each function checks, writes and records an audit event."""

from django.db import transaction

from networkhub import audit


def _fields(mobility):
    return {
        "direction": mobility.direction,
        "participant_type": mobility.participant_type,
        "participants": mobility.participants,
        "country": str(mobility.country),
        "start_date": mobility.start_date.isoformat(),
        "end_date": mobility.end_date.isoformat(),
    }


@transaction.atomic
def add_mobility(mobility, *, actor):
    """Save a new record (`mobility.project` set by the caller); `actor` is named as who recorded it."""
    mobility.created_by = actor
    mobility.full_clean()
    mobility.save()
    audit.record("mobility.added", actor=actor, project=mobility.project, target=mobility, **_fields(mobility))
    return mobility


@transaction.atomic
def update_mobility(mobility, *, actor, changed_fields):
    mobility.full_clean()
    mobility.save()
    audit.record(
        "mobility.updated", actor=actor, project=mobility.project, target=mobility, fields=sorted(changed_fields)
    )
    return mobility


@transaction.atomic
def delete_mobility(mobility, *, actor):
    project, pk, fields = mobility.project, mobility.pk, _fields(mobility)
    mobility.delete()
    audit.record("mobility.deleted", actor=actor, project=project, target=project, mobility=pk, **fields)


@transaction.atomic
def import_mobilities(project, records, *, actor, file_name):
    """Save every record of a validated import, or none: one failure rolls back the whole file.

    `records` are unsaved `Mobility` objects that `mobility.importer.parse` accepted."""
    saved = []
    for mobility in records:
        mobility.project = project
        mobility.created_by = actor
        mobility.full_clean()
        mobility.save()
        saved.append(mobility)
    audit.record(
        "mobility.imported",
        actor=actor,
        project=project,
        target=project,
        file=file_name,
        count=len(saved),
        participants=sum(mobility.participants for mobility in saved),
    )
    return saved
