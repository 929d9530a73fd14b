"""Goals, goal reviews and the ideas log (design characteristic 7: activities are renewed and goals reviewed
during the term; new ideas are put to use).

A goal has its indicator and target; a goal review looks at each goal (on track, at risk, off track).
Any member may put an idea forward; the coordinators try it, adopt it or drop it. An adopted idea names
what adopted it: a decision in a meeting's minutes, or a goal review. That link is why this app sits
above meetings.

The tables keep the names they had in the projects and meetings apps (`db_table`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networkhub.dates import short_date
from projects.models import not_negative


class GoalMeasure(models.TextChoices):
    """What the app counts for a goal, beside the free-text indicator (issue 21: a goal can count mobilities).

    The goal stores the measure and its filter; the app that holds the data counts it (`goal_measures` in
    networkhub.contributions: the mobility app for "mobilities"), since this app sits below it."""

    MOBILITIES = "mobilities", _("Mobility participants (counted from the mobility records)")


# The mobility filter's choices. Their values are the mobility app's (mobility.models.Direction and ParticipantType,
# tests/goals/test_goal_measures.py); "" counts both.
class MobilityDirection(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing")
    INCOMING = "incoming", _("Incoming")


class MobilityParticipants(models.TextChoices):
    STUDENTS = "students", _("Students")
    STAFF = "staff", _("Staff")


class Goal(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    indicator = models.CharField(
        _("indicator"), max_length=300, help_text=_("What is measured, e.g. staff mobilities.")
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, validators=not_negative())
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. persons, %, events"))
    order = models.PositiveIntegerField(_("order"), default=0)
    measure = models.CharField(
        _("counted from"),
        max_length=20,
        blank=True,
        choices=GoalMeasure.choices,
        help_text=_("Leave empty to enter the actual value by hand in each report."),
    )
    mobility_direction = models.CharField(
        _("mobilities: direction"),
        max_length=10,
        blank=True,
        choices=MobilityDirection.choices,
        help_text=_("Empty: both outgoing and incoming."),
    )
    mobility_participants = models.CharField(
        _("mobilities: participants"),
        max_length=10,
        blank=True,
        choices=MobilityParticipants.choices,
        help_text=_("Empty: both students and staff."),
    )
    mobility_newcomers_only = models.BooleanField(
        _("mobilities: only the first mobilities of organisations new to international activity"), default=False
    )

    class Meta:
        db_table = "projects_goal"
        ordering = ["order", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=0), name="goal_target_not_negative"),
            models.CheckConstraint(
                condition=Q(measure="") | Q(measure__in=GoalMeasure.values), name="goal_measure_valid"
            ),
            models.CheckConstraint(
                condition=Q(mobility_direction="") | Q(mobility_direction__in=MobilityDirection.values),
                name="goal_mobility_direction_valid",
            ),
            models.CheckConstraint(
                condition=Q(mobility_participants="") | Q(mobility_participants__in=MobilityParticipants.values),
                name="goal_mobility_participants_valid",
            ),
            # The mobility filter belongs to the mobility measure only.
            models.CheckConstraint(
                condition=Q(measure=GoalMeasure.MOBILITIES)
                | Q(mobility_direction="", mobility_participants="", mobility_newcomers_only=False),
                name="goal_mobility_filter_needs_measure",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.measure != GoalMeasure.MOBILITIES and (
            self.mobility_direction or self.mobility_participants or self.mobility_newcomers_only
        ):
            raise ValidationError(
                {"measure": _("The mobility filter counts only when the goal is counted from the mobility records.")}
            )

    @property
    def measure_description(self):
        """The measure and its filter in words, e.g. "Mobility participants: outgoing, staff"; "" without one."""
        if self.measure != GoalMeasure.MOBILITIES:
            return ""
        parts = [
            str(choice.label)
            for choice in (
                MobilityDirection(self.mobility_direction) if self.mobility_direction else None,
                MobilityParticipants(self.mobility_participants) if self.mobility_participants else None,
            )
            if choice is not None
        ]
        if self.mobility_newcomers_only:
            parts.append(str(_("first mobilities of newcomers")))
        label = str(_("Mobility participants"))
        return f"{label}: {', '.join(parts).lower()}" if parts else label


class GoalStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class GoalReview(models.Model):
    """The network's periodic look at its goals (characteristic 7): per goal, how it goes and what changes."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="goal_reviews")
    review_date = models.DateField(_("review date"))
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Who took part, what was looked at, and the main conclusions.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "projects_goalreview"
        ordering = ["-review_date", "-pk"]
        verbose_name = _("goal review")
        verbose_name_plural = _("goal reviews")
        constraints = [
            models.UniqueConstraint(fields=["project", "review_date"], name="goal_review_one_per_day"),
        ]

    def __str__(self):
        return _("Goal review %(date)s") % {"date": short_date(self.review_date)}

    def get_absolute_url(self):
        return reverse("goals:review_detail", args=[self.project_id, self.pk])

    def clean(self):
        if self.review_date and self.review_date > timezone.localdate():
            raise ValidationError(
                {"review_date": _("Record a review once it has been held: its date cannot be in the future.")}
            )


