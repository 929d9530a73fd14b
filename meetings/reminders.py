"""Meeting reminders, planned a short way ahead from indexed date columns:

- upcoming meeting: each invitee who has not declined, 7 days and 1 day before, with the .ics;
- unanswered invitation or time poll: 3 days before the meeting or the poll's reply deadline;
- minutes not published: the coordinators, 3 days after the meeting ended;
- action item: its owner the day before it is due, and once when it is overdue;
- no network meeting: the coordinators, when the last held meeting is 90 days old;
"""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networkhub import reminders, tokens
from networkhub.dates import morning, short_date
from projects.models import Project, ProjectStatus

from .models import (
    ActionItem,
    ActionItemStatus,
    Invitation,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    PollInvitee,
    PollStatus,
    Response,
)
from .tasks import invitation_ics, organizer_of, poll_url, rsvp_url


class ReminderKind(models.TextChoices):
    INVITATION_UNANSWERED = "invitation_unanswered", _("Unanswered invitation or time poll")
    MEETING_UPCOMING = "meeting_upcoming", _("Upcoming meeting")
    MINUTES_UNPUBLISHED = "minutes_unpublished", _("Minutes not published")
    ACTION_ITEM = "action_item", _("Action item due or overdue")
    NO_NETWORK_MEETING = "no_network_meeting", _("No network meeting for a long time")


def _contact(contact):
    return {"recipient": contact.email, "recipient_name": contact.name, "language": contact.language}


def _coordinators(project):
    return [
        {"recipient": email, "recipient_name": name, "language": language}
        for email, name, language in reminders.coordinator_recipients(project)
    ]


def _max_days(kind):
    return reminders.longest_step(kind) + 1


# --- Planners ------------------------------------------------------------------------------


def plan_meeting_invitations(now):
    horizon = now + timedelta(days=_max_days(ReminderKind.MEETING_UPCOMING))
    invitations = Invitation.objects.filter(
        meeting__status=MeetingStatus.PLANNED, meeting__start__gt=now, meeting__start__lte=horizon
    ).select_related("meeting__project", "contact")
    upcoming_steps = reminders.steps_lookup(ReminderKind.MEETING_UPCOMING)
    unanswered_steps = reminders.steps_lookup(ReminderKind.INVITATION_UNANSWERED)
    for invitation in invitations:
        meeting = invitation.meeting
        for days in upcoming_steps(meeting.project):
            if invitation.response != Response.NO and meeting.start - timedelta(days=days) > now:
                reminders.schedule(
                    ReminderKind.MEETING_UPCOMING,
                    invitation,
                    project=meeting.project,
                    step=f"{meeting.pk}-{days}d",
                    due_at=meeting.start - timedelta(days=days),
                    **_contact(invitation.contact),
                )
        for days in unanswered_steps(meeting.project):
            if invitation.response == Response.PENDING and meeting.start - timedelta(days=days) > now:
                reminders.schedule(
                    ReminderKind.INVITATION_UNANSWERED,
                    invitation,
                    project=meeting.project,
                    step=f"{days}d",
                    due_at=meeting.start - timedelta(days=days),
                    **_contact(invitation.contact),
                )


def plan_poll_answers(now):
    horizon = now + timedelta(days=_max_days(ReminderKind.INVITATION_UNANSWERED))
    invitees = PollInvitee.objects.filter(
        answered_at=None, poll__status=PollStatus.OPEN, poll__deadline__gt=now, poll__deadline__lte=horizon
    ).select_related("poll__project", "contact")
    steps = reminders.steps_lookup(ReminderKind.INVITATION_UNANSWERED)
    for invitee in invitees:
        for days in steps(invitee.poll.project):
            due_at = invitee.poll.deadline - timedelta(days=days)
            if due_at > now - timedelta(hours=1):
                reminders.schedule(
                    ReminderKind.INVITATION_UNANSWERED,
                    invitee,
                    project=invitee.poll.project,
                    step=f"{days}d",
                    due_at=due_at,
                    **_contact(invitee.contact),
                )


def plan_minutes(now):
    days = _max_days(ReminderKind.MINUTES_UNPUBLISHED)
    ended = Meeting.objects.filter(
        end__gte=now - timedelta(days=days + 2), end__lte=now, status__in=[MeetingStatus.PLANNED, MeetingStatus.HELD]
    ).exclude(minutes__status=MinutesStatus.PUBLISHED)
    steps = reminders.steps_lookup(ReminderKind.MINUTES_UNPUBLISHED)
    for meeting in ended.select_related("project").prefetch_related("project__coordinators"):
        for step in steps(meeting.project):
            for recipient in _coordinators(meeting.project):
                reminders.schedule(
                    ReminderKind.MINUTES_UNPUBLISHED,
                    meeting,
                    project=meeting.project,
                    step=f"{step}d",
                    due_at=meeting.end + timedelta(days=step),
                    **recipient,
                )


OVERDUE_FOR_DAYS = 7  # an item is reminded once of each, never forever


