"""Read-only questions about the trust pulse, for its results page and the health panel (item 8).

Results are aggregates only, and only from MIN_ANSWERS answers: below that, a round shows its count and
nothing else, so no answer can be told apart."""

import hashlib
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from partners.queries import current_members

from .models import MIN_ANSWERS, Dimension, PulseAnswer, PulseRecipient, PulseRound, PulseSetting


@dataclass
class RoundResult:
    round: PulseRound
    asked: int  # recipients (of current members, when `as_of` is given)
    answered: int  # of them, how many answered
    answers: int  # answer rows (all of the round's: they carry no person to filter by)
    averages: list = field(default_factory=list)  # [(Dimension, average)] only when shown
    average: float | None = None  # the mean of the five averages, only when shown
    comments: list = field(default_factory=list)  # only when shown, in a stable shuffled order

    @property
    def shown(self):
        """Whether the aggregates may be shown: at least MIN_ANSWERS answers."""
        return self.answers >= MIN_ANSWERS

    @property
    def response_rate(self):
        return round(100 * self.answered / self.asked) if self.asked else 0


def is_enabled(project):
    return PulseSetting.objects.filter(project=project, enabled=True).exists()


def _shuffled(comments, round_pk):
    """A stable order that tells nothing: by a hash of the round and the text, not by when it came."""
    return sorted(comments, key=lambda text: hashlib.sha256(f"{round_pk}:{text}".encode()).hexdigest())


def round_result(pulse_round, *, as_of=None, comments=True):
    """A round's counts, and its aggregates when there are enough answers. Two or three queries.

    With `as_of`, the asked and answered counts keep the contacts of the members current on that date
    (a withdrawn member's contacts drop out from the withdrawal date).
    """
    recipients = PulseRecipient.objects.filter(round=pulse_round)
    if as_of is not None:
        recipients = recipients.filter(
            contact__organisation__in=current_members(pulse_round.project_id, as_of).values("organisation_id")
        )
    counts = recipients.aggregate(asked=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
    row = PulseAnswer.objects.filter(round=pulse_round).aggregate(
        answers=Count("pk"), **{key: Avg(key) for key in Dimension.values}
    )
    result = RoundResult(pulse_round, counts["asked"], counts["answered"], row["answers"])
    if result.shown:
        result.averages = [(dimension, round(row[dimension.value], 1)) for dimension in Dimension]
        result.average = round(sum(row[key] for key in Dimension.values) / len(Dimension.values), 1)
        if comments:
            texts = PulseAnswer.objects.filter(round=pulse_round).exclude(comment="").values_list("comment", flat=True)
            result.comments = _shuffled(list(texts), pulse_round.pk)
    return result


def latest_round(project, as_of):
    """The project's latest round opened by `as_of`, or None."""
    return PulseRound.objects.filter(project=project, opened_on__lte=as_of).order_by("-quarter").first()
