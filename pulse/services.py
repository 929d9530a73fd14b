"""The trust pulse's state changes: the project's setting, opening a quarter's round, an anonymous answer."""

import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import services as meetings
from meetings.queries import agenda_item
from meetings.queries import next_meeting as next_meeting_of
from networkhub import audit, outbox, tokens
from networkhub.dates import start_of_day, start_of_day_after
from networkhub.errors import ServiceError
from networkhub.models import AuditEvent, LinkToken
from partners.models import ContactPerson
from partners.queries import current_members

from . import tasks
from .models import (
    ROUND_MIN_DAYS,
    Dimension,
    PendingAnswer,
    PulseAnswer,
    PulseRecipient,
    PulseRound,
    PulseSetting,
    TokenPurpose,
    quarter_end,
    quarter_of,
)


class PulseError(ServiceError):
    """A trust pulse answer was refused."""


@transaction.atomic
def set_enabled(project, enabled, *, actor, in_report=None):
    """Switch the project's pulse on or off, and (when `in_report` is given) whether the status report carries its
    figures. Switching it on opens this quarter's round (if not open yet)."""
    setting, _created = PulseSetting.objects.select_for_update().get_or_create(project=project)
    if setting.enabled != enabled:
        setting.enabled = enabled
        setting.save()
        audit.record("pulse.enabled" if enabled else "pulse.disabled", actor=actor, project=project, target=setting)
    if in_report is not None and setting.in_report != in_report:
        setting.in_report = in_report
        setting.save()
        audit.record("pulse.report_choice", actor=actor, project=project, target=setting, in_report=in_report)
    if enabled:
        return open_round(project, actor=actor)
    return None


@transaction.atomic
def open_round(project, today=None, *, actor=None):
    """Open the quarter's round of `today` (default: today) and e-mail each current member's contact persons
    their link. Idempotent: a round that exists is returned as it is, and nobody is asked twice.

    The round closes at the quarter's end, or after ROUND_MIN_DAYS when opened late in the quarter.
    """
    today = today or timezone.localdate()
    quarter = quarter_of(today)
    existing = PulseRound.objects.filter(project=project, quarter=quarter).first()
    if existing is not None:
        return existing
    closes_on = max(quarter_end(quarter), today + timedelta(days=ROUND_MIN_DAYS))
    try:
        with transaction.atomic():
            pulse_round = PulseRound.objects.create(
                project=project, quarter=quarter, opened_on=today, closes_on=closes_on
            )
    except IntegrityError:  # a concurrent job opened it first
        return PulseRound.objects.get(project=project, quarter=quarter)
    contacts = (
        ContactPerson.objects.visible_to(project)
        .filter(organisation__in=current_members(project, today).values("organisation_id"))
        .exclude(email="")
    )
    contacts = without_coordinators(contacts, project)
    recipients = PulseRecipient.objects.bulk_create(PulseRecipient(round=pulse_round, contact=c) for c in contacts)
    audit.record("pulse.round_opened", actor=actor, project=project, target=pulse_round, recipients=len(recipients))
    for recipient in recipients:
        outbox.enqueue(tasks.send_pulse_survey, recipient.pk, project=project, kind="pulse_survey")
    return pulse_round


def without_coordinators(contacts, project):
    """`contacts` less the project's coordinators (by account or by address). They are not asked: their own answers
    would make the threshold count one person fewer than it says, and they would know part of every average."""
    coordinators = project.coordinators.all()
    emails = [email.lower() for email in coordinators.values_list("email", flat=True) if email]
    return contacts.annotate(email_lower=Lower("email")).exclude(Q(user__in=coordinators) | Q(email_lower__in=emails))


# The order in which a round's answers are written at its close. SystemRandom: nothing to seed or predict.
_shuffle = random.SystemRandom().shuffle


