"""The weekly quiet-partner digest (characteristic 10: partners kept involved).

It spans apps: a member's activity is attendance and answers (meetings) as well as signatures and
rules accepted (commitments), so it lives here, above both.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import RulesAcceptance, Signature
from meetings.models import Attendance, AttendanceStatus, Invitation, Meeting, MeetingStatus, PollInvitee
from networkhub import reminders, tokens
from partners.models import Membership
from projects.models import Project, ProjectStatus

QUIET_MEETINGS = 2


class ReminderKind(models.TextChoices):
    QUIET_PARTNERS = "quiet_partners", _("Quiet partners (weekly digest)")


def _morning(day):
    return timezone.make_aware(datetime.combine(day, time(settings.REMINDER_HOUR)))


def _coordinators(project):
    return [
        {"recipient": email, "recipient_name": name, "language": language}
        for email, name, language in reminders.coordinator_recipients(project)
    ]


@reminders.planner
def plan_quiet_partner_digest(now):
    year, week, _weekday = timezone.localdate(now).isocalendar()
    monday = _morning(timezone.localdate(now) - timedelta(days=timezone.localdate(now).weekday()))
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


def quiet_members(project, now=None):
    """Current members absent from the last two held meetings, or with no activity for 120 days.

    Activity is anything a member's contacts did in the project: attended, answered an invitation
    or a time poll, signed its letter or accepted the rules. New members are not quiet.
    """
    now = now or timezone.now()
    idle_days = max(reminders.steps(ReminderKind.QUIET_PARTNERS, project), default=120)
    since = now - timedelta(days=idle_days)
    organisation = OuterRef("organisation_id")
    active = (
        Exists(
            Attendance.objects.filter(
                meeting__project=project,
                meeting__end__gte=since,
                contact__organisation_id=organisation,
                status__in=[AttendanceStatus.PRESENT, AttendanceStatus.PROXY],
            )
        )
        | Exists(
            Invitation.objects.filter(
                meeting__project=project, answered_at__gte=since, contact__organisation_id=organisation
            )
        )
        | Exists(
            PollInvitee.objects.filter(
                poll__project=project, answered_at__gte=since, contact__organisation_id=organisation
            )
        )
        | Exists(Signature.objects.filter(request__version__letter__membership_id=OuterRef("pk"), signed_at__gte=since))
        | Exists(RulesAcceptance.objects.filter(membership_id=OuterRef("pk"), accepted_at__gte=since))
    )
    idle = Q(joined_on__lt=timezone.localdate(since)) & ~Q(active)
    last = list(
        Meeting.objects.filter(project=project, status=MeetingStatus.HELD)
        .order_by("-start")
        .values_list("pk", flat=True)[:QUIET_MEETINGS]
    )
    absent = Q(pk__in=[])
    if len(last) == QUIET_MEETINGS:
        present = Attendance.objects.filter(
            meeting_id__in=last, status__in=[AttendanceStatus.PRESENT, AttendanceStatus.PROXY]
        ).values("contact__organisation_id")
        absent = ~Q(organisation_id__in=present)
    return list(Membership.objects.current().filter(project=project).filter(absent | idle).with_organisation())


reminders.register(
    ReminderKind.QUIET_PARTNERS,
    template="emails/reminder_quiet_partners",
    still_due=lambda project, reminder: project.status == ProjectStatus.ACTIVE and bool(quiet_members(project)),
    context=lambda project, reminder: {
        "quiet": quiet_members(project),
        "url": tokens.absolute_url(reverse("partners:list", args=[project.pk])),
    },
    default_steps=[120],
)
