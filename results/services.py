"""State changes of a project's results. Each function checks, writes and records an audit event.

The audit actions keep the names they had when these lived in `projects.services` ("project.output_added").
"""

from pathlib import PurePath

from django.db import transaction

from networkhub import audit


def _store_file(output, upload, content_type):
    """Write an upload that `networkhub.uploads.check_upload` accepted to the default storage."""
    output.file_name = PurePath(upload.name).name[:255]
    output.file_type = content_type
    output.file_size = upload.size
    output.file.save(upload.name, upload, save=False)


def _delete_file_on_commit(storage, name):
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _save_output(output, *, stored):
    """Validate and save; a file written for this save is removed again if the row is refused."""
    try:
        output.full_clean()
        output.save()
    except Exception:
        if stored:
            output.file.delete(save=False)
        raise


@transaction.atomic
def add_output(output, *, actor, upload=None, content_type="", contributors=None, recorded_for=None):
    """Save a new output (from `OutputForm.save(commit=False)`), with its file if one was uploaded and the
    organisations that made it (`contributors`, organisations; None: none). `recorded_for`: the member
    organisation of the partner contact who records it (None: a coordinator)."""
    output.created_by = actor
    output.recorded_for = recorded_for
    if upload is not None:
        _store_file(output, upload, content_type)
    _save_output(output, stored=upload is not None)
    if contributors is not None:
        output.contributors.set(contributors)
    audit.record(
        "project.output_added",
        actor=actor,
        project=output.project,
        target=output,
        title=output.title,
        file=output.file_name,
        recorded_for=recorded_for.pk if recorded_for else None,
    )
    return output


@transaction.atomic
def update_output(output, *, actor, changed_fields, upload=None, content_type="", remove_file=False, contributors=None):
    """Save an edited output; a new file replaces the stored one, which is deleted once the change commits.
    `contributors` (organisations), when given, replaces the organisations that made it."""
    storage, previous = output.file.storage, output.file.name
    if upload is not None:
        _store_file(output, upload, content_type)
    elif remove_file:
        output.file, output.file_name, output.file_type, output.file_size = "", "", "", 0
    _save_output(output, stored=upload is not None)
    if contributors is not None:
        output.contributors.set(contributors)
    if upload is not None or remove_file:
        _delete_file_on_commit(storage, previous)
    audit.record(
        "project.output_updated",
        actor=actor,
        project=output.project,
        target=output,
        fields=sorted(set(changed_fields) - {"upload", "remove_file"}),
        file=output.file_name if upload is not None or remove_file else None,
    )
    return output


@transaction.atomic
def delete_output(output, *, actor):
    """Delete an output with its dissemination events; its file goes once the deletion commits."""
    project, title, events = output.project, output.title, output.events.count()
    _delete_file_on_commit(output.file.storage, output.file.name)
    output.delete()
    audit.record("project.output_deleted", actor=actor, project=project, target=project, title=title, events=events)


@transaction.atomic
def add_event(event, *, actor, recorded_for=None):
    """Record where an output was disseminated (`event.output` is set by the caller)."""
    event.created_by = actor
    event.recorded_for = recorded_for
    event.full_clean()
    event.save()
    audit.record(
        "project.dissemination_added",
        actor=actor,
        project=event.output.project,
        target=event.output,
        date=event.date.isoformat(),
        channel=event.channel,
        audience_type=event.audience_type,
        reach=event.reach,
    )
    return event


@transaction.atomic
def update_event(event, *, actor, changed_fields):
    event.full_clean()
    event.save()
    audit.record(
        "project.dissemination_updated",
        actor=actor,
        project=event.output.project,
        target=event.output,
        event=event.pk,
        fields=sorted(changed_fields),
    )
    return event


@transaction.atomic
def delete_event(event, *, actor):
    output, pk = event.output, event.pk
    event.delete()
    audit.record("project.dissemination_deleted", actor=actor, project=output.project, target=output, event=pk)


@transaction.atomic
def set_output_hidden(output, *, actor, hidden):
    """A coordinator hides an output (a duplicate, a mistake) or shows it again; nothing is deleted."""
    from .models import Output

    output = Output.objects.select_for_update().get(pk=output.pk)
    if output.hidden == hidden:
        return output
    output.hidden = hidden
    output.save(update_fields=["hidden"])
    audit.record(
        "project.output_hidden" if hidden else "project.output_shown",
        actor=actor,
        project=output.project,
        target=output,
        title=output.title,
    )
    return output


@transaction.atomic
def add_uptake(uptake, *, actor, recorded_for=None):
    """Record that an organisation adopted an output (`uptake.output` is set by the caller)."""
    uptake.created_by = actor
    uptake.recorded_for = recorded_for
    uptake.full_clean()
    uptake.save()
    audit.record(
        "project.uptake_added",
        actor=actor,
        project=uptake.output.project,
        target=uptake.output,
        organisation=uptake.organisation_name,
        date=uptake.date.isoformat(),
    )
    return uptake


@transaction.atomic
def delete_uptake(uptake, *, actor):
    output, pk = uptake.output, uptake.pk
    uptake.delete()
    audit.record("project.uptake_deleted", actor=actor, project=output.project, target=output, uptake=pk)


@transaction.atomic
def save_continuation_plan(plan, *, actor, changed_fields):
    """Save a member's continuation plan (new or edited; `plan.membership` is set by the caller)."""
    from django.utils import timezone

    created = plan.pk is None
    plan.updated_by = actor
    plan.updated_at = timezone.now()
    plan.full_clean()
    plan.save()
    audit.record(
        "project.continuation_plan_saved",
        actor=actor,
        project=plan.membership.project,
        target=plan.membership,
        created=created,
        fields=sorted(changed_fields),
    )
    return plan


@transaction.atomic
def add_contribution(contribution, *, actor, recorded_for=None):
    """Record a member's contribution (`contribution.project` is set by the caller)."""
    contribution.created_by = actor
    contribution.recorded_for = recorded_for
    contribution.full_clean()
    contribution.save()
    audit.record(
        "project.contribution_added",
        actor=actor,
        project=contribution.project,
        target=contribution,
        kind=contribution.kind,
        date=contribution.date.isoformat(),
    )
    return contribution


@transaction.atomic
def update_contribution(contribution, *, actor, changed_fields):
    contribution.full_clean()
    contribution.save()
    audit.record(
        "project.contribution_updated",
        actor=actor,
        project=contribution.project,
        target=contribution,
        fields=sorted(changed_fields),
    )
    return contribution


@transaction.atomic
def delete_contribution(contribution, *, actor):
    project, pk = contribution.project, contribution.pk
    contribution.delete()
    audit.record("project.contribution_deleted", actor=actor, project=project, target=project, contribution=pk)
