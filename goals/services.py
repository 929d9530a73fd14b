"""Changes to a project's goals and its goal reviews. Each function checks, writes and records an audit event.

The ideas log's changes are in `goals.ideas`.
"""

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import audit, reminders
from projects.services import ProjectError

from .models import GoalReview, GoalReviewEntry
from .reminders import ReminderKind


class GoalError(ProjectError):
    """A goal review was refused (a ProjectError, as it was when reviews lived in the projects app)."""


@transaction.atomic
def save_goals(project, formset, *, actor):
    formset.save()
    audit.record("project.goals_updated", actor=actor, project=project, target=project)


def _check_review(review, entries):
    """The date is free (one review a day) and every entry is one of the project's goals, once."""
    same_day = GoalReview.objects.filter(project=review.project, review_date=review.review_date).exclude(pk=review.pk)
    if same_day.exists():
        raise GoalError(_("The project already has a goal review on this date."), field="review_date")
    goals = [entry["goal"] for entry in entries]
    if any(goal.project_id != review.project_id for goal in goals) or len({goal.pk for goal in goals}) != len(goals):
        raise GoalError(_("A review covers each of the project's own goals once."))
    review.full_clean()


def _save_entries(review, entries):
    for entry in entries:
        GoalReviewEntry.objects.update_or_create(
            review=review,
            goal=entry["goal"],
            defaults={"status": entry["status"], "notes": entry["notes"], "changes": entry["changes"]},
        )


def _statuses(entries):
    return dict(sorted(Counter(entry["status"] for entry in entries).items()))


@transaction.atomic
def record_goal_review(review, entries, *, actor):
    """Record a review held on `review.review_date`; `entries` are dicts of goal, status, notes and changes.

    The next review falls due `review_interval_months` after it, so the overdue reminder stops.
    """
    _check_review(review, entries)
    review.created_by = actor if actor is not None and actor.is_authenticated else None
    review.created_at = review.updated_at = timezone.now()
    review.save()
    _save_entries(review, entries)
    project = review.project
    project.__dict__.pop("latest_review_date", None)
    reminders.cancel(project, kinds=[ReminderKind.GOAL_REVIEW_OVERDUE], reason="a goal review was recorded")
    audit.record(
        "project.goal_review_recorded",
        actor=actor,
        project=project,
        target=review,
        review_date=review.review_date.isoformat(),
        statuses=_statuses(entries),
    )
    return review


@transaction.atomic
def update_goal_review(review, entries, *, actor, changed_fields=()):
    _check_review(review, entries)
    review.updated_at = timezone.now()
    review.save()
    _save_entries(review, entries)
    review.project.__dict__.pop("latest_review_date", None)
    audit.record(
        "project.goal_review_updated",
        actor=actor,
        project=review.project,
        target=review,
        review_date=review.review_date.isoformat(),
        fields=sorted(changed_fields),
        statuses=_statuses(entries),
    )
    return review
