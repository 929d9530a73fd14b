"""The ideas log's changes. Members put ideas forward; coordinators move them, one function per transition.

Each function checks, saves and records an audit event. Adopting names what adopted the idea: a decision
in this project's minutes or one of this project's goal reviews, never another project's.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import audit
from networkhub.errors import ServiceError

from .models import TRANSITIONS, Idea, IdeaStatus


class IdeaError(ServiceError):
    """An idea's change refused, with the message for the user and the form field it belongs to."""


@transaction.atomic
def propose_idea(idea, *, actor):
    """Log a member's idea. `idea` carries the project, the text and who proposed it."""
    idea.status = IdeaStatus.NEW
    idea.created_by = actor if actor is not None and actor.is_authenticated else None
    idea.created_at = timezone.now()
    idea.full_clean()
    idea.save()
    audit.record(
        "idea.proposed",
        actor=actor,
        project=idea.project,
        target=idea,
        organisation=idea.proposed_by_organisation_id,
    )
    return idea


def _move(idea, target, *, actor, decision=None, review=None):
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if locked.status not in TRANSITIONS[target]:
        raise IdeaError(
            _("An idea that is “%(current)s” cannot become “%(target)s”.")
            % {"current": IdeaStatus(locked.status).label, "target": IdeaStatus(target).label},
            field="status",
        )
    now = timezone.now()
    previous = locked.status
    idea.status, idea.adopted_decision, idea.adopted_review = target, decision, review
    idea.status_changed_at = now
    idea.status_changed_by = actor if actor is not None and actor.is_authenticated else None
    idea.first_status_change_at = locked.first_status_change_at or now
    idea.save(
        update_fields=[
            "status",
            "adopted_decision",
            "adopted_review",
            "status_changed_at",
            "status_changed_by",
            "first_status_change_at",
        ]
    )
    audit.record(
        f"idea.{target}",
        actor=actor,
        project=idea.project,
        target=idea,
        previous=previous,
        decision=decision.pk if decision else None,
        review=review.pk if review else None,
    )
    return idea


@transaction.atomic
def try_idea(idea, *, actor):
    """The network tries the idea out."""
    return _move(idea, IdeaStatus.TRYING, actor=actor)


@transaction.atomic
def adopt_idea(idea, *, actor, decision=None, review=None):
    """The idea is put to use, adopted by one decision of this project's meetings or one of its goal reviews."""
    if decision is None and review is None:
        raise IdeaError(_("Choose the meeting decision or the goal review that adopted the idea."), field="decision")
    if decision is not None and review is not None:
        raise IdeaError(_("Choose either a meeting decision or a goal review, not both."), field="review")
    if decision is not None and decision.meeting.project_id != idea.project_id:
        raise IdeaError(_("Choose a decision from this project's meetings."), field="decision")
    if review is not None and review.project_id != idea.project_id:
        raise IdeaError(_("Choose one of this project's goal reviews."), field="review")
    return _move(idea, IdeaStatus.ADOPTED, actor=actor, decision=decision, review=review)


@transaction.atomic
def drop_idea(idea, *, actor):
    return _move(idea, IdeaStatus.DROPPED, actor=actor)


@transaction.atomic
def reopen_idea(idea, *, actor):
    """A dropped idea is taken up again as new."""
    return _move(idea, IdeaStatus.NEW, actor=actor)


# The service function for each target status, for the coordinator's status form.
BY_STATUS = {
    IdeaStatus.TRYING: try_idea,
    IdeaStatus.ADOPTED: adopt_idea,
    IdeaStatus.DROPPED: drop_idea,
    IdeaStatus.NEW: reopen_idea,
}
