"""The trust pulse's state changes: the project's setting, opening a quarter's round, an anonymous answer."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networkhub import audit, tokens
from networkhub.errors import ServiceError
from partners.models import ContactPerson
from partners.queries import current_members

from . import tasks
from .models import (
    ROUND_MIN_DAYS,
    Dimension,
    PulseAnswer,
    PulseRecipient,
    PulseRound,
    PulseSetting,
    quarter_end,
    quarter_of,
)


class PulseError(ServiceError):
    """A trust pulse answer was refused."""


@transaction.atomic
def set_enabled(project, enabled, *, actor):
    """Switch the project's pulse on or off. Switching it on opens this quarter's round (if not open yet)."""
    setting, _created = PulseSetting.objects.get_or_create(project=project)
    if setting.enabled != enabled:
        setting.enabled = enabled
        setting.save()
        audit.record("pulse.enabled" if enabled else "pulse.disabled", actor=actor, project=project, target=setting)
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
    recipients = PulseRecipient.objects.bulk_create(PulseRecipient(round=pulse_round, contact=c) for c in contacts)
    audit.record("pulse.round_opened", actor=actor, project=project, target=pulse_round, recipients=len(recipients))
    for recipient in recipients:
        transaction.on_commit(lambda pk=recipient.pk: tasks.send_pulse_survey.delay(pk))
    return pulse_round


@transaction.atomic
def answer(token, ratings, comment=""):
    """Record one anonymous answer with a live link `token` (a LinkToken of the recipient).

    The link is consumed, the recipient marked as answered and the answer stored without any person or time,
    in one transaction. A recipient who has answered (through any link), or a round that has closed, is refused.
    """
    recipient = PulseRecipient.objects.select_for_update().select_related("round").get(pk=token.target_id)
    pulse_round = recipient.round
    if recipient.answered:
        raise PulseError(_("You have already answered this round of the trust pulse. Thank you!"))
    if not pulse_round.is_open(timezone.localdate()):
        raise PulseError(_("This round of the trust pulse has closed."))
    tokens.consume(token)
    PulseAnswer.objects.create(round=pulse_round, comment=comment, **{key: ratings[key] for key in Dimension.values})
    recipient.answered = True
    recipient.save(update_fields=["answered"])
    # No actor and no person: the event says a round got an answer, not whose.
    audit.record("pulse.answered", project=pulse_round.project, target=pulse_round)
    return pulse_round