class GoalReviewEntry(models.Model):
    """One goal in a review: on track, at risk or off track, with notes and the changes decided."""

    review = models.ForeignKey(GoalReview, on_delete=models.CASCADE, related_name="entries")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="review_entries")
    status = models.CharField(_("status"), max_length=10, choices=GoalStatus.choices)
    notes = models.TextField(_("notes"), blank=True)
    changes = models.TextField(_("changes decided"), blank=True)

    class Meta:
        db_table = "projects_goalreviewentry"
        ordering = ["goal__order", "goal__pk"]
        verbose_name = _("goal in a review")
        verbose_name_plural = _("goals in a review")
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="goal_review_entry_unique"),
            models.CheckConstraint(condition=Q(status__in=GoalStatus.values), name="goal_review_entry_status_valid"),
        ]

    def __str__(self):
        return f"{self.goal}: {self.get_status_display()}"

    def clean(self):
        if self.review_id and self.goal_id and self.goal.project_id != self.review.project_id:
            raise ValidationError({"goal": _("The goal must be one of the reviewed project's goals.")})


# --- The ideas log -----------------------------------------------------------------------------------


class IdeaStatus(models.TextChoices):
    NEW = "new", _("New")
    TRYING = "trying", _("Being tried")
    ADOPTED = "adopted", _("Adopted")
    DROPPED = "dropped", _("Dropped")


# Which statuses an idea may move to, from which. Adopted is final; a dropped idea may be taken up again.
TRANSITIONS = {
    IdeaStatus.TRYING: (IdeaStatus.NEW,),
    IdeaStatus.ADOPTED: (IdeaStatus.NEW, IdeaStatus.TRYING),
    IdeaStatus.DROPPED: (IdeaStatus.NEW, IdeaStatus.TRYING),
    IdeaStatus.NEW: (IdeaStatus.DROPPED,),
}

_one_link = (Q(adopted_decision__isnull=False) & Q(adopted_review__isnull=True)) | (
    Q(adopted_decision__isnull=True) & Q(adopted_review__isnull=False)
)
_no_link = Q(adopted_decision__isnull=True, adopted_review__isnull=True)


class Idea(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("idea"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    proposed_by_organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by (organisation)"),
    )
    proposed_by_contact = models.ForeignKey(
        "partners.ContactPerson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by (person)"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=IdeaStatus.choices, default=IdeaStatus.NEW)
    adopted_decision = models.ForeignKey(
        "meetings.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_ideas",
        verbose_name=_("adopted by the decision"),
    )
    adopted_review = models.ForeignKey(
        GoalReview,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_ideas",
        verbose_name=_("adopted in the goal review"),
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When a coordinator first answered the idea (moved it from new): for the time partners wait for an answer.
    first_status_change_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "meetings_idea"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [models.Index(fields=["project", "status"], name="idea_project_status_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=IdeaStatus.values), name="idea_status_valid"),
            models.CheckConstraint(
                condition=(Q(status=IdeaStatus.ADOPTED) & _one_link) | (~Q(status=IdeaStatus.ADOPTED) & _no_link),
                name="idea_adopted_by_one_decision_or_review",
            ),
            models.CheckConstraint(
                condition=Q(status=IdeaStatus.NEW)
                | Q(status_changed_at__isnull=False, first_status_change_at__isnull=False),
                name="idea_status_change_recorded",
            ),
            models.CheckConstraint(
                condition=Q(proposed_by_contact__isnull=True) | Q(proposed_by_organisation__isnull=False),
                name="idea_person_has_organisation",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("goals:idea_detail", args=[self.project_id, self.pk])

    @property
    def next_statuses(self):
        return [status for status, sources in TRANSITIONS.items() if self.status in sources]

    @property
    def adopted_by(self):
        """The decision or the goal review that adopted the idea, or None."""
        return self.adopted_decision or self.adopted_review

    def clean(self):
        errors = {}
        if self.proposed_by_contact_id and self.proposed_by_organisation_id is None:
            self.proposed_by_organisation_id = self.proposed_by_contact.organisation_id
        if self.proposed_by_contact_id and self.proposed_by_contact.organisation_id != self.proposed_by_organisation_id:
            errors["proposed_by_contact"] = _("The person must belong to the proposing organisation.")
        adopted = self.status == IdeaStatus.ADOPTED
        links = [link for link in (self.adopted_decision_id, self.adopted_review_id) if link]
        if adopted and len(links) != 1:
            errors["adopted_decision"] = _("An adopted idea names the one decision or goal review that adopted it.")
        elif not adopted and links:
            errors["adopted_decision"] = _("Only an adopted idea names a decision or a goal review.")
        if self.adopted_decision_id and self.adopted_decision.meeting.project_id != self.project_id:
            errors["adopted_decision"] = _("Choose a decision from this project's meetings.")
        if self.adopted_review_id and self.adopted_review.project_id != self.project_id:
            errors["adopted_review"] = _("Choose one of this project's goal reviews.")
        if self.status != IdeaStatus.NEW and (self.status_changed_at is None or self.first_status_change_at is None):
            errors["status"] = _("A change of status records when it was made.")
        if errors:
            raise ValidationError(errors)
