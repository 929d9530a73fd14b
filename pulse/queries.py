"""Read-only questions about the trust pulse, for its results page and the health panel (item 8).

A round shows nothing but "open, closes on …" until it has closed. A closed round shows aggregates only, and only
from min_answers() answers from the contacts of MIN_ORGANISATIONS organisations; its counts are those fixed at the
close. Below FINE_FROM answers the averages are rounded to 0.5.

Every question may be answered "can't say" (a null rating): a question's average counts only its real ratings,
and shows only from min_answers() real ratings (the floor holds per question); below FINE_FROM real ratings it is
rounded to 0.5. A group's figure (trust, value, coordination) is the mean of its questions' shown averages."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, Q

from .models import (
    FINE_FROM,
    GROUPS,
    MIN_ANSWERS,
    MIN_ORGANISATIONS,
    Dimension,
    Group,
    PulseAnswer,
    PulseRecipient,
    PulseRound,
    PulseSetting,
)


def min_answers():
    """The threshold for showing a closed round: PULSE_MIN_ANSWERS, never below MIN_ANSWERS."""
    return max(MIN_ANSWERS, getattr(settings, "PULSE_MIN_ANSWERS", MIN_ANSWERS))


def rounded(value, answers):
    """An average as shown: to 0.5 below FINE_FROM answers, else to 0.1."""
    if answers < FINE_FROM:
        return round(value * 2) / 2
    return round(value, 1)


@dataclass
class Figure:
    """A question's or a group's average as shown; `value` None when too few real answers (not "can't say")."""

    key: object  # Dimension or Group
    value: float | None

    @property
    def label(self):
        return self.key.label

    @property
    def shown(self):
        return self.value is not None


@dataclass
class RoundResult:
    round: PulseRound
    asked: int | None = None  # fixed at the close; None while open
    answered: int | None = None
    organisations: int | None = None
    answers: int = 0  # answer rows of a closed round
    averages: list = field(default_factory=list)  # [Figure] per question, only when shown
    groups: dict = field(default_factory=dict)  # {Group: Figure} only when shown
    comments: list = field(default_factory=list)  # [PulseAnswer] with a comment, only when shown, random order

    @property
    def closed(self):
        return self.round.closed

    @property
    def shown(self):
        """Whether the aggregates may be shown: closed, min_answers() answers from MIN_ORGANISATIONS organisations."""
        return self.closed and self.answers >= min_answers() and (self.organisations or 0) >= MIN_ORGANISATIONS

    @property
    def average(self):
        """The trust figure (openness, reliability, shared mission): what health item 8 judges. None if not shown."""
        figure = self.groups.get(Group.TRUST)
        return figure.value if figure else None

    @property
    def trust(self):
        return self.groups.get(Group.TRUST)

    @property
    def value(self):
        return self.groups.get(Group.VALUE)

    @property
    def coordination(self):
        return self.groups.get(Group.COORDINATION)

    @property
    def response_rate(self):
        return round(100 * self.answered / self.asked) if self.asked else 0


def is_enabled(project):
    return PulseSetting.objects.filter(project=project, enabled=True).exists()


def enabled_among(project_pks):
    """`is_enabled` for many projects: the pks of those that run the pulse. One query."""
    return set(PulseSetting.objects.filter(project__in=project_pks, enabled=True).values_list("project_id", flat=True))


def in_report(project):
    """Whether the project's status report carries its pulse figures (the coordinator's choice; default yes)."""
    return PulseSetting.objects.filter(project=project, in_report=False).first() is None


def audience(project):
    """What the survey page and the e-mails need to say exactly who sees what (pulse/_audience.txt)."""
    return {"min_answers": min_answers(), "min_organisations": MIN_ORGANISATIONS, "in_report": in_report(project)}


def round_result(pulse_round, *, comments=True):
    """A round's fixed counts and, when shown, its aggregates. An open round: nothing (no query)."""
    if not pulse_round.closed:
        return RoundResult(pulse_round)
    row = PulseAnswer.objects.filter(round=pulse_round).aggregate(**_ANSWER_FIGURES)
    return _round_result(pulse_round, row, comments=comments)


