"""State changes of projects. Each function checks, writes and records an audit event."""

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import audit, reminders
from networkhub.errors import ServiceError
from networkhub.models import ProjectReminderSetting, User

from .models import GoalReview, GoalReviewEntry, Project
from .reminders import ReminderKind


class ProjectError(ServiceError):
    """A project change was refused."""


@transaction.atomic
def update_project(project, *, actor, changed_fields):
    project.full_clean()
    project.save()
    audit.record("project.updated", actor=actor, project=project, target=project, fields=sorted(changed_fields))
    return project


@transaction.atomic
def add_coordinator(project, *, email, actor):
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.is_coordinator:
        raise ProjectError(
            _("No coordinator account has this e-mail address. Ask an administrator to create one first."),
            field="email",
        )
    if project.coordinators.filter(pk=user.pk).exists():
        raise ProjectError(_("%(name)s already coordinates this project.") % {"name": user}, field="email")
    project.coordinators.add(user)
    audit.record("project.coordinator_added", actor=actor, project=project, target=user)
    return user


@transaction.atomic
def remove_coordinator(project, *, user, actor):
    if project.coordinators.count() <= 1:
        raise ProjectError(_("A project needs at least one coordinator."))
    project.coordinators.remove(user)
    audit.record("project.coordinator_removed", actor=actor, project=project, target=user)


@transaction.atomic
def save_goals(project, formset, *, actor):
    formset.save()
    audit.record("project.goals_updated", actor=actor, project=project, target=project)


@transaction.atomic
def save_reminder_settings(project, changes, *, actor):
    """`changes`: kind -> (enabled, days) for each reminder kind the project switched off or gave its own
    days; a kind left out follows the defaults, so it needs no row."""
    Project.objects.select_for_update().get(pk=project.pk)
    ProjectReminderSetting.objects.filter(project=project).delete()
    ProjectReminderSetting.objects.bulk_create(
        ProjectReminderSetting(project=project, kind=kind, enabled=enabled, days=days)
        for kind, (enabled, days) in changes.items()
    )
    audit.record(
        "project.reminder_settings_saved",
        actor=actor,
        project=project,
        target=project,
        changes={kind: {"enabled": enabled, "days": days} for kind, (enabled, days) in changes.items()},
    )


def _check_review(review, entries):
    """The date is free (one review a day) and every entry is one of the project's goals, once."""
    same_day = GoalReview.objects.filter(project=review.project, review_date=review.review_date).exclude(pk=review.pk)
    if same_day.exists():
        raise ProjectError(_("The project already has a goal review on this date."), field="review_date")
    goals = [entry["goal"] for entry in entries]
    if any(goal.project_id != review.project_id for goal in goals) or len({goal.pk for goal in goals}) != len(goals):
        raise ProjectError(_("A review covers each of the project's own goals once."))
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
