"""Report deadlines: the coordinators 30, 7 and 1 day before each of the programme's deadlines."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from networkhub import reminders, tokens
from networkhub.models import ReminderKind

from .models import ProgrammeDeadline, Project, ProjectStatus


@reminders.planner
def plan_report_deadlines(now):
    """Schedule the reminders of deadlines that fall within the longest step; cheap and idempotent."""
    # Look two days past the longest step, so that each step is scheduled before it falls due.
    longest = max(reminders.steps(ReminderKind.REPORT_DEADLINE), default=0) + 2
    today = timezone.localdate(now)
    deadlines = ProgrammeDeadline.objects.filter(due_date__gte=today, due_date__lte=today + timedelta(days=longest))
    projects = Project.objects.exclude(status=ProjectStatus.CLOSED).prefetch_related("coordinators")
    for deadline in deadlines.select_related("programme"):
        for project in projects.filter(programme=deadline.programme):
            for days in reminders.steps(ReminderKind.REPORT_DEADLINE):
                due_at = timezone.make_aware(
                    datetime.combine(deadline.due_date - timedelta(days=days), time(settings.REMINDER_HOUR))
                )
                if due_at < now - timedelta(days=1):
                    continue  # the deadline came into view after this step: a late "30 days" helps nobody
                for email, name, language in reminders.coordinator_recipients(project):
                    reminders.schedule(
                        ReminderKind.REPORT_DEADLINE,
                        project,
                        project=project,
                        step=f"{deadline.pk}-{days}d",
                        due_at=due_at,
                        recipient=email,
                        recipient_name=name,
                        language=language,
                    )


def _deadline(reminder):
    return ProgrammeDeadline.objects.filter(pk=int(reminder.step.split("-")[0])).first()


def _still_due(project, reminder):
    deadline = _deadline(reminder)
    return deadline is not None and project.status != ProjectStatus.CLOSED and deadline.due_date >= timezone.localdate()


def _context(project, reminder):
    deadline = _deadline(reminder)
    return {
        "deadline": deadline,
        "days_left": (deadline.due_date - timezone.localdate()).days,
        "url": tokens.absolute_url(reverse("projects:detail", args=[project.pk])),
    }


reminders.register(
    ReminderKind.REPORT_DEADLINE, template="emails/reminder_report_deadline", still_due=_still_due, context=_context
)