@transaction.atomic
def answer(token, ratings, comment=""):
    """Record one anonymous answer with a live link `token` (a LinkToken of the recipient).

    The answer is buffered as a PendingAnswer under a random key (close_round writes it, shuffled, at the close).
    The recipient is marked as answered, and their pulse links keep neither address nor any time of use: the
    links are marked used as of their creation, which is already known. A recipient who has answered (through any
    link), or a round that has closed, is refused. The audit holds one event per round and day, dated to the day.
    """
    recipient = PulseRecipient.objects.select_for_update().select_related("round").get(pk=token.target_id)
    pulse_round = recipient.round
    if recipient.answered:
        raise PulseError(_("You have already answered this round of the trust pulse. Thank you!"))
    if pulse_round.closed or not pulse_round.is_open(timezone.localdate()):
        raise PulseError(_("This round of the trust pulse has closed."))
    tokens.consume(token)
    LinkToken.objects.filter(
        purpose=TokenPurpose.PULSE,
        target_type=ContentType.objects.get_for_model(PulseRecipient),
        target_id=recipient.pk,
    ).update(sent_to="", last_opened_at=None, used_at=F("created_at"), revoked_at=None)
    PendingAnswer.objects.create(
        round=pulse_round, comment=comment, **{key: ratings.get(key) for key in Dimension.values}
    )
    recipient.answered = True
    recipient.save(update_fields=["answered"])
    _record_answer_day(pulse_round)
    return pulse_round


def _record_answer_day(pulse_round):
    """ "The round received an answer" once per round and day, dated to the start of the day: no actor, no person,
    no time finer than the day."""
    day = timezone.localdate()
    target_type = ContentType.objects.get_for_model(PulseRound)
    if AuditEvent.objects.filter(
        action="pulse.answered", target_type=target_type, target_id=pulse_round.pk, data__day=day.isoformat()
    ).exists():
        return
    event = audit.record("pulse.answered", project=pulse_round.project, target=pulse_round, day=day.isoformat())
    AuditEvent.objects.filter(pk=event.pk).update(created_at=start_of_day(day))


@transaction.atomic
def close_round(pulse_round, *, actor=None):
    """Close a round whose last day has passed: fix its counts (asked, answered, organisations that answered) on
    the round, write the buffered answers to PulseAnswer in a random order and delete the buffer. Idempotent."""
    pulse_round = PulseRound.objects.select_for_update().get(pk=pulse_round.pk)
    if pulse_round.closed:
        return pulse_round
    if pulse_round.closes_on >= timezone.localdate():
        raise PulseError(_("This round of the trust pulse is still open."))
    counts = PulseRecipient.objects.filter(round=pulse_round).aggregate(
        total=Count("pk"),
        replied=Count("pk", filter=Q(answered=True)),
        organisations=Count("contact__organisation", filter=Q(answered=True), distinct=True),
    )
    pending = list(PendingAnswer.objects.filter(round=pulse_round))
    _shuffle(pending)
    PulseAnswer.objects.bulk_create(
        PulseAnswer(round=pulse_round, comment=row.comment, **{key: getattr(row, key) for key in Dimension.values})
        for row in pending
    )
    PendingAnswer.objects.filter(round=pulse_round).delete()
    pulse_round.closed = True
    pulse_round.asked_count = counts["total"]
    pulse_round.answered_count = counts["replied"]
    pulse_round.organisations_count = counts["organisations"]
    pulse_round.save(update_fields=["closed", "asked_count", "answered_count", "organisations_count"])
    audit.record("pulse.round_closed", actor=actor, project=pulse_round.project, target=pulse_round)
    return pulse_round


