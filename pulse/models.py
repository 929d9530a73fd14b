"""The trust pulse's tables. `PulseAnswer` deliberately has no person, no time and no sequential key."""

import uuid
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

MIN_ANSWERS = 5  # the floor: results show only after the close, from this many answers (PULSE_MIN_ANSWERS may raise it)
MIN_ORGANISATIONS = 3  # ... and from the contacts of at least this many organisations
FINE_FROM = 10  # below this many answers, averages are rounded to 0.5
SCALE = (1, 5)
ROUND_MIN_DAYS = 14  # a round opened late in its quarter stays open at least this long
COMMENT_MAX_LENGTH = 1000


class TokenPurpose(models.TextChoices):
    PULSE = "pulse", _("Trust pulse survey")


class Dimension(models.TextChoices):
    """The questions, in the order the survey asks them: trust (three), value (three), and trust between the
    coordination and the network (one). Each may be answered "can't say" (a null rating)."""

    OPENNESS = "openness", _("Openness to communication")
    RELIABILITY = "reliability", _("Reliability")
    MISSION = "mission", _("Shared mission")
    RESOURCES = "resources", _("Resource contribution")
    INVOLVEMENT = "involvement", _("Involvement")
    INFLUENCE = "influence", _("Influence")
    COORDINATION = "coordination", _("Trust in the coordination")


class Group(models.TextChoices):
    """What the questions measure together. Only TRUST is judged (health item 8); VALUE and COORDINATION are
    shown beside it (docs/health.md, item 8)."""

    TRUST = "trust", _("Trust")
    VALUE = "value", _("Value of the network")
    COORDINATION = "coordination", _("Trust between the coordination and the network")


GROUPS = {
    Group.TRUST: (Dimension.OPENNESS, Dimension.RELIABILITY, Dimension.MISSION),
    Group.VALUE: (Dimension.RESOURCES, Dimension.INVOLVEMENT, Dimension.INFLUENCE),
    Group.COORDINATION: (Dimension.COORDINATION,),
}


QUESTIONS = {
    Dimension.OPENNESS: _("The members of this network communicate openly with each other."),
    Dimension.RELIABILITY: _("The members of this network do what they have promised."),
    Dimension.MISSION: _("The members of this network share the same mission and goals."),
    Dimension.RESOURCES: _("The members contribute their resources (time, know-how, facilities) to the network."),
    Dimension.INVOLVEMENT: _("The members take an active part in the network's work."),
    Dimension.INFLUENCE: _("My organisation can influence what the network does and decides."),
    Dimension.COORDINATION: _("The coordination and the members of the network trust each other."),
}


