"""State changes of announcements and the motivation log. Each function checks, writes and records an audit event."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import audit, outbox
from networkhub.errors import ServiceError

from . import queries, tasks
from .models import Announcement, AnnouncementStatus, Channel, MotivationEntry, Recipient


class OutreachError(ServiceError):
    """A refused change to an announcement or the motivation log."""


@transaction.atomic
def save_draft(announcement, *, organisations, actor):
    """Save a new or changed draft (`announcement.project` set by the caller) with its chosen organisations."""
    if announcement.pk and not Announcement.objects.select_for_update().get(pk=announcement.pk).is_draft:
        raise OutreachError(_("This announcement has been sent already: it cannot be changed."))
    new = announcement.pk is None
    if new:
        announcement.created_by = actor
    announcement.full_clean()
    announcement.save()
    announcement.organisations.set(organisations)
    audit.record(
        "announcement.drafted" if new else "announcement.changed",
        actor=actor,
        project=announcement.project,
        target=announcement,
        languages=announcement.languages,
        audience=announcement.audience,
    )
    return announcement


@transaction.atomic
def send(announcement, *, actor):
    """Send a confirmed draft: fix its recipients, mark it sent, log it for the business and foreign partners it
    reached, and queue one e-mail per recipient after the commit. A second call (a double click, a resubmitted
    form) finds it sent and sends nothing."""
    announcement = Announcement.objects.select_for_update().select_related("project").get(pk=announcement.pk)
    if not announcement.is_draft:
        raise OutreachError(_("This announcement has been sent already."))
    pairs = queries.audience(announcement)
    if not pairs:
        raise OutreachError(_("Nobody would get this announcement: choose other recipients."))
    now = timezone.now()
    recipients = Recipient.objects.bulk_create(
        [Recipient(announcement=announcement, contact=contact, language=language) for contact, language in pairs]
    )
    announcement.status, announcement.sent_at, announcement.sent_by = AnnouncementStatus.SENT, now, actor
    announcement.save(update_fields=["status", "sent_at", "sent_by"])
    reached = _log_reached(announcement, {contact.organisation_id for contact, _language in pairs}, actor, now)
    audit.record(
        "announcement.sent",
        actor=actor,
        project=announcement.project,
        target=announcement,
        recipients=len(pairs),
        languages=dict(queries.languages_of(pairs)),
        partners_logged=reached,
    )
    for recipient in recipients:
        outbox.enqueue(tasks.send_announcement_mail, recipient.pk, project=announcement.project, kind="announcement")
    return announcement


def _log_reached(announcement, organisation_ids, actor, now):
    """A motivation-log entry (e-mail, today) for each business or foreign member among the recipients'."""
    members = queries.business_and_foreign_members(announcement.project).filter(organisation_id__in=organisation_ids)
    entries = MotivationEntry.objects.bulk_create(
        [
            MotivationEntry(
                membership=member,
                date=timezone.localdate(now),
                channel=Channel.EMAIL,
                reached_by=actor.full_name if actor else "",
                note=announcement.subject[:500],
                announcement=announcement,
                recorded_by=actor,
                created_at=now,
            )
            for member in members
        ]
    )
    return len(entries)


def _entry_fields(entry):
    return {"organisation": entry.membership.organisation_id, "date": entry.date.isoformat(), "channel": entry.channel}


def check_entry(entry):
    """A motivation entry is for a current business or foreign member of its project."""
    project = entry.membership.project
    if not queries.business_and_foreign_members(project).filter(pk=entry.membership_id).exists():
        raise OutreachError(_("Choose a current business or foreign partner of the project."), "membership")
    if entry.contact_id and entry.contact.organisation_id != entry.membership.organisation_id:
        raise OutreachError(_("Choose a contact person of the partner."), "contact")


@transaction.atomic
def add_entry(entry, *, actor):
    entry.recorded_by = actor
    check_entry(entry)
    entry.full_clean()
    entry.save()
    audit.record(
        "motivation.added", actor=actor, project=entry.membership.project, target=entry, **_entry_fields(entry)
    )
    return entry


@transaction.atomic
def update_entry(entry, *, actor, changed_fields):
    check_entry(entry)
    entry.full_clean()
    entry.save()
    audit.record(
        "motivation.updated",
        actor=actor,
        project=entry.membership.project,
        target=entry,
        fields=sorted(changed_fields),
    )
    return entry


@transaction.atomic
def delete_entry(entry, *, actor):
    project, fields, pk = entry.membership.project, _entry_fields(entry), entry.pk
    entry.delete()
    audit.record("motivation.deleted", actor=actor, project=project, target=project, entry=pk, **fields)
