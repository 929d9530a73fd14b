"""Who is quiet in a network (characteristic 10: partners kept involved).

Activity spans apps: attendance and answers (meetings) as well as signatures and rules accepted
(commitments). The panel's item 10 and the weekly quiet-partner digest (home.reminders) both ask here.
"""

from collections import defaultdict
from datetime import timedelta

from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import RulesAcceptance, Signature
from meetings.models import Attendance, AttendanceStatus, Invitation, Meeting, MeetingStatus, PollInvitee
from meetings.models.meetings import ATTENDED
from networkhub import reminders
from outreach.queries import reached_between
from partners.queries import current_memberships
from results.models import Contribution

QUIET_MEETINGS = 2
DEFAULT_IDLE_DAYS = 120  # the digest's default days (home.reminders declares the kind with them)


class ReminderKind(models.TextChoices):
    """The digest's reminder kind; its days are the idle period, which projects can tune."""

    QUIET_PARTNERS = "quiet_partners", _("Quiet partners (weekly digest)")


def idle_days(project):
    return max(reminders.steps(ReminderKind.QUIET_PARTNERS, project), default=DEFAULT_IDLE_DAYS)


def meeting_register(meetings):
    """Who was expected at `meetings` and who came, per organisation, in one query.

    An organisation is expected at a meeting when one of its contact persons was invited to it or is on its
    attendance register; it attended when one of them was present or represented by proxy. An organisation
    never invited to a meeting is neither present nor absent for it. Returns two dicts, organisation pk ->
    set of meeting pks: (invited, attended).
    """
    invited, attended = defaultdict(set), defaultdict(set)
    invitations = (
        Invitation.objects.filter(meeting__in=meetings)
        .annotate(kind=Value("", output_field=models.CharField()))
        .values_list("contact__organisation_id", "meeting_id", "kind")
        .order_by()  # SQLite refuses a compound statement whose parts keep the models' ordering
    )
    register = (
        Attendance.objects.filter(meeting__in=meetings)
        .values_list("contact__organisation_id", "meeting_id", "status")
        .order_by()
    )
    for organisation, meeting, status in invitations.union(register, all=True):
        invited[organisation].add(meeting)
        if status in ATTENDED:
            attended[organisation].add(meeting)
    return dict(invited), dict(attended)


def quiet_members(project, now=None, *, days=None):
    """Current members absent from the last two held meetings, or with no activity for 120 days.

    Absent means invited to each of the last two meetings and at neither: a member not invited to one of them
    is neither present nor absent for it, so its absence alone does not make it quiet (`meeting_register`).

    Activity is anything a member's contacts did in the project: attended, answered an invitation
    or a time poll, signed its letter or accepted the rules. New members are not quiet, nor is a member with a
    contribution (`results.Contribution`) recorded for it in the idle period, nor one the network reached
    in the idle period (the motivation log, `outreach/`: a contact recorded or an announcement sent), which
    only ever takes a member off the list (docs/health.md, item 10). With `now`
    in the past, the answer is as it was then: later activity and meetings do not count. `days`,
    the idle period, defaults to the project's setting for the digest (`idle_days`).
    """
    now = now or timezone.now()
    days = days or idle_days(project)
    last = list(
        Meeting.objects.filter(project=project, status=MeetingStatus.HELD, start__lt=now).order_by("-start")[
            :QUIET_MEETINGS
        ]
    )
    return quiet_among(candidates([project.pk], now, days).get(project.pk, []), last, *meeting_register(last))


def quiet_among(members, last, invited, attended):
    """The quiet members among `candidates` (one project's), given its last two held meetings and their register
    (`meeting_register`): absent from both, or idle, and neither reached nor with a contribution in the period."""

    def absent(membership):
        organisation = membership.organisation_id
        expected = invited.get(organisation, set())
        return (
            len(last) == QUIET_MEETINGS
            and not attended.get(organisation)
            and all(meeting.pk in expected for meeting in last)
        )

    return [m for m in members if (m.is_idle or absent(m)) and not m.is_excused]


def candidates(project_pks, now, days):
    """{project pk: [Membership]}: the current members before `now` (lead first, then by name), each with
    `is_idle` (joined before the idle period of `days` days and no activity in it) and `is_excused` (reached or
    with a contribution in the period), for `quiet_among`. One query."""
    since = now - timedelta(days=days)
    organisation = OuterRef("organisation_id")
    project = OuterRef("project_id")
    active = (
        Exists(
            Attendance.objects.filter(
                meeting__project=project,
                meeting__end__gte=since,
                meeting__start__lt=now,
                contact__organisation_id=organisation,
                status__in=[AttendanceStatus.PRESENT, AttendanceStatus.PROXY],
            )
        )
        | Exists(
            Invitation.objects.filter(
                meeting__project=project,
                answered_at__gte=since,
                answered_at__lt=now,
                contact__organisation_id=organisation,
            )
        )
        | Exists(
            PollInvitee.objects.filter(
                poll__project=project,
                answered_at__gte=since,
                answered_at__lt=now,
                contact__organisation_id=organisation,
            )
        )
        | Exists(
            Signature.objects.filter(
                request__version__letter__membership_id=OuterRef("pk"), signed_at__gte=since, signed_at__lt=now
            )
        )
        | Exists(
            RulesAcceptance.objects.filter(membership_id=OuterRef("pk"), accepted_at__gte=since, accepted_at__lt=now)
        )
    )
    idle = Q(joined_on__lt=timezone.localdate(since)) & ~Q(active)
    # Dates: reached on the idle period's first day up to the day before `now` (as `as_of` below).
    reached = Q(
        organisation_id__in=reached_between(
            project, timezone.localdate(since), timezone.localdate(now - timedelta(microseconds=1)) + timedelta(days=1)
        )
    )
    # A contribution recorded for the member, dated in the period: involvement (docs/health.md, item 10), which like
    # being reached only ever takes a member off the list.
    contributed = Q(
        organisation_id__in=Contribution.objects.filter(
            project=project,
            recorded_for__isnull=False,
            date__gte=timezone.localdate(since),
            date__lte=timezone.localdate(now - timedelta(microseconds=1)),
        ).values("recorded_for_id")
    )
    as_of = timezone.localdate(now - timedelta(microseconds=1))  # `now` itself is excluded
    members = (
        current_memberships(as_of)
        .filter(project__in=project_pks)
        .annotate(
            is_idle=ExpressionWrapper(idle, output_field=models.BooleanField()),
            is_excused=ExpressionWrapper(reached | contributed, output_field=models.BooleanField()),
        )
        .with_organisation()
    )
    found = {}
    for membership in members:
        found.setdefault(membership.project_id, []).append(membership)
    return found
