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
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.get_channel_display()}"
