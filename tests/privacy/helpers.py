"""A person's footprint across every app, for the export and erasure tests."""

from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt
from django.utils import timezone

from meetings.models import Attendance, AttendanceStatus, Decision, Minutes, PollAnswer, Response
from networkhub import audit, tokens
from networkhub.models import Message, MessageStatus, Reminder, Role, SecurityEventKind
from networkhub.security import record_security_event
from partners.models import TokenPurpose
from pulse.models import PulseRecipient, PulseRound
from tests.factories import UserFactory
from tests.goals.factories import IdeaFactory
from tests.meetings.factories import (
    ActionItemFactory,
    HeldMeetingFactory,
    InvitationFactory,
    PollInviteeFactory,
    PollSlotFactory,
)

PHONE = "+358 40 123 4567"


def phone(contact):
    """A phone number of each contact's own."""
    return f"+358 40 765 {contact.pk:04d}"


@dataclass
class Footprint:
    user: object
    contact: object
    meeting: object
    message: object


def proxy(contact):
    """The name of a contact's proxy, different for each contact."""
    return f"Sakari Sijainen-{contact.pk}"


def administrator(email="admin@example.org"):
    return UserFactory(email=email, full_name="Aino Ylläpitäjä", role=Role.ADMINISTRATOR)


def leave_footprint(project, user, contact):
    """Rows in every app that hold the person's name, e-mail address or phone number."""
    name, email = contact.name, contact.email
    contact.phone, contact.title = phone(contact), "Rehtori"
    contact.save()
    meeting = HeldMeetingFactory(project=project, description=f"Esittelijänä {name}.")
    InvitationFactory(
        meeting=meeting,
        contact=contact,
        response=Response.PROXY,
        proxy_name=proxy(contact),
        answered_at=timezone.now(),
    )
    Attendance.objects.create(
        meeting=meeting, contact=contact, status=AttendanceStatus.PROXY, proxy_name=f"S. {proxy(contact)}"
    )
    Minutes.objects.create(meeting=meeting, summary=f"{name} ({email}) esitteli tulokset.")
    Decision.objects.create(meeting=meeting, text=f"{name} valmistelee hakemuksen.")
    ActionItemFactory(meeting=meeting, project=project, owner_contact=contact, owner_organisation=contact.organisation)
    IdeaFactory(project=project, proposed_by_contact=contact, proposed_by_organisation=contact.organisation)
    slot = PollSlotFactory(poll__project=project)
    invitee = PollInviteeFactory(poll=slot.poll, contact=contact)
    PollAnswer.objects.create(slot=slot, invitee=invitee, answer="yes", comment=f"Sopii hyvin, {proxy(contact)}")
    today = timezone.localdate()
    pulse_round, _created = PulseRound.objects.get_or_create(
        project=project, quarter=today.replace(day=1), defaults={"opened_on": today, "closes_on": today}
    )
    PulseRecipient.objects.create(round=pulse_round, contact=contact, answered=True)
    message = Message.objects.create(
        project=project,
        kind="invitation",
        recipient=email,
        language="fi",
        subject=f"Tervetuloa, {name}",
        status=MessageStatus.SENT,
        key=f"invitation:contact:{contact.pk}:{email}:0",
    )
    Reminder.objects.create(
        kind="meeting_upcoming",
        project=project,
        target=meeting,
        recipient=email,
        recipient_name=name,
        step="1",
        due_at=timezone.now() + timedelta(days=1),
    )
    Message.objects.create(
        project=project,
        kind="letter_signed",
        recipient=project.coordinators.first().email,
        language="fi",
        subject=f"{name} allekirjoitti sitoumuksen",
        status=MessageStatus.SENT,
        key=f"letter_signed:{contact.pk}",
    )
    tokens.issue(TokenPurpose.INVITATION, contact, sent_to=email)
    record_security_event(SecurityEventKind.SIGNED_IN, user=user)
    record_security_event(SecurityEventKind.SIGN_IN_FAILED, identifier=email)
    record_security_event(SecurityEventKind.CONTACT_DETAILS_CHANGED, identifier="admin", old_email=email)
    audit.record("contact.invited", project=project, target=contact, email=email)
    AccessAttempt.objects.create(
        username=email,
        ip_address="192.0.2.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/",
        failures_since_start=1,
    )
    return Footprint(user=user, contact=contact, meeting=meeting, message=message)
