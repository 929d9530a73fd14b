"""Personal data in meetings: a person's replies, attendance, poll answers and action items.

The rows point at the contact person (anonymised by partners) and stay, so attendance and the network's
history keep their counts; what the person typed beside them is blanked (comments) or replaced (a proxy's name),
and their name or address written into minutes, agendas, decisions and actions is replaced.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from networkhub.models import LinkToken
from networkhub.privacy import ERASED_NAME, scrub_text
from partners.privacy import contacts_of

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    Minutes,
    MinutesCorrection,
    PollAnswer,
    PollInvitee,
    TokenPurpose,
)

# Free text in which a person may be named.
TEXT_FIELDS = [
    (Meeting, ["description", "cancellation_reason"]),
    (AgendaItem, ["title", "notes", "minutes_notes"]),
    (Minutes, ["summary"]),
    (MinutesCorrection, ["note", "previous_summary"]),
    (Decision, ["text"]),
    (ActionItem, ["title"]),
]


def _time(value):
    return value.isoformat() if value else None


def export(person):
    contact_ids = list(contacts_of(person).values_list("pk", flat=True))
    return {
        "meeting_invitations": [
            {
                "meeting": i.meeting.title,
                "start": _time(i.meeting.start),
                "reply": i.response,
                "proxy_name": i.proxy_name,
                "comment": i.comment,
                "answered_at": _time(i.answered_at),
            }
            for i in Invitation.objects.filter(contact_id__in=contact_ids).select_related("meeting").order_by("pk")
        ],
        "attendance": [
            {"meeting": a.meeting.title, "status": a.status, "proxy_name": a.proxy_name}
            for a in Attendance.objects.filter(contact_id__in=contact_ids).select_related("meeting").order_by("pk")
        ],
        "poll_answers": [
            {
                "poll": a.slot.poll.title,
                "slot_start": _time(a.slot.start),
                "answer": a.answer,
                "comment": a.comment,
                "answered_at": _time(a.answered_at),
            }
            for a in PollAnswer.objects.filter(invitee__contact_id__in=contact_ids)
            .select_related("slot__poll")
            .order_by("pk")
        ],
        "action_items": [
            {
                "title": item.title,
                "due_date": item.due_date.isoformat() if item.due_date else None,
                "status": item.status,
            }
            for item in ActionItem.objects.filter(owner_contact_id__in=contact_ids).order_by("pk")
        ],
    }


def erase(person, token):
    contact_ids = list(contacts_of(person).values_list("pk", flat=True))
    # A proxy's name is kept as a marker: a reply or attendance "by proxy" must name one.
    mine = Invitation.objects.filter(contact_id__in=contact_ids)
    changed = mine.exclude(proxy_name="").exclude(proxy_name=ERASED_NAME).update(proxy_name=ERASED_NAME)
    changed += mine.exclude(comment="").update(comment="")
    attended = Attendance.objects.filter(contact_id__in=contact_ids)
    changed += attended.exclude(proxy_name="").exclude(proxy_name=ERASED_NAME).update(proxy_name=ERASED_NAME)
    changed += PollAnswer.objects.filter(invitee__contact_id__in=contact_ids).exclude(comment="").update(comment="")
    # Reply and poll links still open are revoked, and so is the person's calendar feed.
    links = Q(
        purpose=TokenPurpose.RSVP,
        target_type=ContentType.objects.get_for_model(Invitation),
        target_id__in=Invitation.objects.filter(contact_id__in=contact_ids).values("pk"),
    ) | Q(
        purpose=TokenPurpose.POLL,
        target_type=ContentType.objects.get_for_model(PollInvitee),
        target_id__in=PollInvitee.objects.filter(contact_id__in=contact_ids).values("pk"),
    )
    if person.user_id:
        links |= Q(
            purpose=TokenPurpose.CALENDAR_FEED,
            target_type=ContentType.objects.get_for_model(User),
            target_id=person.user_id,
        )
    changed += LinkToken.objects.filter(links, used_at=None, revoked_at=None).update(revoked_at=timezone.now())
    for model, fields in TEXT_FIELDS:
        changed += scrub_text(model.objects.all(), fields, person, token)
    return changed
