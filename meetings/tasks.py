"""Meeting e-mails. Each task takes primary keys, makes its own link (the secret never sits in the broker)
and sends at most once per (kind, object, recipient, step): the MailLog's unique constraint decides."""

from contextlib import contextmanager
from datetime import timedelta

from celery import shared_task
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from networkhub import tokens
from networkhub.mail import send_templated_mail
from partners.models import ContactPerson

from . import calendar
from .models import Invitation, MailLog, MeetingStatus, Minutes, PollInvitee, TokenPurpose

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@contextmanager
def _once(kind, target, recipient, step=0):
    """Yield True if this mail has not been sent yet (and claim it); a failed send releases the claim."""
    try:
        with transaction.atomic():
            entry = MailLog.objects.create(kind=kind, target=target, recipient=recipient.lower(), step=step)
    except IntegrityError:
        yield False
        return
    try:
        yield True
    except BaseException:
        entry.delete()
        raise


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
    return tokens.absolute_url(reverse("meeting_links:rsvp", args=[raw]))


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
    return tokens.absolute_url(reverse("meeting_links:poll", args=[raw]))


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


@shared_task(**RETRY)
def send_meeting_invitation(invitation_id, sequence):
    """The invitation (or, after a change of time or place, the update) with its METHOD:REQUEST .ics."""
    invitation = _invitation(invitation_id)
    if invitation is None:
        return
    meeting, contact = invitation.meeting, invitation.contact
    if meeting.sequence != sequence or meeting.status != MeetingStatus.PLANNED:
        return  # a later update or a cancellation supersedes this message
    target = f"meeting:{meeting.pk}"
    with _once("meeting_invitation", target, contact.email, sequence) as fresh:
        if not fresh:
            return
        is_update = MailLog.objects.filter(
            kind="meeting_invitation", target=target, recipient=contact.email.lower(), step__lt=sequence
        ).exists()
        url = rsvp_url(invitation)
        organizer = organizer_of(meeting)
        ics = invitation_ics(invitation, language=contact.language, organizer=organizer, rsvp_url=url)
        send_templated_mail(
            "emails/meeting_invitation",
            to=contact.email,
            language=contact.language,
            context={
                "contact": contact,
                "meeting": meeting,
                "project": meeting.project,
                "agenda": meeting.agenda_items.select_related("presenter"),
                "organizer": organizer,
                "is_update": is_update,
                "url": url,
            },
            attachments=[ics],
            reply_to=organizer.email if organizer else None,
        )


@shared_task(**RETRY)
def send_meeting_cancellation(invitation_id, sequence):
    """The cancellation with its METHOD:CANCEL .ics (same UID, higher SEQUENCE)."""
    invitation = _invitation(invitation_id)
    if invitation is None:
        return
    meeting, contact = invitation.meeting, invitation.contact
    if meeting.status != MeetingStatus.CANCELLED:
        return
    with _once("meeting_cancellation", f"meeting:{meeting.pk}", contact.email, sequence) as fresh:
        if not fresh:
            return
        organizer = organizer_of(meeting)
        ics = invitation_ics(invitation, language=contact.language, organizer=organizer, method="CANCEL")
        send_templated_mail(
            "emails/meeting_cancelled",
            to=contact.email,
            language=contact.language,
            context={"contact": contact, "meeting": meeting, "project": meeting.project, "organizer": organizer},
            attachments=[ics],
            reply_to=organizer.email if organizer else None,
        )


@shared_task(**RETRY)
def send_meeting_minutes(minutes_id, contact_id):
    """Published minutes to one member contact, in their language."""
    minutes = Minutes.objects.select_related("meeting__project").filter(pk=minutes_id).first()
    contact = ContactPerson.objects.select_related("organisation").filter(pk=contact_id).first()
    if minutes is None or contact is None or not minutes.is_published:
        return
    meeting = minutes.meeting
    with _once("meeting_minutes", f"meeting:{meeting.pk}", contact.email) as fresh:
        if not fresh:
            return
        send_templated_mail(
            "emails/meeting_minutes",
            to=contact.email,
            language=contact.language,
            context={
                "contact": contact,
                "meeting": meeting,
                "project": meeting.project,
                "minutes": minutes,
                "agenda": meeting.agenda_items.select_related("presenter"),
                "decisions": meeting.decisions.all(),
                "actions": meeting.action_items.select_related("owner_organisation", "owner_contact"),
                "url": tokens.absolute_url(meeting.get_absolute_url()),
            },
        )


@shared_task(**RETRY)
def send_poll_invitation(invitee_id):
    """A personal link to answer a time poll; it works until the reply deadline."""
    invitee = PollInvitee.objects.select_related("poll__project", "poll__created_by", "contact").filter(pk=invitee_id)
    invitee = invitee.first()
    if invitee is None:
        return
    poll, contact = invitee.poll, invitee.contact
    with _once("poll_invitation", f"poll:{poll.pk}", contact.email) as fresh:
        if not fresh:
            return
        send_templated_mail(
            "emails/meeting_poll",
            to=contact.email,
            language=contact.language,
            context={
                "contact": contact,
                "poll": poll,
                "project": poll.project,
                "slots": poll.slots.select_related("poll"),
                "url": poll_url(invitee),
            },
            reply_to=poll.created_by.email if poll.created_by else None,
        )