def remind(pulse_round, *, today=None):
    """At mid-round, queue one reminder to each recipient who has not answered (once per round: the round is
    marked reminded; and once per recipient: the e-mail's key). Returns the number queued, 0 if not due.

    Only the system knows who has not answered: the reminders are not listed on the project's message page
    (sent without a project) nor in the reminder engine's upcoming list, so no page tells who answered."""
    today = today or timezone.localdate()
    with transaction.atomic():
        pulse_round = PulseRound.objects.select_for_update().get(pk=pulse_round.pk)
        if pulse_round.reminded or pulse_round.closed or not (pulse_round.midpoint <= today <= pulse_round.closes_on):
            return 0
        pending = list(
            PulseRecipient.objects.filter(round=pulse_round, answered=False)
            .exclude(contact__email="")
            .values_list("pk", flat=True)
        )
        pulse_round.reminded = True
        pulse_round.save(update_fields=["reminded"])
        audit.record("pulse.reminded", project=pulse_round.project, target=pulse_round, day=today.isoformat())
        for pk in pending:
            outbox.enqueue(tasks.send_pulse_reminder, pk, project=pulse_round.project, kind="pulse_reminder")
    return len(pending)


class AgendaError(ServiceError):
    """The results could not be put on a meeting's agenda."""


def next_meeting(project):
    """The project's next upcoming (planned, not yet ended) meeting, or None."""
    return next_meeting_of(project)


@transaction.atomic
def put_on_agenda(pulse_round, *, actor):
    """Add "the trust pulse's results" to the agenda of the project's next meeting, once: pressing again while
    the item exists returns it (and its meeting) unchanged. Raises AgendaError for an open round or when there is
    no upcoming meeting. Returns (agenda item, created)."""
    pulse_round = PulseRound.objects.select_for_update().select_related("project").get(pk=pulse_round.pk)
    if not pulse_round.closed:
        raise AgendaError(_("The round is still open: its results can go on an agenda after it closes."))
    if pulse_round.agenda_item_id is not None:
        existing = agenda_item(pulse_round.agenda_item_id)
        if existing is not None:
            return existing, False
    meeting = next_meeting(pulse_round.project)
    if meeting is None:
        raise AgendaError(_("The project has no upcoming meeting. Schedule one first."))
    # In the coordinator's language, as if they had typed the item themselves.
    title = str(_("Trust pulse %(quarter)s: the results")) % {"quarter": pulse_round.label}
    item = meetings.append_agenda_item(meeting, title, actor=actor)
    pulse_round.agenda_item = item
    pulse_round.save(update_fields=["agenda_item"])
    audit.record(
        "pulse.put_on_agenda", actor=actor, project=pulse_round.project, target=pulse_round, meeting=meeting.pk
    )
    return item, True


@transaction.atomic
def hide_comment(pulse_answer, *, actor):
    """A coordinator hides a comment that identifies someone. The text is erased, not just hidden, so that it
    shows nowhere again (results, report, export); the audit records that a comment was hidden, not its text."""
    pulse_answer = PulseAnswer.objects.select_for_update().select_related("round__project").get(pk=pulse_answer.pk)
    if pulse_answer.comment_hidden:
        return pulse_answer
    pulse_answer.comment = ""
    pulse_answer.comment_hidden = True
    pulse_answer.save(update_fields=["comment", "comment_hidden"])
    audit.record("pulse.comment_hidden", actor=actor, project=pulse_answer.round.project, target=pulse_answer.round)
    return pulse_answer


@transaction.atomic
def survey_link_for_account(recipient):
    """A fresh survey link for a signed-in contact who has not answered yet (their to-do leads there); the
    e-mailed link keeps working. The audit event names neither the person nor the recipient row: when someone
    opened the survey must not be traceable to them (the answers are anonymous)."""
    recipient = (
        PulseRecipient.objects.select_for_update().select_related("round__project", "contact").get(pk=recipient.pk)
    )
    pulse_round = recipient.round
    if recipient.answered or pulse_round.closed or not pulse_round.is_open(timezone.localdate()):
        raise PulseError(_("This survey is closed or already answered."))
    closes = start_of_day_after(pulse_round.closes_on)
    _token, raw = tokens.issue(
        TokenPurpose.PULSE,
        recipient,
        sent_to=recipient.contact.email,
        ttl=max(closes - timezone.now(), timedelta(hours=1)),
        revoke_previous=False,
    )
    audit.record("pulse.survey_opened_from_account", project=pulse_round.project)
    return raw