def schedule_action_item(item, now, steps=None):
    """Schedule an open action item's reminders to its owner: the morning(s) before it is due, and
    once, the morning after, when it is overdue. Idempotent; called when the item is saved and by the
    hourly planner.

    A "before" morning that has passed while the item is not yet due (the item was made that evening,
    or the beat was down) is not lost: the nearest one is sent at once. The steps carry the due date,
    so that a new due date gets reminders of its own; those of an old date or an old owner are
    skipped when due (see `_item_open`).
    """
    if item.status != ActionItemStatus.OPEN or item.due_date is None or item.owner_contact is None:
        return
    today = timezone.localdate(now)
    if item.due_date < today - timedelta(days=OVERDUE_FOR_DAYS):
        return
    if steps is None:
        steps = reminders.steps(ReminderKind.ACTION_ITEM, item.project)
    stamp = f"{item.due_date:%Y%m%d}"
    mornings = {days: morning(item.due_date - timedelta(days=days)) for days in steps}
    ahead = {days: moment for days, moment in mornings.items() if moment > now}
    if not ahead and mornings and today < item.due_date:
        ahead = {min(mornings): now}  # too late for its morning, not too late to be of use
    for days, due_at in ahead.items():
        reminders.schedule(
            ReminderKind.ACTION_ITEM,
            item,
            project=item.project,
            step=f"due-{days}d-{stamp}",
            due_at=due_at,
            **_contact(item.owner_contact),
        )
    reminders.schedule(
        ReminderKind.ACTION_ITEM,
        item,
        project=item.project,
        step=f"overdue-{stamp}",
        due_at=morning(item.due_date + timedelta(days=1)),
        **_contact(item.owner_contact),
    )


def plan_action_items(now):
    today = timezone.localdate(now)
    # Due within the longest step, or overdue within the last week.
    items = (
        ActionItem.objects.open()
        .filter(
            due_date__gte=today - timedelta(days=OVERDUE_FOR_DAYS),
            due_date__lte=today + timedelta(days=_max_days(ReminderKind.ACTION_ITEM)),
        )
        .exclude(owner_contact=None)
    )
    steps = reminders.steps_lookup(ReminderKind.ACTION_ITEM)
    for item in items.select_related("project", "owner_contact"):
        schedule_action_item(item, now, steps=steps(item.project))


def plan_network_meetings(now):
    """One aggregate query over the projects: when did each last hold a meeting?"""
    projects = (
        Project.objects.filter(status=ProjectStatus.ACTIVE, start_date__lte=timezone.localdate(now))
        .annotate(last_held=Max("meetings__end", filter=Q(meetings__status=MeetingStatus.HELD)))
        .prefetch_related("coordinators")
    )
    steps = reminders.steps_lookup(ReminderKind.NO_NETWORK_MEETING)
    for project in projects:
        cadence = max(steps(project), default=settings.MEETING_CADENCE_DAYS)
        since = project.last_held or morning(project.start_date)
        if since + timedelta(days=cadence) <= now + timedelta(days=1):
            for recipient in _coordinators(project):
                reminders.schedule(
                    ReminderKind.NO_NETWORK_MEETING,
                    project,
                    project=project,
                    step=f"since-{since:%Y%m%d}",
                    due_at=max(since + timedelta(days=cadence), now),
                    **recipient,
                )


# --- Still due? and what the e-mail says ----------------------------------------------------


def _invitation_context(invitation, reminder):
    return {
        "invitation": invitation,
        "meeting": invitation.meeting,
        "contact": invitation.contact,
        "url": rsvp_url(invitation),
    }


def _upcoming_ics(invitation, reminder, context):
    organizer = organizer_of(invitation.meeting)
    return [invitation_ics(invitation, language=reminder.language, organizer=organizer, rsvp_url=context["url"])]


def _meeting_planned(invitation, reminder):
    return invitation.meeting.status == MeetingStatus.PLANNED and invitation.meeting.start > timezone.now()


def _invitation_unanswered(target, reminder):
    if isinstance(target, PollInvitee):
        return (
            target.answered_at is None
            and target.poll.status == PollStatus.OPEN
            and target.poll.deadline > timezone.now()
        )
    return target.response == Response.PENDING and _meeting_planned(target, reminder)


def _unanswered_context(target, reminder):
    if isinstance(target, PollInvitee):
        # revoke_previous=False: the link in the poll's own e-mail keeps working.
        return {"poll": target.poll, "contact": target.contact, "url": poll_url(target, revoke_previous=False)}
    return _invitation_context(target, reminder)


def _minutes_unpublished(meeting, reminder):
    published = Minutes.objects.filter(meeting=meeting, status=MinutesStatus.PUBLISHED).exists()
    return meeting.status != MeetingStatus.CANCELLED and not published


def _is_overdue_step(reminder):
    return reminder.step.startswith("overdue")


def _item_open(item, reminder):
    if item.status != ActionItemStatus.OPEN or item.due_date is None:
        return False
    # Scheduled for another due date or another owner: the item has changed since.
    dated = re.search(r"-(\d{8})$", reminder.step)
    if dated and dated.group(1) != f"{item.due_date:%Y%m%d}":
        return False
    if item.owner_contact is None or item.owner_contact.email.lower() != reminder.recipient:
        return False
    return not _is_overdue_step(reminder) or item.due_date < timezone.localdate()