def quarter_of(day):
    """The first day of `day`'s calendar quarter."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(quarter_start):
    return quarter_start + relativedelta(months=3, days=-1)


class PulseSetting(models.Model):
    """A project's choice: does it run the trust pulse? Absent means off."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="pulse_setting")
    enabled = models.BooleanField(_("run the quarterly trust pulse"), default=False)
    in_report = models.BooleanField(
        _("include the pulse figures in the status report"),
        default=True,
        help_text=_("If not, the report says that the project chose not to include its pulse figures."),
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trust pulse setting")
        verbose_name_plural = _("trust pulse settings")

    def __str__(self):
        return f"{self.project_id}: {self.enabled}"


class PulseRound(models.Model):
    """One quarter's survey of one project."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="pulse_rounds")
    quarter = models.DateField(_("quarter"), help_text=_("The first day of the quarter."))
    opened_on = models.DateField(_("opened on"))
    closes_on = models.DateField(_("closes on"))
    # Fixed at the close (services.close_round), whatever later membership edits do; None while open.
    closed = models.BooleanField(_("closed"), default=False)
    asked_count = models.PositiveIntegerField(_("asked"), null=True, blank=True)
    answered_count = models.PositiveIntegerField(_("answered"), null=True, blank=True)
    organisations_count = models.PositiveIntegerField(_("organisations that answered"), null=True, blank=True)
    # Set when the mid-round reminder was queued for those who had not answered (once per round, not per person).
    reminded = models.BooleanField(_("reminder sent"), default=False, editable=False)
    # The agenda item "the trust pulse's results" that the coordinator put on a meeting's agenda (at most once).
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-quarter"]
        verbose_name = _("trust pulse round")
        verbose_name_plural = _("trust pulse rounds")
        constraints = [
            models.UniqueConstraint(fields=["project", "quarter"], name="pulse_round_one_per_quarter"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opened_on")), name="pulse_round_closes_after"),
        ]

    def __str__(self):
        return _("Trust pulse %(quarter)s") % {"quarter": self.label}

    @property
    def label(self):
        """E.g. "Q4/2026"."""
        return pgettext("quarter of a year", "Q%(number)s/%(year)s") % {
            "number": (self.quarter.month - 1) // 3 + 1,
            "year": self.quarter.year,
        }

    def is_open(self, today):
        return self.opened_on <= today <= self.closes_on

    @property
    def midpoint(self):
        """The day of the reminder to those who have not answered: halfway through the round."""
        return self.opened_on + (self.closes_on - self.opened_on) / 2


class PulseRecipient(models.Model):
    """Who was asked in a round, and whether they have answered: never what they answered."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="recipients")
    contact = models.ForeignKey("partners.ContactPerson", on_delete=models.CASCADE, related_name="+")
    answered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("trust pulse recipient")
        verbose_name_plural = _("trust pulse recipients")
        constraints = [models.UniqueConstraint(fields=["round", "contact"], name="pulse_recipient_once_per_round")]

    def __str__(self):
        return f"{self.contact} @ {self.round}"


def _rating(label):
    """A rating on SCALE, or null for "can't say" (not counted in that question's average)."""
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


def _ratings_on_scale(prefix):
    """One CheckConstraint per rating, `<prefix>_<dimension>_on_scale`: an answer, buffered or written, is on SCALE
    or "can't say" (null)."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": SCALE[0], f"{field}__lte": SCALE[1]}),
            name=f"{prefix}_{field}_on_scale",
        )
        for field in Dimension.values
    ]


class PulseAnswer(models.Model):
    """One anonymous answer: the round, a rating per question (null: "can't say") and a comment. No person, no
    timestamp, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="answers")
    openness = _rating(Dimension.OPENNESS.label)
    reliability = _rating(Dimension.RELIABILITY.label)
    mission = _rating(Dimension.MISSION.label)
    resources = _rating(Dimension.RESOURCES.label)
    involvement = _rating(Dimension.INVOLVEMENT.label)
    influence = _rating(Dimension.INFLUENCE.label)
    coordination = _rating(Dimension.COORDINATION.label)
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    comment_hidden = models.BooleanField(_("comment hidden"), default=False)

    class Meta:
        verbose_name = _("trust pulse answer")
        verbose_name_plural = _("trust pulse answers")
        constraints = _ratings_on_scale("pulse_answer")

    def __str__(self):
        return str(self.pk)


class PendingAnswer(models.Model):
    """An answer of an open round, buffered under a random key until the close, when close_round writes the
    round's answers to PulseAnswer in a random order and deletes these rows. No person, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="pending_answers")
    openness = _rating(Dimension.OPENNESS.label)
    reliability = _rating(Dimension.RELIABILITY.label)
    mission = _rating(Dimension.MISSION.label)
    resources = _rating(Dimension.RESOURCES.label)
    involvement = _rating(Dimension.INVOLVEMENT.label)
    influence = _rating(Dimension.INFLUENCE.label)
    coordination = _rating(Dimension.COORDINATION.label)
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)

    class Meta:
        verbose_name = _("pending trust pulse answer")
        verbose_name_plural = _("pending trust pulse answers")
        constraints = _ratings_on_scale("pulse_pending")

    def __str__(self):
        return str(self.pk)
