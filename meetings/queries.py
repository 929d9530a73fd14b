"""Read-only views of the meetings data, for pages and later for reports and network health."""

from django.db.models import Count, Q

from partners.queries import current_members

from .models import ActionItem, Attendance, Meeting, MeetingStatus
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
