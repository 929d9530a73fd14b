"""Goal review overdue (characteristic 7): the coordinators of an active project, once per due date,
the day after the next goal review fell due (`Project.next_review_due`); it stops once a review is recorded.

A project may tune the day (days after the due date) on its Messages page, or switch the reminder off.
"""

from datetime import datetime, timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networkhub import reminders, tokens
from networkhub.dates import morning, short_date
from projects.models import Project, ProjectStatus


class ReminderKind(models.TextChoices):
    GOAL_REVIEW_OVERDUE = "goal_review_overdue", _("Goal review overdue")


def _step(due, days):
    return f"due-{due:%Y%m%d}-{days}d"


def _due_date(reminder):
    return datetime.strptime(reminder.step.split("-")[1], "%Y%m%d").date()


def plan_goal_reviews(now):
    """One query over the active projects with their last review date; each due date is reminded once.

    Of the steps that have come into view (a day ahead), only the latest is scheduled: a project found
    long overdue gets one reminder, not one per step at once.
    """
    today = timezone.localdate(now)
    projects = (
        Project.objects.filter(status=ProjectStatus.ACTIVE, start_date__lte=today)
        .with_latest_review()
        .prefetch_related("coordinators")
    )
    steps = reminders.steps_lookup(ReminderKind.GOAL_REVIEW_OVERDUE)
    for project in projects:
        due = project.next_review_due
        if due > project.end_date:
            continue
        in_view = [days for days in steps(project) if morning(due + timedelta(days=days)) <= now + timedelta(days=1)]
        if not in_view:
            continue
        days = max(in_view)
        for email, name, language in reminders.coordinator_recipients(project):
            reminders.schedule(
                ReminderKind.GOAL_REVIEW_OVERDUE,
                project,
                project=project,
                step=_step(due, days),
                due_at=max(morning(due + timedelta(days=days)), now),
                recipient=email,
                recipient_name=name,
                language=language,
            )


def _still_due(project, reminder):
    """No review recorded since: the project's next review is still due on the reminder's date."""
    return project.status == ProjectStatus.ACTIVE and project.next_review_due == _due_date(reminder)


def _context(project, reminder):
    due = _due_date(reminder)
    return {
        "due_date": due,
        "last_review_date": project.latest_review_date,
        "days_overdue": max((timezone.localdate() - due).days, 0),
        "url": tokens.absolute_url(reverse("goals:review_create", args=[project.pk])),
    }


def _describe(rows):
    """No query: the step holds the due date."""
    return {row.pk: gettext("Goal review due %(date)s") % {"date": short_date(_due_date(row))} for row in rows}


# What this app contributes to the reminder engine (declared in its AppConfig's `contributions`).
KINDS = (
    reminders.kind(
        ReminderKind.GOAL_REVIEW_OVERDUE,
        template="emails/reminder_goal_review_overdue",
        still_due=_still_due,
        context=_context,
        describe=_describe,
        default_steps=[1],
    ),
)
PLANNERS = (plan_goal_reviews,)
