"""The weekly quiet-partner digest (characteristic 10: partners kept involved).

Who is quiet spans apps (attendance and answers in meetings, signatures and rules accepted in
commitments); `health.activity` decides it, for this digest and for the health panel alike.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from health.activity import DEFAULT_IDLE_DAYS, ReminderKind, quiet_members
from networkhub import reminders, tokens
from networkhub.dates import morning
from projects.models import Project, ProjectStatus

__all__ = ["ReminderKind", "plan_quiet_partner_digest", "quiet_members"]


def _coordinators(project):
    return [
        {"recipient": email, "recipient_name": name, "language": language}
        for email, name, language in reminders.coordinator_recipients(project)
    ]


def plan_quiet_partner_digest(now):
    year, week, _weekday = timezone.localdate(now).isocalendar()
    monday = morning(timezone.localdate(now) - timedelta(days=timezone.localdate(now).weekday()))
    for project in Project.objects.filter(status=ProjectStatus.ACTIVE).prefetch_related("coordinators"):
        for recipient in _coordinators(project):
            reminders.schedule(
                ReminderKind.QUIET_PARTNERS,
                project,
                project=project,
                step=f"{year}-W{week:02d}",
                due_at=monday,
                **recipient,
            )


def _describe(rows):
    """No query: the step is the ISO week ("2026-W45")."""
    texts = {}
    for row in rows:
        year, _sep, week = row.step.partition("-W")
        if year.isdigit() and week.isdigit():
            texts[row.pk] = gettext("Quiet partners of week %(week)s/%(year)s") % {"week": int(week), "year": year}
    return texts


# What this app contributes to the reminder engine (declared in its AppConfig's `contributions`).
KINDS = (
    reminders.kind(
        ReminderKind.QUIET_PARTNERS,
        template="emails/reminder_quiet_partners",
        still_due=lambda project, reminder: project.status == ProjectStatus.ACTIVE and bool(quiet_members(project)),
        context=lambda project, reminder: {
            "quiet": quiet_members(project),
            "url": tokens.absolute_url(reverse("partners:list", args=[project.pk])),
        },
        describe=_describe,
        default_steps=[DEFAULT_IDLE_DAYS],
    ),
)
PLANNERS = (plan_quiet_partner_digest,)
