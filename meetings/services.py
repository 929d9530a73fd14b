"""Meeting transitions. One function per change; each checks the rules, saves and records an audit event.

E-mails go out through Celery tasks queued on commit; the tasks build the calendar files and links.
Time polls are in `meetings.polls`.
"""

from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import audit, outbox, tokens
from networkhub.errors import ServiceError
from partners.models import ContactPerson
from partners.queries import current_members

from . import reminders, tasks
from .models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceStatus,
    Decision,
    Invitation,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesCorrection,
    MinutesStatus,
    Response,
    TokenPurpose,
)


class MeetingError(ServiceError):
    """A meeting, minutes or poll change was refused."""


def member_contacts(project):
    """Contact persons of the project's current member organisations (`partners.queries.current_members`: an
    organisation only invited to the project is not one yet) whom the project sees
    (`ContactPerson.objects.visible_to`): invitations, polls and minutes go to no one else."""
    organisations = current_members(project).values("organisation_id")
    return (
        ContactPerson.objects.visible_to(project)
        .filter(organisation_id__in=organisations)
        .select_related("organisation")
    )


def check_member_contacts(project, contacts):
    """Refuse (MeetingError) any contact outside `member_contacts(project)`: the forms offer no others, and a
    service called from elsewhere must not reach a contact the project does not see either."""
    pks = {contact.pk for contact in contacts}
    if pks and member_contacts(project).filter(pk__in=pks).count() != len(pks):
        raise MeetingError(_("Choose the people among the project's member contacts."), field="contacts")


def _locked(meeting):
    return Meeting.objects.select_for_update().select_related("project").get(pk=meeting.pk)


@transaction.atomic
def schedule_meeting(meeting, *, actor):
    meeting.created_by = meeting.created_by or actor
    meeting.full_clean()
    meeting.save()
    audit.record(
        "meeting.scheduled", actor=actor, project=meeting.project, target=meeting, start=meeting.start.isoformat()
    )
    return meeting


@transaction.atomic
def update_meeting(meeting, *, actor):
    """Save edits. A change of time or place raises SEQUENCE and re-sends the invitation to every invitee."""
    before = _locked(meeting)
    if before.status == MeetingStatus.CANCELLED:
        raise MeetingError(_("A cancelled meeting cannot be changed."))
    meeting.status, meeting.sequence = before.status, before.sequence
    changed = [name for name in Meeting.TIME_AND_PLACE if getattr(before, name) != getattr(meeting, name)]
    resend = bool(changed) and before.status == MeetingStatus.PLANNED
    if resend:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    audit.record(
        "meeting.updated",
        actor=actor,
        project=meeting.project,
        target=meeting,
        time_or_place=changed,
        sequence=meeting.sequence,
    )
    if resend:
        for invitation_id in meeting.invitations.values_list("pk", flat=True):
            outbox.enqueue(
                tasks.send_meeting_invitation,
                invitation_id,
                meeting.sequence,
                project=meeting.project,
                kind="meeting_invitation",
            )
    return meeting, resend


@transaction.atomic
def invite(meeting, contacts, *, actor):
    """Invite contact persons (once each) and e-mail them the invitation with its .ics."""
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.PLANNED or meeting.has_ended:
        raise MeetingError(_("Invitations can be sent only for a planned meeting that has not ended."))
    check_member_contacts(meeting.project, contacts)
    invited = set(meeting.invitations.values_list("contact_id", flat=True))
    created = [
        Invitation.objects.create(meeting=meeting, contact=contact, invited_by=actor)
        for contact in contacts
        if contact.pk not in invited
    ]
    if created:
        audit.record(
            "meeting.invited",
            actor=actor,
            project=meeting.project,
            target=meeting,
            contacts=[invitation.contact_id for invitation in created],
        )
    for invitation in created:
        outbox.enqueue(
            tasks.send_meeting_invitation,
            invitation.pk,
            meeting.sequence,
            project=meeting.project,
            kind="meeting_invitation",
        )
    return created


@transaction.atomic
def save_agenda(meeting, formset, *, actor):
    items = formset.save()
    audit.record("meeting.agenda_saved", actor=actor, project=meeting.project, target=meeting, items=len(items))
    return items


