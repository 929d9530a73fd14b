from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from networkhub import contributions
from networkhub.dates import short_date


def not_negative():
    return [MinValueValidator(Decimal("0"), message=_("The amount cannot be negative."))]


REVIEW_INTERVAL_MONTHS = (1, 24)


def review_interval():
    message = _("Give a number of months from 1 to 24.")
    return [
        MinValueValidator(REVIEW_INTERVAL_MONTHS[0], message=message),
        MaxValueValidator(REVIEW_INTERVAL_MONTHS[1], message=message),
    ]


class ReportType(models.TextChoices):
    STATUS = "status", _("Status report")
    INTERIM = "interim", _("Interim report")
    FINAL = "final", _("Final report")


# Funders whose names the app knows in every language; any other funder is shown as typed.
KNOWN_FUNDERS = {
    "opetushallitus": _("Finnish National Agency for Education"),
    "utbildningsstyrelsen": _("Finnish National Agency for Education"),
    "finnish national agency for education": _("Finnish National Agency for Education"),
    "oph": _("Finnish National Agency for Education"),
}


def validate_health_settings(value):
    """A programme's health settings (docs/health.md, "Thresholds and programme overrides"):
    {"off": [item keys], "on": [keys of settings.HEALTH_ITEMS_SCORED_ONLY_WHERE_ON], "thresholds": {name: {"green": n,
    "amber": n}}, "no_data_red_days": {item key: days}, "risk_weights": {item key: weight}} (the overview's risk
    score, docs/health.md).
    Unknown keys, items or threshold names are refused, so a typo never silently changes nothing."""
    if not isinstance(value, dict):
        raise ValidationError(_("Give the health settings as a JSON object."))
    unknown = set(value) - {"off", "on", "thresholds", "no_data_red_days", "risk_weights"}
    if unknown:
        raise ValidationError(_("Unknown setting: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    items = set(settings.HEALTH_ITEM_KEYS)
    off = value.get("off", [])
    if not isinstance(off, list) or not set(off) <= items:
        raise ValidationError(
            _("“off” lists item keys, from: %(keys)s.") % {"keys": ", ".join(settings.HEALTH_ITEM_KEYS)}
        )
    switched_on = value.get("on", [])
    if not isinstance(switched_on, list) or not set(switched_on) <= set(settings.HEALTH_ITEMS_SCORED_ONLY_WHERE_ON):
        raise ValidationError(
            _("“on” lists the items scored only where switched on, from: %(keys)s.")
            % {"keys": ", ".join(settings.HEALTH_ITEMS_SCORED_ONLY_WHERE_ON)}
        )
    for name, limits in value.get("thresholds", {}).items():
        if name not in settings.HEALTH_THRESHOLDS or not isinstance(limits, dict):
            raise ValidationError(_("Unknown threshold: %(name)s.") % {"name": name})
        if not set(limits) <= {"green", "amber"} or not all(
            isinstance(number, int | float) and not isinstance(number, bool) for number in limits.values()
        ):
            raise ValidationError(_("A threshold has a green and an amber number: %(name)s.") % {"name": name})
    weights = value.get("risk_weights", {})
    if not isinstance(weights, dict) or not all(
        key in items and isinstance(weight, int) and not isinstance(weight, bool) and 0 <= weight <= 100
        for key, weight in weights.items()
    ):
        raise ValidationError(
            _("“risk_weights” gives item keys whole-number weights from 0 to 100, from: %(keys)s.")
            % {"keys": ", ".join(settings.HEALTH_ITEM_KEYS)}
        )
    for key, days in value.get("no_data_red_days", {}).items():
        if key not in settings.HEALTH_NO_DATA_RED_DAYS or not isinstance(days, int) or days < 0:
            raise ValidationError(_("Days after which no data turns red, by item: %(name)s.") % {"name": key})


def unscored_items(health_settings):
    """The item keys a programme with these health settings does not score (docs/health.md, "Which items a programme
    scores"): those it switches off, and those scored only where switched on that it does not switch on."""
    health_settings = health_settings or {}
    switched_on = set(health_settings.get("on", []))
    opt_in = {key for key in settings.HEALTH_ITEMS_SCORED_ONLY_WHERE_ON if key not in switched_on}
    return set(health_settings.get("off", [])) | opt_in


class Programme(models.Model):
    """A funder's grant call, e.g. "Ammatillisen koulutuksen kansainvälistyminen 2026"."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    funder = models.CharField(_("funder"), max_length=200, default="Opetushallitus")
    health_settings = models.JSONField(
        _("health settings"),
        default=dict,
        blank=True,
        validators=[validate_health_settings],
        help_text=_(
            'Overrides of the network-health panel for this programme, e.g. {"on": ["new_to_international"], '
            '"off": ["trust"], "thresholds": {"meeting_days": {"green": 60, "amber": 90}}}. An item not scored shows '
            '"not in use".'
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("grant programme")
        verbose_name_plural = _("grant programmes")

    def __str__(self):
        return self.name

    @property
    def name(self):
        by_language = {"fi": self.name_fi, "sv": self.name_sv, "en": self.name_en}
        return by_language.get((get_language() or "fi")[:2]) or self.name_fi

    @property
    def unscored_items(self):
        """The item keys this programme does not score (`unscored_items`)."""
        return unscored_items(self.health_settings)

    @property
    def funder_name(self):
        """The funder in the active language: Opetushallitus, Utbildningsstyrelsen, Finnish National Agency…"""
        return str(KNOWN_FUNDERS.get(self.funder.strip().casefold(), self.funder))


class ProgrammeDeadline(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="deadlines")
    report_type = models.CharField(_("report type"), max_length=10, choices=ReportType.choices)
    due_date = models.DateField(_("due date"))

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("report deadline")
        verbose_name_plural = _("report deadlines")
        constraints = [
            models.UniqueConstraint(fields=["programme", "report_type", "due_date"], name="programme_deadline_unique"),
            models.CheckConstraint(
                condition=Q(report_type__in=ReportType.values), name="programme_deadline_type_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_report_type_display()} {short_date(self.due_date)}"


class ProjectStatus(models.TextChoices):
    APPLICATION = "application", _("Application")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Region(models.TextChoices):
    """Finland's regions (maakunnat), by their ISO 3166-2:FI codes: where the project's lead organisation works.

    OPH's programme overview filters by it; a project may leave it blank (then it shows as "not given").
    """

    UUSIMAA = "FI-18", _("Uusimaa")
    SOUTHWEST_FINLAND = "FI-19", _("Southwest Finland")
    SATAKUNTA = "FI-17", _("Satakunta")
    KANTA_HAME = "FI-06", _("Kanta-Häme")
    PIRKANMAA = "FI-11", _("Pirkanmaa")
    PAIJAT_HAME = "FI-16", _("Päijät-Häme")
    KYMENLAAKSO = "FI-09", _("Kymenlaakso")
    SOUTH_KARELIA = "FI-02", _("South Karelia")
    SOUTH_SAVO = "FI-04", _("South Savo")
    NORTH_SAVO = "FI-15", _("North Savo")
    NORTH_KARELIA = "FI-13", _("North Karelia")
    CENTRAL_FINLAND = "FI-08", _("Central Finland")
    SOUTH_OSTROBOTHNIA = "FI-03", _("South Ostrobothnia")
    OSTROBOTHNIA = "FI-12", _("Ostrobothnia")
    CENTRAL_OSTROBOTHNIA = "FI-07", _("Central Ostrobothnia")
    NORTH_OSTROBOTHNIA = "FI-14", _("North Ostrobothnia")
    KAINUU = "FI-05", _("Kainuu")
    LAPLAND = "FI-10", _("Lapland")
    ALAND = "FI-01", _("Åland")


class ProjectQuerySet(models.QuerySet):
    def coordinated_by(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(pk__in=self._coordinated_ids(user))

    def _coordinated_ids(self, user):
        return Project.coordinators.through.objects.filter(user=user).values("project_id")

    def with_latest_review(self):
        """Annotate `latest_review_date`, so that `next_review_due` needs no query per project."""
        return self.annotate(latest_review_date=Max("goal_reviews__review_date"))


class Project(models.Model):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30)
    case_number = models.CharField(
        _("funder's case number"),
        max_length=50,
        blank=True,
        help_text=_("The case number (diaarinumero) the funder gave the application, e.g. OPH-1234-2026."),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", verbose_name=_("programme")
    )
    grant_eur = models.DecimalField(_("grant (EUR)"), max_digits=12, decimal_places=2, validators=not_negative())
    self_financing_eur = models.DecimalField(
        _("self-financing (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=not_negative(),
    )
    application_date = models.DateField(_("application date"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.APPLICATION
    )
    description = models.TextField(_("description"), blank=True)
    region = models.CharField(
        _("region"),
        max_length=5,
        choices=Region.choices,
        blank=True,
        help_text=_("The region (maakunta) where the lead organisation works; the funder's overview filters by it."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("goal review interval (months)"),
        default=6,
        validators=review_interval(),
        help_text=_("How often the network reviews its goals: the next review is due this many months after the last."),
    )
    require_two_factor = models.BooleanField(
        _("coordinators must use two-factor sign-in"),
        default=False,
        help_text=_(
            "The coordinators of this project sign in with a code from an authenticator app as well as their "
            "password, on every page of networkhub."
        ),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_projects", verbose_name=_("coordinators")
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        # The reviewer's project list pages by case number: the unique constraint's index is partial (a project
        # without a case number), so it cannot serve that order; this one reads the first page off the index.
        indexes = [models.Index(fields=["case_number", "id"], name="project_by_case_number")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="project_end_after_start"),
            models.CheckConstraint(condition=Q(grant_eur__gte=0), name="project_grant_not_negative"),
            models.CheckConstraint(condition=Q(self_financing_eur__gte=0), name="project_self_financing_not_negative"),
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="project_status_valid"),
            models.CheckConstraint(condition=Q(region__in=["", *Region.values]), name="project_region_valid"),
            models.CheckConstraint(
                condition=Q(
                    review_interval_months__gte=REVIEW_INTERVAL_MONTHS[0],
                    review_interval_months__lte=REVIEW_INTERVAL_MONTHS[1],
                ),
                name="project_review_interval_valid",
            ),
            models.UniqueConstraint(
                fields=["case_number"], condition=~Q(case_number=""), name="project_case_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.acronym} – {self.name}"

    def get_absolute_url(self):
        return contributions.link("project_home", self.pk)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The project cannot end before it starts.")})

    @property
    def total_budget_eur(self):
        return self.grant_eur + self.self_financing_eur

    @cached_property
    def latest_review_date(self):
        """The date of the project's last goal review, or None (`with_latest_review()` annotates it)."""
        return self.goal_reviews.aggregate(last=Max("review_date"))["last"]

    def review_due_after(self, last_review_date):
        """When the review after one held on `last_review_date` (None: none yet, count from the start) is due."""
        return (last_review_date or self.start_date) + relativedelta(months=self.review_interval_months)

    @property
    def next_review_due(self):
        """The last review's date plus the interval, or the start date plus the interval when there is none."""
        return self.review_due_after(self.latest_review_date)


def _attach_kernel_rows():
    """The core declares the project link of the kernel's project-scoped rows (networkhub.models.PROJECT_SCOPED):
    audit events, e-mails, reminders and queued tasks are kept per project, and go with it."""
    from networkhub.models import AuditEvent, Message, OutboxTask, ProjectReminderSetting, Reminder

    links = {
        AuditEvent: {"null": True, "blank": True, "related_name": "audit_events"},
        Message: {"null": True, "blank": True, "related_name": "messages"},
        Reminder: {"related_name": "reminders"},
        ProjectReminderSetting: {"related_name": "reminder_settings"},
        OutboxTask: {"null": True, "blank": True, "related_name": "outbox_tasks"},
    }
    for model, options in links.items():
        model.add_to_class("project", models.ForeignKey(Project, on_delete=models.CASCADE, **options))


_attach_kernel_rows()