# A round's answers summed up: how many, and each dimension's average and real ratings (Count skips "can't say").
_ANSWER_FIGURES = {
    "answers": Count("pk"),
    **{f"{key}_avg": Avg(key) for key in Dimension.values},
    **{f"{key}_count": Count(key) for key in Dimension.values},
}


def round_results(rounds):
    """`round_result(pulse_round, comments=False)` for many rounds: {round pk: RoundResult}. One query."""
    closed = [pulse_round for pulse_round in rounds if pulse_round.closed]
    rows = {
        row["round"]: row
        for row in PulseAnswer.objects.filter(round__in=closed).values("round").annotate(**_ANSWER_FIGURES).order_by()
    }
    empty = {key: 0 if key.endswith(("answers", "_count")) else None for key in _ANSWER_FIGURES}
    return {
        pulse_round.pk: _round_result(pulse_round, rows.get(pulse_round.pk, empty), comments=False)
        if pulse_round.closed
        else RoundResult(pulse_round)
        for pulse_round in rounds
    }


def _round_result(pulse_round, row, *, comments):
    result = RoundResult(pulse_round)
    result.asked = pulse_round.asked_count or 0
    result.answered = pulse_round.answered_count or 0
    result.organisations = pulse_round.organisations_count or 0
    result.answers = row["answers"]
    if result.shown:
        floor = min_answers()
        raw = {
            dimension: (row[f"{dimension.value}_avg"], row[f"{dimension.value}_count"])
            for dimension in Dimension
            if row[f"{dimension.value}_count"] >= floor
        }
        result.averages = [
            Figure(dimension, rounded(*raw[dimension]) if dimension in raw else None) for dimension in Dimension
        ]
        for group, dimensions in GROUPS.items():
            shown = [raw[dimension] for dimension in dimensions if dimension in raw]
            value = None
            if shown:
                mean = sum(average for average, _count in shown) / len(shown)
                value = rounded(mean, min(count for _average, count in shown))
            result.groups[group] = Figure(group, value)
        if comments:
            # The primary key is random (uuid4), so ordering by it is a random order unrelated to arrival.
            result.comments = list(
                PulseAnswer.objects.filter(round=pulse_round, comment_hidden=False).exclude(comment="").order_by("pk")
            )
    return result


BANDS = ("none", "some", "most", "all")


def band(answered, asked):
    """A response rate as a band: none, some (under half), most (half or more), all."""
    if not answered:
        return "none"
    if answered >= asked:
        return "all"
    return "most" if 2 * answered >= asked else "some"


def response_bands(pulse_round):
    """For the coordinator while a round is open: [(organisation name, band)], never exact counts."""
    rows = (
        PulseRecipient.objects.filter(round=pulse_round)
        .values("contact__organisation__name")
        .annotate(total=Count("pk"), replied=Count("pk", filter=Q(answered=True)))
        .order_by("contact__organisation__name")
    )
    return [(row["contact__organisation__name"], band(row["replied"], row["total"])) for row in rows]


def latest_round(project, as_of):
    """The project's latest round opened by `as_of`, or None."""
    return PulseRound.objects.filter(project=project, opened_on__lte=as_of).order_by("-quarter").first()


def latest_closed_round(project, as_of):
    """The project's latest round that had closed by `as_of` (its last day before `as_of`), or None: no panel fact,
    snapshot or report carries a round's figures before it closes."""
    return PulseRound.objects.filter(project=project, closed=True, closes_on__lt=as_of).order_by("-quarter").first()


def latest_closed_rounds(project_pks, as_of):
    """`latest_closed_round` for many projects: {project pk: PulseRound} (none: absent). One query."""
    rounds = PulseRound.objects.filter(project__in=project_pks, closed=True, closes_on__lt=as_of)
    latest = {}
    for pulse_round in rounds.order_by("project_id", "-quarter"):
        latest.setdefault(pulse_round.project_id, pulse_round)
    return latest


def open_surveys_for(user, projects, today):
    """The open rounds' surveys the user (as a member contact) was asked and has not answered, in `projects` (a
    queryset of project pks): their to-dos. Whether someone answered is known; what they answered never is."""
    return (
        PulseRecipient.objects.filter(contact__user=user, answered=False, round__closed=False)
        .filter(round__project__in=projects, round__opened_on__lte=today, round__closes_on__gte=today)
        .select_related("round__project")
        .order_by("round__closes_on", "pk")
    )