@transaction.atomic
def append_agenda_item(meeting, title, *, actor):
    """Add one item at the end of the meeting's agenda (another feature's offer, e.g. the pulse's results)."""
    last = meeting.agenda_items.order_by("-order").values_list("order", flat=True).first()
    item = AgendaItem.objects.create(meeting=meeting, order=(last or 0) + 1, title=title[:300])
    audit.record("meeting.agenda_item_added", actor=actor, project=meeting.project, target=meeting, item=item.pk)
    return item


@transaction.atomic
def add_attachment(meeting, upload, *, content_type, actor):
    """Store a file that `attachments.check_upload` accepted."""
    attachment = Attachment(
        meeting=meeting,
        original_name=PurePath(upload.name).name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    audit.record(
        "meeting.attachment_added",
        actor=actor,
        project=meeting.project,
        target=meeting,
        file=attachment.original_name,
        size=attachment.size,
    )
    return attachment


@transaction.atomic
def delete_attachment(attachment, *, actor):
    meeting = attachment.meeting
    name = attachment.original_name
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    audit.record("meeting.attachment_deleted", actor=actor, project=meeting.project, target=meeting, file=name)


@transaction.atomic
def cancel_meeting(meeting, *, actor, reason=""):
    """Cancel a planned meeting; every invitee gets a METHOD:CANCEL with a higher SEQUENCE."""
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise MeetingError(_("Only a planned meeting can be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancellation_reason = reason.strip()
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancellation_reason", "sequence"])
    audit.record("meeting.cancelled", actor=actor, project=meeting.project, target=meeting, reason=reason.strip())
    for invitation_id in meeting.invitations.values_list("pk", flat=True):
        outbox.enqueue(
            tasks.send_meeting_cancellation,
            invitation_id,
            meeting.sequence,
            project=meeting.project,
            kind="meeting_cancelled",
        )
    return meeting


@transaction.atomic
def mark_held(meeting, *, actor):
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise MeetingError(_("Only a planned meeting can be marked as held."))
    if not meeting.has_started:
        raise MeetingError(_("The meeting has not started yet."))
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    audit.record("meeting.held", actor=actor, project=meeting.project, target=meeting)
    return meeting


@transaction.atomic
def record_past_meeting(project, details, attendance, *, actor):
    """Bring in a meeting held before networkhub was used: `details` are the meeting's fields (title, meeting_type,
    start, end, location); saved as held, each person in `attendance` ((contact, status, proxy_name)) invited
    without an e-mail (the meeting is over) and their attendance recorded."""
    meeting = Meeting(project=project, **details)
    if meeting.end > timezone.now():
        raise MeetingError(_("Only a meeting that has ended can be recorded as held."), field="end")
    check_member_contacts(meeting.project, [contact for contact, _status, _proxy in attendance])
    meeting.status = MeetingStatus.HELD
    meeting.created_by = actor
    meeting.full_clean()
    meeting.save()
    for contact, status, proxy_name in attendance:
        Invitation.objects.create(meeting=meeting, contact=contact, invited_by=actor)
        record = Attendance(
            meeting=meeting,
            contact=contact,
            status=status,
            proxy_name=proxy_name.strip() if status == AttendanceStatus.PROXY else "",
            recorded_by=actor,
        )
        record.full_clean()
        record.save()
    counts = {}
    for _contact, status, _proxy in attendance:
        counts[status] = counts.get(status, 0) + 1
    audit.record(
        "meeting.imported",
        actor=actor,
        project=meeting.project,
        target=meeting,
        start=meeting.start.isoformat(),
        **counts,
    )
    return meeting


@transaction.atomic
def record_rsvp(invitation, *, response, proxy_name="", comment="", actor=None):
    """An invitee's reply, by e-mailed link or signed in. It can change until the meeting starts."""
    invitation = Invitation.objects.select_for_update().select_related("meeting__project").get(pk=invitation.pk)
    meeting = invitation.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError(_("This meeting has been cancelled, so replies are no longer recorded."))
    if meeting.status == MeetingStatus.HELD or meeting.has_started:
        raise MeetingError(_("This meeting has already started, so replies can no longer be changed."))
    if response not in (Response.YES, Response.NO, Response.MAYBE, Response.PROXY):
        raise MeetingError(_("Choose your reply."), field="response")
    if response == Response.PROXY and not proxy_name.strip():
        raise MeetingError(_("Give the name of the person who attends in your place."), field="proxy_name")
    invitation.response = response
    invitation.proxy_name = proxy_name.strip() if response == Response.PROXY else ""
    invitation.comment = comment.strip()
    invitation.answered_at = timezone.now()
    invitation.full_clean()
    invitation.save()
    audit.record(
        "meeting.rsvp",
        actor=actor,
        project=meeting.project,
        target=invitation,
        response=response,
        proxy_name=invitation.proxy_name,
    )
    return invitation


@transaction.atomic
def record_attendance(meeting, entries, *, actor):
    """`entries`: (contact, status, proxy_name); an empty status removes that person's record."""
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise MeetingError(_("Mark the meeting as held before recording attendance."))
    now = timezone.now()
    for contact, status, proxy_name in entries:
        if not status:
            Attendance.objects.filter(meeting=meeting, contact=contact).delete()
            continue
        record = Attendance.objects.filter(meeting=meeting, contact=contact).first() or Attendance(
            meeting=meeting, contact=contact
        )
        record.status = status
        record.proxy_name = proxy_name.strip() if status == AttendanceStatus.PROXY else ""
        record.recorded_by, record.recorded_at = actor, now
        record.full_clean()
        record.save()
    counts = dict(
        meeting.attendance.order_by().values_list("status").annotate(count=Count("pk")).values_list("status", "count")
    )
    audit.record("meeting.attendance_recorded", actor=actor, project=meeting.project, target=meeting, **counts)


@transaction.atomic
def save_minutes(meeting, *, summary, notes, decisions, actions, actor, correction_note=""):
    """Save the minutes as a draft, or correct published minutes: summary, notes per item, decisions, actions.

    A change to published minutes is a correction: it needs a note, keeps the text it replaces,
    and is e-mailed to the members; the publication date stays.
    """
    meeting = _locked(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError(_("A cancelled meeting has no minutes."))
    removed = [form.instance.pk for form in decisions.deleted_forms if form.instance.pk]
    # An adopted idea (the goals app, above this one) protects the decision that adopted it.
    if Decision.objects.filter(pk__in=removed, adopted_ideas__isnull=False).exists():
        raise MeetingError(_("A decision that adopted an idea cannot be removed; edit its text instead."))
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    correction = None
    if minutes.is_published:
        correction_note = correction_note.strip()
        if not correction_note:
            raise MeetingError(_("Say what you corrected: the members are told of every change."))
        correction = MinutesCorrection.objects.create(
            minutes=minutes,
            number=minutes.corrections.count() + 1,
            note=correction_note,
            corrected_by=actor,
            previous_summary=minutes.summary,
            previous_decisions=list(meeting.decisions.values_list("text", flat=True)),
        )
    minutes.summary = summary
    minutes.updated_at = timezone.now()
    minutes.save()
    notes.save()
    for order, decision in enumerate(decisions.save(commit=False)):
        decision.order = order
        decision.save()
    for decision in decisions.deleted_objects:
        decision.delete()
    now = timezone.now()
    for action in actions.save(commit=False):
        action.project = meeting.project
        action.full_clean()
        action.save()
        # New, or its due date or owner may have changed: the hourly planner may be too late for "due tomorrow".
        reminders.schedule_action_item(action, now)
    for action in actions.deleted_objects:
        action.delete()
    audit.record("minutes.saved", actor=actor, project=meeting.project, target=minutes, status=minutes.status)
    if correction is not None:
        recipients = list(minutes_recipients(meeting.project).values_list("pk", flat=True))
        audit.record(
            "minutes.corrected",
            actor=actor,
            project=meeting.project,
            target=minutes,
            number=correction.number,
            recipients=len(recipients),
        )
        for contact_id in recipients:
            outbox.enqueue(
                tasks.send_minutes_correction,
                correction.pk,
                contact_id,
                project=meeting.project,
                kind="minutes_correction",
            )
    return minutes


def minutes_recipients(project):
    """Published minutes go to every contact person of the current member organisations."""
    return member_contacts(project).order_by("pk")


@transaction.atomic
def publish_minutes(meeting, *, actor):
    meeting = _locked(meeting)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        raise MeetingError(_("Write the minutes before publishing them."))
    if minutes.status == MinutesStatus.PUBLISHED:
        raise MeetingError(_("The minutes have already been published."))
    if meeting.status != MeetingStatus.HELD:
        raise MeetingError(_("Mark the meeting as held before publishing its minutes."))
    minutes.status = MinutesStatus.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.published_by = actor
    minutes.save()
    recipients = list(minutes_recipients(meeting.project).values_list("pk", flat=True))
    audit.record("minutes.published", actor=actor, project=meeting.project, target=minutes, recipients=len(recipients))
    for contact_id in recipients:
        outbox.enqueue(
            tasks.send_meeting_minutes, minutes.pk, contact_id, project=meeting.project, kind="meeting_minutes"
        )
    return minutes


@transaction.atomic
def set_action_item_status(item, *, status, actor):
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    item.status = status
    item.full_clean()
    item.save()
    reminders.schedule_action_item(item, timezone.now())  # reopened
    audit.record("action_item.status", actor=actor, project=item.project, target=item, status=status)
    return item


@transaction.atomic
def create_series(series, *, actor):
    """Save a repeating series and create its meetings, up to the project's end (and a sane maximum)."""
    project = series.project
    series.created_by = actor
    series.full_clean()
    series.save()
    occurrences = series.occurrences(limit=settings.MEETING_SERIES_MAX_MEETINGS, until=project.end_date)
    if not occurrences:
        raise MeetingError(_("The repeat rule gives no meetings before the project ends."), field="rrule")
    meetings = []
    for start, end in occurrences:
        meeting = Meeting(
            project=project,
            series=series,
            title=series.title,
            meeting_type=series.meeting_type,
            start=start,
            end=end,
            time_zone=series.time_zone,
            location=series.location,
            video_link=series.video_link,
            description=series.description,
            created_by=actor,
        )
        meeting.full_clean()
        meetings.append(meeting)
    Meeting.objects.bulk_create(meetings)
    audit.record("meeting.series_created", actor=actor, project=project, target=series, meetings=len(meetings))
    return meetings


@transaction.atomic
def create_calendar_feed(user):
    """A new personal feed address; the previous one stops working. Returns the secret (shown once)."""
    _token, raw = tokens.issue(
        TokenPurpose.CALENDAR_FEED,
        user,
        sent_to=user.email,
        created_by=user,
        single_use=False,
        ttl=timedelta(days=settings.LINK_TOKEN_TTL_DAYS["calendar_feed"]),
    )
    audit.record("calendar_feed.created", actor=user, target=user)
    return raw


@transaction.atomic
def revoke_calendar_feed(user):
    revoked = tokens.revoke(TokenPurpose.CALENDAR_FEED, user)
    audit.record("calendar_feed.revoked", actor=user, target=user, revoked=revoked)
    return revoked


def dashboard_summary(project):
    """Next meeting, days since the last held meeting and whether the network meets regularly.

    Two queries (the next and the last meeting together, then the action item counts), whatever
    the number of meetings.
    """
    now = timezone.now()
    today = timezone.localdate()
    cadence = settings.MEETING_CADENCE_DAYS
    meetings = Meeting.objects.filter(project=project)
    next_pk = meetings.upcoming(now).values("pk")[:1]
    last_pk = meetings.filter(status=MeetingStatus.HELD, start__lte=now).order_by("-start").values("pk")[:1]
    pair = list(Meeting.objects.filter(Q(pk=Subquery(next_pk)) | Q(pk=Subquery(last_pk))))
    next_meeting = next((m for m in pair if m.status == MeetingStatus.PLANNED and m.end >= now), None)
    last_held = next((m for m in pair if m.status == MeetingStatus.HELD), None)
    counts = ActionItem.objects.filter(project=project).aggregate(
        open=Count("pk", filter=Q(status=ActionItemStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=ActionItemStatus.OPEN, due_date__lt=today)),
    )
    days_since = (today - timezone.localdate(last_held.start)).days if last_held else None
    return {
        "next_meeting": next_meeting,
        "last_held": last_held,
        "days_since_last": days_since,
        "cadence_days": cadence,
        "meets_regularly": days_since is not None and days_since <= cadence,
        "open_action_items": counts["open"],
        "overdue_action_items": counts["overdue"],
    }
