from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Minutes(models.Model):
    """A meeting's minutes: a summary here, notes per agenda item on the items, decisions, action items."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(_("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MinutesStatus.values), name="minutes_status_valid"),
            models.CheckConstraint(
                condition=Q(status=MinutesStatus.DRAFT) | Q(published_at__isnull=False),
                name="minutes_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.meeting} ({self.get_status_display()})"

    @property
    def is_published(self):
        return self.status == MinutesStatus.PUBLISHED

    def clean(self):
        if self.status == MinutesStatus.PUBLISHED and self.published_at is None:
            raise ValidationError(_("Published minutes need their publication time."))


class MinutesCorrection(models.Model):
    """A change to minutes after they were published: what changed, when, by whom, and the text before it.

    Published minutes are a record members rely on; a silent edit would rewrite it. Each correction
    keeps the previous summary and decisions and is e-mailed to the members with its note.
    """

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections")
    number = models.PositiveIntegerField(_("correction number"))
    note = models.TextField(_("what was corrected"))
    corrected_at = models.DateTimeField(_("corrected"), default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous_summary = models.TextField(blank=True)
    previous_decisions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["minutes", "number"]
        verbose_name = _("correction to minutes")
        verbose_name_plural = _("corrections to minutes")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_correction_number_unique"),
            models.CheckConstraint(condition=~Q(note=""), name="minutes_correction_has_note"),
        ]

    def __str__(self):
        return f"{self.minutes} #{self.number}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text[:60]


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionItemStatus.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class ActionItem(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items")
    title = models.CharField(_("action"), max_length=300)
    owner_organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    owner_contact = models.ForeignKey(
        "partners.ContactPerson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActionItemStatus.values), name="action_item_status_valid"),
            models.CheckConstraint(
                condition=Q(status=ActionItemStatus.OPEN, done_at=None)
                | Q(status=ActionItemStatus.DONE, done_at__isnull=False),
                name="action_item_done_iff_done_at",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return (
            self.status == ActionItemStatus.OPEN and self.due_date is not None and self.due_date < timezone.localdate()
        )

    def clean(self):
        if self.owner_contact_id and self.owner_organisation_id is None:
            self.owner_organisation_id = self.owner_contact.organisation_id
        if self.owner_contact_id and self.owner_contact.organisation_id != self.owner_organisation_id:
            raise ValidationError(
                {"owner_contact": _("The responsible person must belong to the responsible organisation.")}
            )
        if self.status == ActionItemStatus.DONE and self.done_at is None:
            self.done_at = timezone.now()
        elif self.status == ActionItemStatus.OPEN:
            self.done_at = None
