"""Read-only views of the meetings data, for pages and later for reports and network health."""

from statistics import median

from django.db.models import Count, Q

from partners.models import Membership

from .models import ActionItem, Attendance, Idea, IdeaStatus, Meeting, MeetingStatus
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
    for membership in Membership.objects.current().filter(project=project).with_organisation():
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


def ideas_summary(project, since):
    """The ideas log at a glance (characteristic 7: new ideas are put to use). Two queries.

    - `by_status`: how many ideas are in each status now, and `total`;
    - `adopted_since`: ideas adopted at or after `since` (a datetime, e.g. twelve months ago);
    - `median_days_to_answer`: for ideas put forward by a member organisation since `since` and answered
      (moved from new for the first time), the median number of days that took; None when there are none;
    - `waiting`: ideas from member organisations still new, unanswered.
    """
    ideas = Idea.objects.filter(project=project)
    counts = ideas.aggregate(
        total=Count("pk"),
        adopted_since=Count("pk", filter=Q(status=IdeaStatus.ADOPTED, status_changed_at__gte=since)),
        waiting=Count(
            "pk",
            filter=Q(status=IdeaStatus.NEW, first_status_change_at=None) & Q(proposed_by_organisation__isnull=False),
        ),
        **{status: Count("pk", filter=Q(status=status)) for status in IdeaStatus.values},
    )
    answered = ideas.filter(
        proposed_by_organisation__isnull=False, created_at__gte=since, first_status_change_at__isnull=False
    ).values_list("created_at", "first_status_change_at")
    days = [(answered_at - created_at).total_seconds() / 86400 for created_at, answered_at in answered]
    return {
        "by_status": {status: counts[status] for status in IdeaStatus.values},
        "total": counts["total"],
        "adopted_since": counts["adopted_since"],
        "median_days_to_answer": round(median(days), 1) if days else None,
        "waiting": counts["waiting"],
    }


def ideas_adopted(project, since, until):
    """Ideas adopted from `since` to before `until` (datetimes), newest first, with the minutes' meeting or the
    review that adopted them: the facts of characteristic 7 as they stood at `until`. One query."""
    return list(
        Idea.objects.filter(
            project=project, status=IdeaStatus.ADOPTED, status_changed_at__gte=since, status_changed_at__lt=until
        )
        .select_related("adopted_decision__meeting", "adopted_review")
        .order_by("-status_changed_at", "-pk")
    )


def idea_answer_days(project, since, until, *, organisations=None):
    """How long member organisations waited for the coordinators' first answer to their ideas (characteristic 5).

    For each idea a member organisation put forward from `since` to before `until` (datetimes): days from the
    idea to its first status change, or, still unanswered at `until`, the days it had waited by then (an
    unanswered idea is not left out, or a silent coordinator would look quick). `organisations` (ids, or a
    values() queryset) keeps the ideas of those organisations only, e.g. the members on a date. One query.
    Returns [(days, answered)] with days as a float.
    """
    rows = Idea.objects.filter(
        project=project, proposed_by_organisation__isnull=False, created_at__gte=since, created_at__lt=until
    )
    if organisations is not None:
        rows = rows.filter(proposed_by_organisation__in=organisations)
    result = []
    for created_at, answered_at in rows.values_list("created_at", "first_status_change_at"):
        answered = answered_at is not None and answered_at < until
        result.append((((answered_at if answered else until) - created_at).total_seconds() / 86400, answered))
    return result
