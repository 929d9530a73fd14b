"""What home's pages read stored: the programme aggregates' figures (issue 22 part 6, issue 24), counted once and read
many times, and OPH's overview's sort and filter keys (`OverviewKey`, issue 24), one row per project."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import Programme, Project, ProjectStatus, Region


class ProgrammeFigures(models.Model):
    """A programme's `Aggregates` (home.programme_aggregates) for one set of the page's filters, as they were counted
    at `computed_at` with `computed_on` as the day (home.figures reads, stores and refreshes them)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("grant programme")
    )
    # The filters' canonical key (home.figures.filters_key): "" for the page without filters.
    filters_key = models.CharField(_("filters"), max_length=100, blank=True)
    computed_on = models.DateField(_("figures as of"))
    computed_at = models.DateTimeField(_("counted at"))
    figures = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("stored programme figures")
        verbose_name_plural = _("stored programme figures")
        constraints = [
            models.UniqueConstraint(fields=["programme", "filters_key"], name="home_programme_figures_once"),
        ]

    def __str__(self):
        return f"{self.programme.code} [{self.filters_key}] {self.computed_at.isoformat()}"


class OverviewKey(models.Model):
    """What OPH's overview sorts and filters a project by, in one narrow row (home.overview, docs/health.md "The
    overview's order"): the project's own fields, its latest daily statuses (`health.HealthDay`) and its first open
    report due date (`reports.ReportDue`), copied.

    Sorting 10,000 projects over three joined tables cost the page more than all its other queries; over this one
    table it costs a fifth (issue 24). The copy is kept by database triggers (migration 0005,
    `home.overview_key_sql`), on every insert, update and delete of the three source tables, so no write path (bulk
    updates, raw SQL, COPY) can leave it behind; it is never written by Django. Every project has its row; a project
    without statuses has zero counts and no date, one without a stored due date `has_report_due` False.
    """

    project = models.OneToOneField(
        Project,
        on_delete=models.DO_NOTHING,  # the project's delete trigger removes the row
        db_constraint=False,
        primary_key=True,
        related_name="overview_key",
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("grant programme")
    )
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices)
    region = models.CharField(_("region"), max_length=5, choices=Region.choices, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30)
    application_date = models.DateField(_("application date"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    has_report_due = models.BooleanField(_("first open report due date stored"), default=False)
    first_open_due_on = models.DateField(_("first open report due on"), null=True, blank=True)
    taken_on = models.DateField(_("statuses as of"), null=True, blank=True)
    red_count = models.PositiveSmallIntegerField(_("red items"), default=0)
    amber_count = models.PositiveSmallIntegerField(_("amber items"), default=0)
    no_data_count = models.PositiveSmallIntegerField(_("items without data"), default=0)
    not_in_use_count = models.PositiveSmallIntegerField(_("items not in use"), default=0)
    statuses = models.JSONField(_("statuses by item"), default=dict, blank=True)
    item_values = models.JSONField(_("values by item"), default=dict, blank=True)

    class Meta:
        verbose_name = _("overview key")
        verbose_name_plural = _("overview keys")

    def __str__(self):
        return f"{self.project_id} {self.acronym}"
