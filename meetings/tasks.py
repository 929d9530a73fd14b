"""Meeting e-mails. Each task takes primary keys, makes its own link (the secret never sits in the broker)
and sends at most once per (kind, object, recipient, step): the e-mail's key decides (networkhub.mail.send_once).
Links and calendar files are made only for e-mail that goes out now."""

from datetime import timedelta

from celery import shared_task
from django.urls import reverse
from django.utils import timezone, translation

from networkhub import tokens
from networkhub.celery_tasks import RetryingTask
from networkhub.mail import mail_key, send_once
from networkhub.models import Message, MessageStatus
from partners.models import ContactPerson

from . import calendar
from .models import Invitation, MeetingStatus, Minutes, MinutesCorrection, PollInvitee, TokenPurpose


def rsvp_link_ttl(meeting):
    """Reply links work until a while after the meeting; `services.record_rsvp` decides what they may do."""
    return max(meeting.end - timezone.now(), timedelta(days=1)) + timedelta(days=30)


def organizer_of(meeting):
    return meeting.created_by or meeting.project.coordinators.order_by("pk").first()


def rsvp_url(invitation):
    """A personal reply link. Earlier links keep working: each e-mail's link stays valid."""
    _token, raw = tokens.issue(
        TokenPurpose.RSVP,
        invitation,
        sent_to=invitation.contact.email,
        created_by=invitation.meeting.created_by,
        ttl=rsvp_link_ttl(invitation.meeting),
        single_use=False,
        revoke_previous=False,
    )
    return tokens.absolute_url(reverse("meetings:rsvp", args=[raw]))


def poll_url(invitee, *, revoke_previous=True):
    """A personal link to answer a time poll; it works until a week after the reply deadline."""
    poll = invitee.poll
    _token, raw = tokens.issue(
        TokenPurpose.POLL,
        invitee,
        sent_to=invitee.contact.email,
        created_by=poll.created_by,
        ttl=max(poll.deadline - timezone.now(), timedelta(0)) + timedelta(days=7),
        single_use=False,
        revoke_previous=revoke_previous,
    )
    return tokens.absolute_url(reverse("meetings:poll", args=[raw]))


def invitation_ics(invitation, *, language, organizer, rsvp_url=None, method="REQUEST"):
    """The invitee's .ics attachment, its texts in the invitee's language."""
    meeting = invitation.meeting
    with translation.override(language):
        ics = calendar.invitation_ics(
            invitation,
            invitations=meeting.invitations.select_related("contact"),
            organizer=organizer,
            rsvp_url=rsvp_url,
            method=method,
        )
    return ("cancellation.ics" if method == "CANCEL" else "invitation.ics", ics, "text/calendar")


def _invitation(invitation_id):
    return (
        Invitation.objects.select_related("meeting__project", "meeting__created_by", "contact__organisation")
        .filter(pk=invitation_id)
        .first()
    )


def was_invited_before(meeting, email, sequence):
    """Whether `email` got an invitation to an earlier version (sequence) of the meeting."""
    earlier = [mail_key("meeting_invitation", meeting, email, step) for step in range(sequence)]
    return Message.objects.filter(key__in=earlier, status=MessageStatus.SENT).exists()


@shared_task(base=RetryingTask)
def send_meeting_invitation(invitation_id, sequence):
    """The invitation (or, after a change of time or place, the update) with its METHOD:REQUEST .ics."""
    invitation = _invitation(invitation_id)
    if invitation is None:
        return
    meeting, contact = invitation.meeting, invitation.contact
    if meeting.sequence != sequence or meeting.status != MeetingStatus.PLANNED:
        return  # a later update or a cancellation supersedes this message
    organizer = organizer_of(meeting)

    def context():
        return {
            "contact": contact,
            "meeting": meeting,
            "project": meeting.project,
            "agenda": meeting.agenda_items.select_related("presenter"),
            "organizer": organizer,
            "is_update": was_invited_before(meeting, contact.email, sequence),
            "url": rsvp_url(invitation),
        }

    def attachments(context):
        return [invitation_ics(invitation, language=contact.language, organizer=organizer, rsvp_url=context["url"])]

    send_once(
        mail_key("meeting_invitation", meeting, contact.email, sequence),
        "emails/meeting_invitation",
        to=contact.email,
        language=contact.language,
        context=context,
        attachments=attachments,
        reply_to=organizer.email if organizer else None,
        project=meeting.project,
    )


