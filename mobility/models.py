"""Mobility records (issue 21, part 4): the internationalisation programmes' core data.

A record is one mobility period of a group of participants: outgoing (a member sends them abroad) or incoming
(a member receives them); students or staff; the sending and the receiving organisation, each either a member
organisation or an external one named in free text; the country (of the receiving organisation when outgoing,
of the sending one when incoming); the dates; and whether it is the first mobility of an organisation new to
international activity. The constraints repeat in the database what validation checks.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing")
    INCOMING = "incoming", _("Incoming")


class ParticipantType(models.TextChoices):
    STUDENTS = "students", _("Students")
    STAFF = "staff", _("Staff")


# More participants in one record is a typing error (and keeps the number well inside a 32-bit column).
MAX_PARTICIPANTS = 10_000


class MobilityQuerySet(models.QuerySet):
    def involving(self, organisations):
        """Records whose sending or receiving organisation is one of `organisations` (a queryset of pks)."""
        return self.filter(Q(sending_organisation__in=organisations) | Q(receiving_organisation__in=organisations))


class Mobility(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="mobilities")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    participant_type = models.CharField(_("participants are"), max_length=10, choices=ParticipantType.choices)
    participants = models.PositiveIntegerField(
        _("number of participants"),
        default=1,
        validators=[MinValueValidator(1, message=_("A mobility has at least one participant."))],
    )
    sending_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("sending member organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sending_name = models.CharField(
        _("sending organisation outside the network"),
        max_length=200,
        blank=True,
        help_text=_("Fill in only if the sending organisation is not a member of the project."),
    )
    receiving_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("receiving member organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiving_name = models.CharField(
        _("receiving organisation outside the network"),
        max_length=200,
        blank=True,
        help_text=_("Fill in only if the receiving organisation is not a member of the project."),
    )
    country = CountryField(
        _("country"), help_text=_("Where the participants went (outgoing) or where they came from (incoming).")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    newcomer_first = models.BooleanField(
        _("first mobility of an organisation new to international activity"),
        default=False,
        help_text=_("The member organisation's first international mobility: the funder counts these as progress."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = MobilityQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("mobility")
        verbose_name_plural = _("mobilities")
        constraints = [
            models.CheckConstraint(condition=Q(direction__in=Direction.values), name="mobility_direction_valid"),
            models.CheckConstraint(
                condition=Q(participant_type__in=ParticipantType.values), name="mobility_participant_type_valid"
            ),
            models.CheckConstraint(condition=Q(participants__gte=1), name="mobility_has_participants"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="mobility_ends_after_start"),
            models.CheckConstraint(condition=~Q(country=""), name="mobility_country_not_empty"),
            # Each side is either a member organisation or an external one named in free text, not both.
            models.CheckConstraint(
                condition=(Q(sending_organisation__isnull=False) & Q(sending_name=""))
                | (Q(sending_organisation__isnull=True) & ~Q(sending_name="")),
                name="mobility_one_sending_organisation",
            ),
            models.CheckConstraint(
                condition=(Q(receiving_organisation__isnull=False) & Q(receiving_name=""))
                | (Q(receiving_organisation__isnull=True) & ~Q(receiving_name="")),
                name="mobility_one_receiving_organisation",
            ),
            # A member sends the outgoing participants and receives the incoming ones.
            models.CheckConstraint(
                condition=~Q(direction=Direction.OUTGOING) | Q(sending_organisation__isnull=False),
                name="mobility_outgoing_sent_by_member",
            ),
            models.CheckConstraint(
                condition=~Q(direction=Direction.INCOMING) | Q(receiving_organisation__isnull=False),
                name="mobility_incoming_received_by_member",
            ),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} {self.participants} {self.get_participant_type_display()}"

    @property
    def sending(self):
        return self.sending_organisation.name if self.sending_organisation_id else self.sending_name

    @property
    def receiving(self):
        return self.receiving_organisation.name if self.receiving_organisation_id else self.receiving_name

    @property
    def member_organisation(self):
        """The member at the network's end: the sender of an outgoing mobility, the receiver of an incoming one."""
        return self.sending_organisation if self.direction == Direction.OUTGOING else self.receiving_organisation

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        for side in ("sending", "receiving"):
            member, name = getattr(self, f"{side}_organisation_id"), getattr(self, f"{side}_name").strip()
            if member and name:
                errors[f"{side}_name"] = _("Choose a member organisation or name an outside one, not both.")
            elif not member and not name:
                errors[f"{side}_organisation"] = _("Choose a member organisation or name an outside one.")
        if (
            self.direction == Direction.OUTGOING
            and not self.sending_organisation_id
            and "sending_organisation" not in errors
        ):
            errors["sending_organisation"] = _("An outgoing mobility is sent by a member organisation.")
        if (
            self.direction == Direction.INCOMING
            and not self.receiving_organisation_id
            and "receiving_organisation" not in errors
        ):
            errors["receiving_organisation"] = _("An incoming mobility is received by a member organisation.")
        if errors:
            raise ValidationError(errors)
