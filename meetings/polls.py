"""Time polls: propose times, collect answers, rank the times by organisations, turn the best into a meeting."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import audit, outbox
from partners.models import BUSINESS_TYPES, HOME_COUNTRY
from partners.queries import current_members

from . import tasks
from .models import Meeting, PollAnswer, PollAnswerChoice, PollInvitee, PollSlot, PollStatus, TimePoll
from .services import MeetingError, check_member_contacts, invite, schedule_meeting


@dataclass
class SlotRanking:
    """How one proposed time does. Organisations count, not people: one network, one vote per member."""

    slot: object
    yes_organisations: set = field(default_factory=set)
    if_need_be_organisations: set = field(default_factory=set)
    yes_people: int = 0
    if_need_be_people: int = 0
    business: int = 0
    foreign: int = 0
    best: bool = False

    @property
    def organisations(self):
        return len(self.yes_organisations)

    @property
    def only_if_need_be(self):
        return len(self.if_need_be_organisations - self.yes_organisations)

    def sort_key(self):
        return (-self.organisations, -self.only_if_need_be, -self.yes_people, -self.if_need_be_people, self.slot.start)


def rank_slots(poll):
    """The poll's times, best first: most member organisations that can attend ("yes"), then those that
    could if need be, then people. Business and foreign partners that can attend are counted per time.
    Two queries."""
    rankings = {slot.pk: SlotRanking(slot) for slot in poll.slots.all()}
    answers = (
        PollAnswer.objects.filter(
            slot__poll=poll,
            invitee__contact__organisation__in=current_members(poll.project_id).values("organisation_id"),
        )
        .exclude(answer=PollAnswerChoice.NO)
        .values(
            "slot_id",
            "answer",
            "invitee__contact__organisation_id",
            "invitee__contact__organisation__org_type",
            "invitee__contact__organisation__country",
        )
    )
    kinds = {}
    for row in answers:
        ranking = rankings[row["slot_id"]]
        organisation = row["invitee__contact__organisation_id"]
        kinds[organisation] = (
            row["invitee__contact__organisation__org_type"] in BUSINESS_TYPES,
            row["invitee__contact__organisation__country"] != HOME_COUNTRY,
        )
        if row["answer"] == PollAnswerChoice.YES:
            ranking.yes_organisations.add(organisation)
            ranking.yes_people += 1
        else:
            ranking.if_need_be_organisations.add(organisation)
            ranking.if_need_be_people += 1
    ranked = sorted(rankings.values(), key=SlotRanking.sort_key)
    for ranking in ranked:
        ranking.business = sum(1 for organisation in ranking.yes_organisations if kinds[organisation][0])
        ranking.foreign = sum(1 for organisation in ranking.yes_organisations if kinds[organisation][1])
    if ranked and (ranked[0].organisations or ranked[0].only_if_need_be):
        ranked[0].best = True
    return ranked


def answer_grid(poll, slots, invitees):
    """Rows of (invitee, [answer or None per slot]) for the given invitees. One query for the answers."""
    answers = {
        (answer.invitee_id, answer.slot_id): answer
        for answer in PollAnswer.objects.filter(slot__poll=poll, invitee__in=[invitee.pk for invitee in invitees])
    }
    return [(invitee, [answers.get((invitee.pk, slot.pk)) for slot in slots]) for invitee in invitees]


@transaction.atomic
def create_poll(poll, *, slots, contacts, actor):
    """Save the poll with its proposed times and invitees, and e-mail each invitee a personal link."""
    now = timezone.now()
    if poll.deadline <= now:
        raise MeetingError(_("The reply deadline must be in the future."), field="deadline")
    if not slots:
        raise MeetingError(_("Propose at least one time."))
    if any(start <= now for start, _end in slots):
        raise MeetingError(_("A proposed time is in the past."))
    if not contacts:
        raise MeetingError(_("Choose at least one person to ask."), field="contacts")
    check_member_contacts(poll.project, contacts)
    poll.created_by = actor
    poll.full_clean()
    poll.save()
    for start, end in slots:
        slot = PollSlot(poll=poll, start=start, end=end)
        slot.full_clean()
        slot.save()
    invitees = [PollInvitee.objects.create(poll=poll, contact=contact) for contact in contacts]
    audit.record("poll.created", actor=actor, project=poll.project, target=poll, slots=len(slots), asked=len(invitees))
    for invitee in invitees:
        outbox.enqueue(tasks.send_poll_invitation, invitee.pk, project=poll.project, kind="meeting_poll")
    return poll


@transaction.atomic
def record_poll_answers(invitee, answers, *, actor=None):
    """`answers`: slot pk -> (answer, comment). Answers can change until the deadline."""
    invitee = PollInvitee.objects.select_for_update().select_related("poll__project").get(pk=invitee.pk)
    poll = invitee.poll
    now = timezone.now()
    if poll.status != PollStatus.OPEN:
        raise MeetingError(_("This poll is closed; answers are no longer recorded."))
    if poll.deadline <= now:
        raise MeetingError(_("The reply deadline has passed; answers are no longer recorded."))
    slot_ids = set(poll.slots.values_list("pk", flat=True))
    for slot_id, (answer, comment) in answers.items():
        if slot_id not in slot_ids or answer not in PollAnswerChoice.values:
            continue
        PollAnswer.objects.update_or_create(
            slot_id=slot_id,
            invitee=invitee,
            defaults={"answer": answer, "comment": comment.strip(), "answered_at": now},
        )
    invitee.answered_at = now
    invitee.save(update_fields=["answered_at"])
    audit.record("poll.answered", actor=actor, project=poll.project, target=invitee, answers=len(answers))
    return invitee


@transaction.atomic
def convert_to_meeting(poll, slot, *, actor):
    """One click: the chosen time becomes a planned meeting, the poll closes, and its invitees are invited."""
    poll = TimePoll.objects.select_for_update().select_related("project").get(pk=poll.pk)
    if poll.status != PollStatus.OPEN or poll.meeting_id:
        raise MeetingError(_("This poll has already been closed."))
    if slot.poll_id != poll.pk:
        raise MeetingError(_("This time is not part of the poll."))
    if slot.start <= timezone.now():
        raise MeetingError(_("This time has already passed. Choose another."))
    meeting = schedule_meeting(
        Meeting(
            project=poll.project,
            title=poll.title,
            meeting_type=poll.meeting_type,
            start=slot.start,
            end=slot.end,
            time_zone=poll.time_zone,
            location=poll.location,
            video_link=poll.video_link,
            description=poll.description,
        ),
        actor=actor,
    )
    poll.status = PollStatus.CLOSED
    poll.meeting = meeting
    poll.save(update_fields=["status", "meeting"])
    audit.record("poll.converted", actor=actor, project=poll.project, target=poll, slot=slot.pk, meeting=meeting.pk)
    invite(meeting, [invitee.contact for invitee in poll.invitees.select_related("contact")], actor=actor)
    return meeting


@transaction.atomic
def close_poll(poll, *, actor):
    poll = TimePoll.objects.select_for_update().get(pk=poll.pk)
    if poll.status != PollStatus.OPEN:
        raise MeetingError(_("This poll has already been closed."))
    poll.status = PollStatus.CLOSED
    poll.save(update_fields=["status"])
    audit.record("poll.closed", actor=actor, project=poll.project, target=poll)
    return poll
