"""Read-only views of the meetings data, for pages and later for reports and network health."""

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

from partners.queries import current_members

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    MeetingStatus,
    PollInvitee,
    PollStatus,
    Response,
)
from .models.meetings import ATTENDED


def attendance_by_organisation(project):
    """Per current member organisation: held meetings it was on the register for, and how many it attended
    (someone present or represented by proxy). Two queries, whatever the number of meetings."""
    rows = (
        Attendance.objects.filter(meeting__project=project, meeting__status=MeetingStatus.HELD)
        .values("contact__organisation_id", "meeting_id")
        .annotate(attended=Count("pk", filter=Q(status__in=ATTENDED)))
        .order_by()
    )
    expected, attended = {}, {}
    for row in rows:
        organisation = row["contact__organisation_id"]
        expected[organisation] = expected.get(organisation, 0) + 1
        attended[organisation] = attended.get(organisation, 0) + (1 if row["attended"] else 0)
    result = []
    for membership in current_members(project).with_organisation():
        organisation = membership.organisation
        meetings = expected.get(organisation.pk, 0)
        result.append(
            {
                "organisation": organisation,
                "meetings": meetings,
                "attended": attended.get(organisation.pk, 0),
                "rate": round(100 * attended.get(organisation.pk, 0) / meetings) if meetings else None,
            }
        )
    return result


def previous_open_action_items(meeting):
    """Open action items of the last held meeting before this one: they belong on this agenda."""
    previous = (
        Meeting.objects.filter(project_id=meeting.project_id, status=MeetingStatus.HELD, start__lt=meeting.start)
        .order_by("-start")
        .values("pk")[:1]
    )
    return (
        ActionItem.objects.open()
        .filter(meeting__in=previous)
        .select_related("owner_organisation", "owner_contact", "meeting")
        .order_by("due_date", "pk")
    )


def unanswered_invitations_of(user, projects):
    """The user's meeting invitations still unanswered, in the given projects, for meetings to come."""
    return (
        Invitation.objects.filter(contact__user=user, response=Response.PENDING)
        .filter(meeting__project__in=projects, meeting__status=MeetingStatus.PLANNED, meeting__start__gt=timezone.now())
        .select_related("meeting__project")
        .order_by("meeting__start", "pk")
    )


def unanswered_polls_of(user, projects):
    """The user's time polls still unanswered, in the given projects, while they are open."""
    return (
        PollInvitee.objects.filter(contact__user=user, answered_at__isnull=True)
        .filter(poll__project__in=projects, poll__status=PollStatus.OPEN, poll__deadline__gt=timezone.now())
        .select_related("poll__project")
        .order_by("poll__deadline", "pk")
    )


def open_action_items_of(user, projects):
    """The open action items the user's contact owns, in the given projects."""
    return (
        ActionItem.objects.open()
        .filter(owner_contact__user=user, project__in=projects)
        .select_related("project")
        .order_by("due_date", "pk")
    )


def unanswered_invitations_within(projects, *, now, days):
    """Invitations nobody has answered to the projects' planned meetings in the next `days` days."""
    return Invitation.objects.filter(
        meeting__project__in=projects,
        meeting__status=MeetingStatus.PLANNED,
        meeting__start__gt=now,
        meeting__start__lte=now + timedelta(days=days),
        response=Response.PENDING,
    )


def overdue_action_items(projects, today):
    """The projects' action items past their due date and not done."""
    return ActionItem.objects.overdue(today).filter(project__in=projects)


def next_meeting(project):
    """The project's next upcoming (planned, not yet ended) meeting, or None."""
    return Meeting.objects.filter(project=project).upcoming().first()


def agenda_item(pk):
    """An agenda item with its meeting, or None when it is gone."""
    return AgendaItem.objects.select_related("meeting").filter(pk=pk).first()


def decisions_of(project_id):
    """The decisions of the project's meetings, latest meeting first."""
    return (
        Decision.objects.filter(meeting__project_id=project_id)
        .select_related("meeting")
        .order_by("-meeting__start", "order", "pk")
    )


def decision_with_text(project, text):
    """The project's meeting decision worded exactly so, or None (the demo finds its own decisions so)."""
    return Decision.objects.filter(meeting__project=project, text=text).first()


def meeting_titles_and_starts(project):
    """{(lower-case title, start)} of the project's meetings: how an import recognises a meeting it already has."""
    return set(Meeting.objects.filter(project=project).values_list(Lower("title"), "start"))