def _no_meeting_since(project, reminder):
    since = reminder.step.removeprefix("since-")
    last = project.meetings.filter(status=MeetingStatus.HELD).aggregate(last=Max("end"))["last"]
    return project.status == ProjectStatus.ACTIVE and (last is None or f"{last:%Y%m%d}" <= since)


def _project_url(name, project):
    return tokens.absolute_url(reverse(name, args=[project.pk]))


def _still_coming(invitation, reminder):
    return invitation.response != Response.NO and _meeting_planned(invitation, reminder)


# --- What each reminder is about, for the Messages page (one query per kind and target model) ---------


def _describe_invitations(rows):
    """A meeting invitation: the meeting and its day; a time poll: the poll and its reply-by day."""
    invitations = reminders.targets(rows, Invitation.objects.select_related("meeting"))
    invitees = reminders.targets(rows, PollInvitee.objects.select_related("poll"))
    texts = {}
    for row in rows:
        invitation = invitations.get(row.target_id) if row.target_type_id == reminders.type_id(Invitation) else None
        invitee = invitees.get(row.target_id) if row.target_type_id == reminders.type_id(PollInvitee) else None
        if invitation is not None:
            texts[row.pk] = gettext("Meeting %(meeting)s on %(date)s") % {
                "meeting": invitation.meeting.title,
                "date": short_date(invitation.meeting.start),
            }
        elif invitee is not None:
            texts[row.pk] = gettext("Time poll %(poll)s, reply by %(date)s") % {
                "poll": invitee.poll.title,
                "date": short_date(invitee.poll.deadline),
            }
    return texts


def _describe_meetings(rows):
    meetings = reminders.targets(rows, Meeting.objects.all())
    return {
        row.pk: gettext("Minutes of %(meeting)s on %(date)s")
        % {"meeting": meetings[row.target_id].title, "date": short_date(meetings[row.target_id].start)}
        for row in rows
        if row.target_id in meetings
    }


def _describe_action_items(rows):
    items = reminders.targets(rows, ActionItem.objects.select_related("meeting"))
    texts = {}
    for row in rows:
        item = items.get(row.target_id)
        if item is None:
            continue
        text = gettext("Action item %(item)s") % {"item": item.title}
        if item.due_date:
            text = gettext("%(text)s, due %(date)s") % {"text": text, "date": short_date(item.due_date)}
        if item.meeting is not None:
            text = gettext("%(text)s (from %(meeting)s)") % {"text": text, "meeting": item.meeting.title}
        texts[row.pk] = text
    return texts


def _describe_no_meeting(rows):
    """No query: the step holds the day of the last meeting held (or the project's start)."""
    texts = {}
    for row in rows:
        try:
            since = datetime.strptime(row.step.removeprefix("since-"), "%Y%m%d").date()
        except ValueError:
            continue
        texts[row.pk] = gettext("No network meeting since %(date)s") % {"date": short_date(since)}
    return texts


# What this app contributes to the reminder engine (declared in its AppConfig's `contributions`).
KINDS = (
    reminders.kind(
        ReminderKind.MEETING_UPCOMING,
        template="emails/reminder_meeting_upcoming",
        still_due=_still_coming,
        context=_invitation_context,
        attachments=_upcoming_ics,
        describe=_describe_invitations,
        default_steps=[7, 1],
    ),
    reminders.kind(
        ReminderKind.INVITATION_UNANSWERED,
        template="emails/reminder_invitation_unanswered",
        still_due=_invitation_unanswered,
        context=_unanswered_context,
        describe=_describe_invitations,
        default_steps=[3],
    ),
    reminders.kind(
        ReminderKind.MINUTES_UNPUBLISHED,
        template="emails/reminder_minutes_unpublished",
        still_due=_minutes_unpublished,
        context=lambda meeting, reminder: {"meeting": meeting, "url": tokens.absolute_url(meeting.get_absolute_url())},
        describe=_describe_meetings,
        default_steps=[3],
    ),
    reminders.kind(
        ReminderKind.ACTION_ITEM,
        template="emails/reminder_action_item",
        still_due=_item_open,
        context=lambda item, reminder: {
            "item": item,
            "overdue": _is_overdue_step(reminder),
            "url": _project_url("meetings:actions", item.project),
        },
        describe=_describe_action_items,
        default_steps=[1],
    ),
    reminders.kind(
        ReminderKind.NO_NETWORK_MEETING,
        template="emails/reminder_no_network_meeting",
        still_due=_no_meeting_since,
        context=lambda project, reminder: {
            "days": (
                timezone.now().date() - datetime.strptime(reminder.step.removeprefix("since-"), "%Y%m%d").date()
            ).days,
            "url": _project_url("meetings:create", project),
        },
        describe=_describe_no_meeting,
        default_steps=lambda: [settings.MEETING_CADENCE_DAYS],
    ),
)
PLANNERS = (
    plan_meeting_invitations,
    plan_poll_answers,
    plan_minutes,
    plan_action_items,
    plan_network_meetings,
)