@shared_task(base=RetryingTask)
def send_meeting_cancellation(invitation_id, sequence):
    """The cancellation with its METHOD:CANCEL .ics (same UID, higher SEQUENCE)."""
    invitation = _invitation(invitation_id)
    if invitation is None:
        return
    meeting, contact = invitation.meeting, invitation.contact
    if meeting.status != MeetingStatus.CANCELLED:
        return
    organizer = organizer_of(meeting)

    def attachments(context):
        return [invitation_ics(invitation, language=contact.language, organizer=organizer, method="CANCEL")]

    send_once(
        mail_key("meeting_cancelled", meeting, contact.email, sequence),
        "emails/meeting_cancelled",
        to=contact.email,
        language=contact.language,
        context={"contact": contact, "meeting": meeting, "project": meeting.project, "organizer": organizer},
        attachments=attachments,
        reply_to=organizer.email if organizer else None,
    )


def _minutes_context(minutes, contact, **extra):
    """What a minutes e-mail shows: the meeting, its agenda notes, decisions and action items."""
    meeting = minutes.meeting
    return {
        "contact": contact,
        "meeting": meeting,
        "project": meeting.project,
        "minutes": minutes,
        "agenda": meeting.agenda_items.select_related("presenter"),
        "decisions": meeting.decisions.all(),
        "actions": meeting.action_items.select_related("owner_organisation", "owner_contact"),
        "url": tokens.absolute_url(meeting.get_absolute_url()),
        **extra,
    }


@shared_task(base=RetryingTask)
def send_minutes_correction(correction_id, contact_id):
    """A correction to published minutes, with its note and the corrected minutes, in the contact's language."""
    correction = MinutesCorrection.objects.select_related("minutes__meeting__project").filter(pk=correction_id).first()
    contact = ContactPerson.objects.select_related("organisation").filter(pk=contact_id).first()
    if correction is None or contact is None:
        return
    send_once(
        mail_key("minutes_correction", correction, contact.email),
        "emails/minutes_correction",
        to=contact.email,
        language=contact.language,
        context=_minutes_context(correction.minutes, contact, correction=correction),
    )


@shared_task(base=RetryingTask)
def send_meeting_minutes(minutes_id, contact_id):
    """Published minutes to one member contact, in their language."""
    minutes = Minutes.objects.select_related("meeting__project").filter(pk=minutes_id).first()
    contact = ContactPerson.objects.select_related("organisation").filter(pk=contact_id).first()
    if minutes is None or contact is None or not minutes.is_published:
        return
    send_once(
        mail_key("meeting_minutes", minutes.meeting, contact.email),
        "emails/meeting_minutes",
        to=contact.email,
        language=contact.language,
        context=_minutes_context(minutes, contact),
    )


@shared_task(base=RetryingTask)
def send_poll_invitation(invitee_id):
    """A personal link to answer a time poll; it works until the reply deadline."""
    invitee = PollInvitee.objects.select_related("poll__project", "poll__created_by", "contact").filter(pk=invitee_id)
    invitee = invitee.first()
    if invitee is None:
        return
    poll, contact = invitee.poll, invitee.contact

    def context():
        return {
            "contact": contact,
            "poll": poll,
            "project": poll.project,
            "slots": poll.slots.select_related("poll"),
            "url": poll_url(invitee),
        }

    send_once(
        mail_key("meeting_poll", poll, contact.email),
        "emails/meeting_poll",
        to=contact.email,
        language=contact.language,
        context=context,
        reply_to=poll.created_by.email if poll.created_by else None,
        project=poll.project,
    )
