"""Results and dissemination (the funder's criterion: results used and disseminated).

The models moved here from the projects app; their tables keep their names (`db_table`), and so do their
constraints. An output names the member organisations that made it (`contributors`, its co-authors); the
network map ties them to each other.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networkhub.dates import short_date


class OutputType(models.TextChoices):
    OPERATING_MODEL = "operating_model", _("Operating model")
    METHOD = "method", _("Method")
    PRACTICE = "practice", _("Practice")
    REPORT = "report", _("Report")
    PUBLICATION = "publication", _("Publication")
    WEB_PAGE = "web_page", _("Web page")
    OTHER = "other", _("Other")


def output_file_path(instance, filename):
    """Stored under a random name; the original name is kept in the database and used for downloads."""
    suffix = PurePath(filename).suffix.lower()
    return f"outputs/{instance.project_id}/{uuid.uuid4().hex}{suffix}"


class Output(models.Model):
    """A result of the project, with a web address or a file (downloaded only through an access-checking view)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="outputs")
    output_type = models.CharField(_("type"), max_length=20, choices=OutputType.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=output_file_path, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    contributors = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("contributing organisations"),
        blank=True,
        related_name="+",
        help_text=_("The member organisations that made the output together."),
    )
    # The member organisation whose contact recorded the entry (None: a coordinator recorded it). Its contacts
    # may edit and delete it; the coordinators may edit or hide any entry.
    recorded_for = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hidden by a coordinator (a duplicate, a mistake): left out of the list, the report, the map and the panel.
    hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        db_table = "projects_output"
        ordering = ["created_at", "pk"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        constraints = [
            models.CheckConstraint(condition=Q(output_type__in=OutputType.values), name="output_type_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="output_title_not_empty"),
            # A stored file always has its original name, and a name never stands without a file.
            models.CheckConstraint(
                condition=Q(file="", file_name="", file_size=0) | (~Q(file="") & ~Q(file_name="")),
                name="output_file_has_name",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # The type's choices and the required title are checked field by field (`clean_fields`), as the
        # constraints check them in the database; the file and its name go together.
        if bool(self.file) != bool(self.file_name):
            raise ValidationError(_("A stored file needs its name."))


class DisseminationChannel(models.TextChoices):
    SEMINAR = "seminar", _("Seminar or conference")
    PUBLICATION = "publication", _("Publication")
    WEB = "web", _("Web or social media")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    TRAINING = "training", _("Training")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class AudienceType(models.TextChoices):
    """Whom a dissemination event reached: the network itself, others in the sector, or the public."""

    NETWORK = "network", _("Inside the network")
    SECTOR = "sector", _("The sector")
    PUBLIC = "public", _("The public")


OUTSIDE_NETWORK = (AudienceType.SECTOR, AudienceType.PUBLIC)


class DisseminationEvent(models.Model):
    """One occasion where an output was presented or passed on, and how many people it reached.

    The constraints repeat in the database what validation checks field by field: a known channel,
    an audience, and a reach of zero or more people.
    """

    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=DisseminationChannel.choices)
    audience = models.CharField(
        _("audience"), max_length=300, help_text=_("Who was reached, e.g. teachers of the member institutions.")
    )
    audience_type = models.CharField(
        _("audience type"), max_length=10, choices=AudienceType.choices, default=AudienceType.NETWORK
    )
    reach = models.PositiveIntegerField(
        _("reach"),
        validators=[MinValueValidator(0, message=_("The number of people cannot be negative."))],
        help_text=_("Number of people reached."),
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    recorded_for = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "projects_disseminationevent"
        ordering = ["date", "pk"]
        verbose_name = _("dissemination event")
        verbose_name_plural = _("dissemination events")
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=DisseminationChannel.values), name="dissemination_channel_valid"
            ),
            models.CheckConstraint(condition=Q(reach__gte=0), name="dissemination_reach_not_negative"),
            models.CheckConstraint(condition=~Q(audience=""), name="dissemination_audience_not_empty"),
            models.CheckConstraint(
                condition=Q(audience_type__in=AudienceType.values), name="dissemination_audience_type_valid"
            ),
        ]

    def __str__(self):
        return f"{short_date(self.date)} {self.get_channel_display()}"


class Uptake(models.Model):
    """An output put to use: a named organisation adopted it, with evidence (a text, a link or both) and a date."""

    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="uptakes")
    organisation_name = models.CharField(_("organisation"), max_length=200)
    date = models.DateField(_("date"))
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("How the organisation uses the output."))
    url = models.URLField(_("web address of the evidence"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    recorded_for = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("uptake")
        verbose_name_plural = _("uptakes")
        constraints = [
            models.CheckConstraint(condition=~Q(organisation_name=""), name="uptake_organisation_not_empty"),
            models.CheckConstraint(condition=~Q(evidence="") | ~Q(url=""), name="uptake_has_evidence"),
        ]

    def __str__(self):
        return self.organisation_name

    def clean(self):
        if not self.evidence and not self.url:
            raise ValidationError({"evidence": _("Describe the evidence or give a link to it.")})


class ContinuationPlan(models.Model):
    """What a member continues after the funding ends, who decided it and with what resources; one per
    membership, edited by the member's contacts and the coordinators."""

    membership = models.OneToOneField("partners.Membership", on_delete=models.CASCADE, related_name="continuation_plan")
    continues = models.TextField(_("what continues after the funding"))
    decided_by = models.CharField(
        _("decided by"), max_length=300, help_text=_("Who decided it, e.g. the board of the organisation.")
    )
    resources = models.TextField(_("resources"), help_text=_("People, money or other resources committed to it."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("continuation plan")
        verbose_name_plural = _("continuation plans")
        constraints = [
            models.CheckConstraint(condition=~Q(continues=""), name="continuation_plan_continues_not_empty"),
        ]

    def __str__(self):
        return str(self.membership)


class ContributionKind(models.TextChoices):
    """What a member did for the network beyond its outputs: "kontakteja jaetaan"."""

    HOSTED_EVENT = "hosted_event", _("Hosted an event")
    STUDY_VISIT = "study_visit", _("Study visit")
    PRESENTATION = "presentation", _("Presentation")
    COMPANY_INTRODUCTION = "company_introduction", _("Introduction to a company")
    FOREIGN_INTRODUCTION = "foreign_introduction", _("Introduction to a foreign partner")


# The kinds that share a member's expertise (the panel's item 9) and those that bring in a company or a foreign
# partner (item 10): docs/health.md.
SHARING_KINDS = (ContributionKind.PRESENTATION, ContributionKind.HOSTED_EVENT, ContributionKind.STUDY_VISIT)
INTRODUCTION_KINDS = (ContributionKind.COMPANY_INTRODUCTION, ContributionKind.FOREIGN_INTRODUCTION)


class Contribution(models.Model):
    """A member's contribution: an event it hosted, a study visit, a presentation, or an introduction it made to a
    company or a foreign partner. Recorded by a member's contact (for their organisation) or a coordinator."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(_("kind"), max_length=30, choices=ContributionKind.choices)
    date = models.DateField(_("date"))
    description = models.TextField(_("description"))
    counterpart = models.CharField(
        _("with whom"),
        max_length=200,
        blank=True,
        help_text=_("The company, foreign partner or host, if any."),
    )
    recorded_for = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ContributionKind.values), name="contribution_kind_valid"),
            models.CheckConstraint(condition=~Q(description=""), name="contribution_description_not_empty"),
        ]

    def __str__(self):
        return f"{short_date(self.date)} {self.get_kind_display()}"
