"""Report deadlines: the coordinators 30, 7 and 1 day before each of the project's report due dates,
with the funder's extensions applied, and once the morning after if the report is then overdue
(`reports.deadlines`); they stop once the report has been submitted.

Follow-ups (case work, reports.casework): the project's officer (else the follow-up's author) the morning of
its date, while it is not done; it links to the funder's project card."""

from datetime import datetime, timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networkhub import reminders, tokens
from networkhub.dates import morning, short_date
from projects.models import ProgrammeDeadline, Project, ProjectStatus, ReportType

from .deadlines import deadlines_for
from .models import FollowUp, Report, ReportStatus

OVERDUE_STEP = "overdue"
# An overdue report is reminded of the morning after its due date; a deadline that came into view later than
# this (an extension granted into the past, a planner that did not run) is reminded late, but not weeks late.
OVERDUE_WINDOW_DAYS = 7


class ReminderKind(models.TextChoices):
    REPORT_DEADLINE = "report_deadline", _("Report deadline")
    FOLLOW_UP = "case_follow_up", _("Follow-up on a project due")


def plan_report_deadlines(now):
    """Schedule the reminders of due dates that fall within the longest step; cheap and idempotent."""
    # Look two days past the longest step, so that each step is scheduled before it falls due.
    longest = reminders.longest_step(ReminderKind.REPORT_DEADLINE) + 2
    today = timezone.localdate(now)
    for project in Project.objects.exclude(status=ProjectStatus.CLOSED).prefetch_related("coordinators"):
        for row in deadlines_for(project, today):
            if row["overdue"] and row["days_overdue"] <= OVERDUE_WINDOW_DAYS:
                _schedule(project, row, OVERDUE_STEP, morning(row["due_date"] + timedelta(days=1)))
                continue
            if not today <= row["due_date"] <= today + timedelta(days=longest):
                continue
            for days in reminders.steps(ReminderKind.REPORT_DEADLINE):
                due_at = morning(row["due_date"] - timedelta(days=days))
                if due_at < now - timedelta(days=1):
                    continue  # the deadline came into view after this step: a late "30 days" helps nobody
                _schedule(project, row, f"{days}d", due_at)


def _schedule(project, row, step, due_at):
    for email, name, language in reminders.coordinator_recipients(project):
        reminders.schedule(
            ReminderKind.REPORT_DEADLINE,
            project,
            project=project,
            step=f"{row['deadline'].pk}-{row['due_date']:%Y%m%d}-{step}",
            due_at=due_at,
            recipient=email,
            recipient_name=name,
            language=language,
        )


def _due(project, reminder):
    """(programme deadline, the project's due date for it now) for the reminder's step."""
    deadline_pk = int(reminder.step.split("-")[0])
    row = next((row for row in deadlines_for(project) if row["deadline"].pk == deadline_pk), None)
    return (row["deadline"], row["due_date"]) if row else (ProgrammeDeadline(), None)


def _is_overdue_step(reminder):
    return reminder.step.endswith(f"-{OVERDUE_STEP}")


def _still_due(project, reminder):
    deadline, due_date = _due(project, reminder)
    if due_date is None or project.status == ProjectStatus.CLOSED:
        return False
    # Before the due date the steps ahead of it; after it, only the overdue one.
    if (due_date < timezone.localdate()) != _is_overdue_step(reminder):
        return False
    if f"{due_date:%Y%m%d}" != reminder.step.split("-")[1]:
        return False  # an extension moved the date; the new date has reminders of its own
    submitted = Report.objects.filter(project=project, programme_deadline=deadline).exclude(status=ReportStatus.DRAFT)
    return not submitted.exists()


def _context(project, reminder):
    deadline, due_date = _due(project, reminder)
    return {
        "deadline": deadline,
        "due_date": due_date,
        "days_left": (due_date - timezone.localdate()).days,
        "overdue": _is_overdue_step(reminder),
        "url": tokens.absolute_url(project.get_absolute_url()),
    }


def _describe(rows):
    """The report and its due date, from the step (deadline, due date, days): one query for the deadlines."""
    parsed = {}
    for row in rows:
        parts = row.step.split("-")
        try:
            parsed[row.pk] = (int(parts[0]), datetime.strptime(parts[1], "%Y%m%d").date())
        except (ValueError, IndexError):
            continue
    deadlines = ProgrammeDeadline.objects.in_bulk({pk for pk, _day in parsed.values()}) if parsed else {}
    types = dict(ReportType.choices)
    return {
        pk: gettext("%(report)s due %(date)s")
        % {"report": types.get(deadlines[deadline].report_type, ""), "date": short_date(due)}
        for pk, (deadline, due) in parsed.items()
        if deadline in deadlines
    }


def plan_follow_ups(now):
    """Open follow-ups dated from a week ago to tomorrow: one reminder each, the morning of their date."""
    today = timezone.localdate(now)
    follow_ups = FollowUp.objects.filter(
        done_at=None,
        due_date__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS),
        due_date__lte=today + timedelta(days=1),
    ).select_related("project__case_officer__officer", "author")
    for follow_up in follow_ups:
        recipient = _follow_up_recipient(follow_up)
        if recipient is None:
            continue
        reminders.schedule(
            ReminderKind.FOLLOW_UP,
            follow_up,
            project=follow_up.project,
            step=f"due-{follow_up.due_date:%Y%m%d}",
            due_at=morning(follow_up.due_date),
            recipient=recipient.email,
            recipient_name=recipient.full_name,
            language=recipient.language,
        )


def _follow_up_recipient(follow_up):
    """The project's officer, else the follow-up's author; an inactive account gets nothing."""
    assignment = getattr(follow_up.project, "case_officer", None)
    user = assignment.officer if assignment is not None else follow_up.author
    return user if user is not None and user.is_active else None


def _follow_up_open(follow_up, reminder):
    return follow_up.done_at is None and f"{follow_up.due_date:%Y%m%d}" == reminder.step.removeprefix("due-")


def _follow_up_context(follow_up, reminder):
    return {
        "follow_up": follow_up,
        "project": follow_up.project,
        "url": tokens.absolute_url(reverse("reports:card", args=[follow_up.project_id])),
    }


def _describe_follow_ups(rows):
    follow_ups = reminders.targets(rows, FollowUp.objects.all())
    return {
        row.pk: gettext("Follow-up on %(date)s: %(what)s")
        % {"date": short_date(follow_ups[row.target_id].due_date), "what": follow_ups[row.target_id].what}
        for row in rows
        if row.target_id in follow_ups
    }


# What this app contributes to the reminder engine (declared in its AppConfig's `contributions`).
KINDS = (
    reminders.kind(
        ReminderKind.REPORT_DEADLINE,
        template="emails/reminder_report_deadline",
        still_due=_still_due,
        context=_context,
        describe=_describe,
        essential=True,
        default_steps=[30, 7, 1],
    ),
    reminders.kind(
        ReminderKind.FOLLOW_UP,
        template="emails/reminder_follow_up",
        still_due=_follow_up_open,
        context=_follow_up_context,
        describe=_describe_follow_ups,
        project_private=True,  # the officer's case work: never on the project's Messages page or its settings
    ),
)
PLANNERS = (plan_report_deadlines, plan_follow_ups)
