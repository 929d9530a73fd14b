"""State changes of a project's results. Each function checks, writes and records an audit event.

The audit actions keep the names they had when these lived in `projects.services` ("project.output_added").
"""

from pathlib import PurePath

from django.db import transaction
from django.utils.translation import gettext as _

from networkhub import audit
from networkhub.errors import ServiceError


class MergeError(ServiceError):
    """Two entries that cannot be merged: the same entry, or entries of different projects."""


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


# --- Merging duplicates ------------------------------------------------------------------------------------
# The coordinator picks the entry to keep; what hangs on the duplicate moves onto it and the duplicate is removed.


def _check_pair(keep, duplicate, keep_project, duplicate_project, locked):
    if keep.pk == duplicate.pk:
        raise MergeError(_("Choose two different entries to merge."))
    if len(locked) != 2:
        raise MergeError(_("One of the entries no longer exists."))
    if keep_project != duplicate_project:
        raise MergeError(_("Only entries of the same project can be merged."))


def output_merge_moves(duplicate, keep):
    """What merging `duplicate` into `keep` moves: {"events", "uptakes", "contributors"} (counts; contributors are the
    duplicate's co-authors that `keep` does not name yet)."""
    kept = set(keep.contributors.values_list("pk", flat=True))
    return {
        "events": duplicate.events.count(),
        "uptakes": duplicate.uptakes.count(),
        "contributors": duplicate.contributors.exclude(pk__in=kept).count(),
    }


@transaction.atomic
def merge_outputs(keep, duplicate, *, actor):
    """Merge two outputs of one project: the duplicate's dissemination events and uptakes move onto `keep`, its
    co-authors are added to `keep`'s, and the duplicate is deleted (its file too, once the merge commits)."""
    from .models import Output

    locked = {o.pk: o for o in Output.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")}
    keep, duplicate = locked.get(keep.pk, keep), locked.get(duplicate.pk, duplicate)
    _check_pair(keep, duplicate, keep.project_id, duplicate.project_id, locked)
    moves = output_merge_moves(duplicate, keep)
    duplicate.events.update(output=keep)
    duplicate.uptakes.update(output=keep)
    keep.contributors.add(*duplicate.contributors.all())
    _delete_file_on_commit(duplicate.file.storage, duplicate.file.name)
    title = duplicate.title
    duplicate.delete()
    audit.record("project.output_merged", actor=actor, project=keep.project, target=keep, duplicate=title, **moves)
    return keep


@transaction.atomic
def merge_events(keep, duplicate, *, actor):
    """Merge two dissemination events of one project's outputs: `keep` stays as it is and the duplicate is deleted
    (an event has nothing hanging on it)."""
    from .models import DisseminationEvent

    events = DisseminationEvent.objects.select_for_update().select_related("output")
    locked = {e.pk: e for e in events.filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")}
    keep, duplicate = locked.get(keep.pk, keep), locked.get(duplicate.pk, duplicate)
    _check_pair(keep, duplicate, keep.output.project_id, duplicate.output.project_id, locked)
    pk, date = duplicate.pk, duplicate.date
    duplicate.delete()
    audit.record(
        "project.dissemination_merged",
        actor=actor,
        project=keep.output.project,
        target=keep.output,
        event=keep.pk,
        duplicate=pk,
        duplicate_date=date.isoformat(),
    )
    return keep


@transaction.atomic
def merge_contributions(keep, duplicate, *, actor):
    """Merge two contributions of one project: `keep` stays as it is and the duplicate is deleted."""
    from .models import Contribution

    locked = {
        c.pk: c for c in Contribution.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")
    }
    keep, duplicate = locked.get(keep.pk, keep), locked.get(duplicate.pk, duplicate)
    _check_pair(keep, duplicate, keep.project_id, duplicate.project_id, locked)
    pk = duplicate.pk
    duplicate.delete()
    audit.record("project.contribution_merged", actor=actor, project=keep.project, target=keep, duplicate=pk)
    return keep
