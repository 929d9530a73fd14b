"""Personal data in announcements and the motivation log: what a person wrote or recorded, the announcements they
received, and the entries naming them.

The rows stay (the log's dates feed health item 10 and the history of what was sent); the person's name or
address written into an announcement or an entry is replaced. The contact rows themselves are partners'."""

from django.db.models import Q

from networkhub.privacy import scrub_text
from partners.privacy import contacts_of

from .models import Announcement, MotivationEntry, Recipient

TEXT_FIELDS = [
    (MotivationEntry, ["reached_by", "note"]),
    (Announcement, ["subject_fi", "body_fi", "subject_sv", "body_sv", "subject_en", "body_en"]),
]


def _time(value):
    return value.isoformat() if value else None


def export(person):
    contact_ids = list(contacts_of(person).values_list("pk", flat=True))
    written = Q(pk__in=[])
    recorded = Q(contact_id__in=contact_ids)
    if person.user_id:
        written = Q(created_by_id=person.user_id) | Q(sent_by_id=person.user_id)
        recorded |= Q(recorded_by_id=person.user_id)
    for needle in [*person.emails, *person.all_names]:
        recorded |= Q(reached_by__icontains=needle) | Q(note__icontains=needle)
    entries = MotivationEntry.objects.filter(recorded).select_related("membership__organisation").order_by("date", "pk")
    return {
        "announcements_written": [
            {
                "subject": announcement.subject,
                "languages": announcement.languages,
                "status": announcement.status,
                "sent_at": _time(announcement.sent_at),
            }
            for announcement in Announcement.objects.filter(written).order_by("created_at", "pk")
        ],
        "announcements_received": [
            {
                "subject": recipient.announcement.subject,
                "language": recipient.language,
                "sent_at": _time(recipient.announcement.sent_at),
            }
            for recipient in Recipient.objects.filter(contact_id__in=contact_ids)
            .select_related("announcement")
            .order_by("pk")
        ],
        "motivation_log": [
            {
                "partner": entry.membership.organisation.name,
                "date": entry.date.isoformat(),
                "channel": entry.channel,
                "reached_by": entry.reached_by,
                "note": entry.note,
            }
            for entry in entries
        ],
    }


def erase(person, token):
    changed = 0
    for model, fields in TEXT_FIELDS:
        changed += scrub_text(model.objects.all(), fields, person, token)
    return changed
