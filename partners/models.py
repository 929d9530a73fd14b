import contextlib
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from stdnum import exceptions as stdnum_exceptions
from stdnum.eu import vat
from stdnum.fi import ytunnus

from networkhub import privacy, zones
from networkhub.models import Language

HOME_COUNTRY = "FI"


class TokenPurpose(models.TextChoices):
    """What this app's e-mailed links are for (registered with networkhub.tokens)."""

    INVITATION = "invitation", _("Invitation")


class OrganisationType(models.TextChoices):
    EDUCATION_PROVIDER = "vet", _("VET / education provider")
    HIGHER_EDUCATION = "higher_education", _("Higher education institution")
    COMPANY = "company", _("Company")
    EMPLOYER_ORGANISATION = "employer_org", _("Employer organisation")
    EMPLOYEE_ORGANISATION = "employee_org", _("Employee organisation")
    NGO = "ngo", _("Non-governmental organisation")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    OTHER = "other", _("Other")


# Business life (elinkeinoelämä): companies and the organisations that represent employers.
BUSINESS_TYPES = frozenset({OrganisationType.COMPANY, OrganisationType.EMPLOYER_ORGANISATION})
# Education providers: vocational (VET) providers and higher education institutions.
EDUCATION_TYPES = frozenset({OrganisationType.EDUCATION_PROVIDER, OrganisationType.HIGHER_EDUCATION})


def normalise_business_id(value):
    """Return a Finnish business ID (Y-tunnus) as 1234567-8, or raise ValidationError.

    The EU VAT form of the same number (FI07375462, ALV-numero) is accepted and converted.
    """
    compact = "".join(str(value).split())
    if compact[:2].upper() == "FI":
        compact = compact[2:]
    try:
        return ytunnus.format(ytunnus.validate(compact))
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a valid Finnish business ID. The format is 1234567-8."),
            code="invalid_business_id",
            params={"value": value},
        ) from None


def normalise_registration_number(value, country):
    """A number starting with the country's VAT prefix is an EU VAT number and must be valid.

    Anything else is a national registration number and is kept as typed.
    """
    value = " ".join(value.split())
    prefix = "EL" if country == "GR" else country
    if country.lower() in vat.MEMBER_STATES and value[:2].upper() == prefix:
        try:
            return vat.validate(value)
        except stdnum_exceptions.ValidationError:
            raise ValidationError(
                _("“%(value)s” is not a valid VAT number. Check it, or enter the national registration number."),
                code="invalid_vat",
                params={"value": value},
            ) from None
    return value


