"""Case work (issue 22): the funder's programme officer of a project, their private notes and follow-ups.

Reviewers only. Coordinators and partners never see any of it: no page of theirs reads these models, the audit
events carry no note text, and the personal-data export of a person lists only the notes and follow-ups they
wrote (reports.privacy), not those about their project. Each function checks, writes and records an audit event.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import audit, reminders
from networkhub.errors import ServiceError
from networkhub.models import Role
from projects.models import Project

from .models import CaseNote, CaseOfficer, FollowUp


class CaseWorkError(ServiceError):
    """A change to case work was refused."""


def _lock(project):
    return Project.objects.select_for_update().get(pk=project.pk)


@transaction.atomic
def assign_officer(project, officer, *, actor):
    """Make `officer` (an active funder reviewer) the project's officer; None removes the assignment."""
    _lock(project)
    if officer is None:
        removed, _rows = CaseOfficer.objects.filter(project=project).delete()
        if removed:
            audit.record("case.officer_removed", actor=actor, project=project, target=project)
        return None
    if not officer.is_active or officer.role != Role.FUNDER:
        raise CaseWorkError(_("Only an active funder reviewer can be a project's officer."), field="officer")
    assignment, _created = CaseOfficer.objects.update_or_create(
        project=project, defaults={"officer": officer, "assigned_at": timezone.now()}
    )
    audit.record("case.officer_assigned", actor=actor, project=project, target=officer)
    return assignment


@transaction.atomic
def add_note(project, text, *, actor):
    text = text.strip()
    if not text:
        raise CaseWorkError(_("Write the note first."), field="text")
    note = CaseNote.objects.create(project=project, author=actor, text=text)
    audit.record("case.note_added", actor=actor, project=project, target=note)
    return note


@transaction.atomic
def add_follow_up(project, due_date, what, *, actor):
    what = what.strip()
    if not what:
        raise CaseWorkError(_("Say what to follow up."), field="what")
    follow_up = FollowUp.objects.create(project=project, author=actor, due_date=due_date, what=what)
    audit.record("case.follow_up_added", actor=actor, project=project, target=follow_up, due=str(due_date))
    return follow_up


@transaction.atomic
def complete_follow_up(follow_up, *, actor):
    """Mark a follow-up done (again: nothing changes) and stop its reminders."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
        reminders.cancel(follow_up, reason="follow-up done")
        audit.record("case.follow_up_done", actor=actor, project=follow_up.project, target=follow_up)
    return follow_up


def officer_of(project):
    """The project's officer (a User) or None."""
    assignment = CaseOfficer.objects.filter(project=project).select_related("officer").first()
    return assignment.officer if assignment else None