class OrganisationQuerySet(models.QuerySet):
    def search(self, query):
        query = (query or "").strip()
        if not query:
            return self.none()
        match = Q(name__icontains=query) | Q(foreign_registration_number__iexact=query)
        with contextlib.suppress(ValidationError):  # not a business ID: search by name only
            match |= Q(business_id=normalise_business_id(query))
        return self.filter(match)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    org_type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    country = CountryField(_("country"), default=HOME_COUNTRY)
    business_id = models.CharField(
        _("Finnish business ID"),
        max_length=9,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Y-tunnus, e.g. 1234567-8. Required for Finnish organisations."),
    )
    foreign_registration_number = models.CharField(
        _("registration or VAT number"),
        max_length=40,
        blank=True,
        help_text=_("For organisations outside Finland: the national registration number or EU VAT number."),
    )
    website = models.URLField(_("website"), blank=True)
    new_to_international = models.BooleanField(
        _("new to international activity"),
        default=False,
        help_text=_("The organisation's international activity is only beginning."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(condition=Q(org_type__in=OrganisationType.values), name="organisation_type_valid"),
            models.CheckConstraint(
                condition=(Q(country=HOME_COUNTRY) & Q(business_id__isnull=False))
                | (~Q(country=HOME_COUNTRY) & Q(business_id__isnull=True)),
                name="organisation_business_id_iff_finnish",
            ),
            models.UniqueConstraint(
                "country",
                Lower("foreign_registration_number"),
                condition=~Q(foreign_registration_number=""),
                name="organisation_foreign_registration_unique",
                violation_error_code="duplicate_registration",
                violation_error_message=_("An organisation with this registration number is already registered."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_domestic(self):
        return self.country == HOME_COUNTRY

    @property
    def contact_language(self):
        """The language a new contact of the organisation starts in: Finnish in Finland, Swedish in Sweden,
        English elsewhere (the app speaks fi, sv and en); the person may change it."""
        return {"FI": Language.FINNISH, "SE": Language.SWEDISH}.get(str(self.country), Language.ENGLISH)

    @property
    def contact_time_zone(self):
        """The time zone a new contact starts in: the country's main zone (Berlin for Germany), else Helsinki."""
        return next(iter(zones.zones_of_country(str(self.country))), zones.DEFAULT_TIME_ZONE)

    @property
    def is_business(self):
        return self.org_type in BUSINESS_TYPES

    @property
    def is_domestic_education_provider(self):
        """The population of the funder's "new to international activity" criterion (health item 12)."""
        return self.is_domestic and self.org_type in EDUCATION_TYPES

    @property
    def expertise_or_none(self):
        """The organisation's expertise profile, or None when it has not written one."""
        return getattr(self, "expertise", None)

    def clean(self):
        if self.is_domestic:
            if not self.business_id:
                raise ValidationError({"business_id": _("A Finnish organisation needs its business ID.")})
            try:
                self.business_id = normalise_business_id(self.business_id)
            except ValidationError as error:
                raise ValidationError({"business_id": error}) from None
            self.foreign_registration_number = ""
        else:
            if self.business_id:
                raise ValidationError(
                    {
                        "business_id": _(
                            "Only Finnish organisations have a Finnish business ID. Use the registration number field."
                        )
                    }
                )
            self.business_id = None
            if self.foreign_registration_number:
                try:
                    self.foreign_registration_number = normalise_registration_number(
                        self.foreign_registration_number, self.country.code
                    )
                except ValidationError as error:
                    raise ValidationError({"foreign_registration_number": error}) from None

    def find_duplicates(self):
        """Existing organisations this one would duplicate: same IDs, or the same name in the same country."""
        match = Q(name__iexact=self.name.strip(), country=self.country)
        if self.business_id:
            match |= Q(business_id=self.business_id)
        if self.foreign_registration_number:
            match |= Q(country=self.country, foreign_registration_number__iexact=self.foreign_registration_number)
        return Organisation.objects.filter(match).exclude(pk=self.pk)


class ContactPersonQuerySet(models.QuerySet):
    def shared(self):
        """Contacts who agreed that the other members of their networks may see their details."""
        return self.filter(consent_to_share=True)

    def seen_in(self, project):
        """Contacts whom `project` sees, whatever their organisation: those who consented to sharing, and those the
        project knows itself (it added them, or they accepted its invitation). `project` may be a project, its pk
        or an expression (OuterRef) naming one."""
        known = ProjectContact.objects.accepted().filter(project=project, contact=OuterRef("pk"))
        return self.filter(Q(consent_to_share=True) | Q(Exists(known)))

    def visible_to(self, project):
        """The contacts of `project`'s member organisations that the project sees: the one queryset every page,
        picker and mailing of the project uses for "the contacts of a member". Adding an organisation from the
        shared registry shows none of its other contacts."""
        members = Membership.objects.filter(project=project, organisation=OuterRef("organisation_id"))
        return self.seen_in(project).filter(Exists(members))


class ContactPerson(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FINNISH)
    # Meeting times on this person's pages and e-mails are shown in this zone beside the meeting's own.
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=zones.DEFAULT_TIME_ZONE, validators=[zones.validate_time_zone]
    )
    consent_to_share = models.BooleanField(
        _("may share contact details within the network"),
        default=False,
        help_text=_("Other members of the network may see this person's e-mail address and phone number."),
    )
    # When the person's answer to sharing was recorded; a "no" counts as a decision only with this date.
    consent_decided_on = models.DateField(_("consent decision recorded on"), null=True, blank=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.UniqueConstraint(Lower("email"), "organisation", name="contact_email_unique_per_organisation"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="contact_language_valid"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_erased(self):
        """Erased on request (privacy): the row stays with an undeliverable address and nothing is sent to it."""
        return privacy.is_erased(self.email)

    @property
    def may_be_invited(self):
        """Whether "send invitation" is offered: not to an erased person, nor to one who has already joined."""
        return not self.is_erased and self.user_id is None


class ProjectContactQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(accepted=True)


class ProjectContact(models.Model):
    """A contact person known to one project, so that its coordinators see the person's details.

    The organisation registry is shared, but its contact persons are not: a project knows a contact
    it added itself, or one it invited who accepted (`accepted` is False until then). Contacts who
    consented to sharing are seen in every project their organisation is a member of anyway.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="contact_links")
    contact = models.ForeignKey(ContactPerson, on_delete=models.CASCADE, related_name="project_links")
    accepted = models.BooleanField(_("accepted"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProjectContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person of a project")
        verbose_name_plural = _("contact persons of projects")
        constraints = [
            models.UniqueConstraint(fields=["project", "contact"], name="project_contact_unique"),
        ]

    def __str__(self):
        return f"{self.contact} @ {self.project_id}"


class MembershipRole(models.TextChoices):
    LEAD = "lead", _("Lead organisation")
    PARTNER = "partner", _("Partner")
    ASSOCIATE = "associate", _("Associate partner")


class MembershipStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    COMMITTED = "committed", _("Committed")
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.exclude(status=MembershipStatus.WITHDRAWN)

    def with_organisation(self):
        lead_first = Case(When(role=MembershipRole.LEAD, then=0), When(role=MembershipRole.PARTNER, then=1), default=2)
        return self.select_related("organisation").order_by(lead_first, Lower("organisation__name"))


class Membership(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.PARTNER)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.INVITED
    )
    joined_on = models.DateField(_("joined"), default=timezone.localdate)
    left_on = models.DateField(_("left"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="lead"), name="membership_one_lead_per_project"
            ),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="membership_role_valid"),
            models.CheckConstraint(condition=Q(status__in=MembershipStatus.values), name="membership_status_valid"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")), name="membership_left_after_joined"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} @ {self.project_id}"


# The expertise directory (characteristic 9: expertise and contacts are shared openly).
TAG_MIN_LENGTH = 2
TAG_MAX_LENGTH = 60
TAGS_PER_PROFILE = 15
EXPERTISE_TEXT_MAX_LENGTH = 2000

_MARKUP = re.compile(r"<!--.*?-->|</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalise_tag(value):
    """A tag as stored: lowercase, single spaces, nothing around it ("  Digital  Pedagogy " -> "digital pedagogy")."""
    return " ".join(str(value).split()).lower()


def plain_text(value):
    """Free text kept as plain text: no markup tags, control or bidi-override characters; tidy line breaks.

    Pages always escape it; this keeps pasted HTML and invisible characters out of what is stored and exported.
    """
    text = _MARKUP.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(
        char for char in text if char in "\n\t" or (unicodedata.category(char) != "Cc" and char not in _BIDI_CONTROLS)
    )
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


class ExpertiseTag(models.Model):
    """A keyword for what an organisation knows, shared by every organisation that uses it."""

    name = models.CharField(_("tag"), max_length=TAG_MAX_LENGTH, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("expertise tag")
        verbose_name_plural = _("expertise tags")
        constraints = [
            models.CheckConstraint(condition=Q(name=Lower("name")) & ~Q(name=""), name="expertise_tag_normalised"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise_tag(self.name)
        super().save(*args, **kwargs)


class ExpertiseProfile(models.Model):
    """What an organisation knows and offers, in tags and text. It belongs to the organisation, so every network
    the organisation is a member of sees the same profile."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="expertise")
    tags = models.ManyToManyField(ExpertiseTag, blank=True, related_name="profiles", verbose_name=_("expertise tags"))
    description = models.TextField(_("expertise"), max_length=EXPERTISE_TEXT_MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("expertise profile")
        verbose_name_plural = _("expertise profiles")
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), EXPERTISE_TEXT_MAX_LENGTH),
                name="expertise_description_length",
            ),
        ]

    def __str__(self):
        return str(self.organisation)
