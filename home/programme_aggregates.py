"""OPH's programme aggregates (issue 22 part 6): per programme, the distribution of each health item's statuses,
the network's totals, the overcommitted organisations, and the map of Finland's regions.

Every figure is counted in the database over the programme's projects (a subquery, never a list of pks), one
query per group of figures, so the page costs the same at 3 and at 300 projects: the regions (projects, with
statuses, with a red item), the health distribution (health.queries, two), the members and organisations
(partners.queries), the outputs and reach (results.queries), the mobilities (mobility.queries) and the
overcommitted organisations (partners.queries). How each is counted: docs/health.md "Programme aggregates".

Closed projects (status closed, or past their end date) are left out unless asked for, as on the overview.

The page does not count on every view: home.figures stores the figures (`as_json`, read back by `from_json`) and
counts them again when they are older than settings.PROGRAMME_FIGURES_MAX_AGE or from another day.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health import queries as health
from mobility import queries as mobility
from partners import queries as partners
from projects.models import Programme, Project, ProjectStatus
from results import queries as results

from . import programme_map
from .overview import COHORT_YEARS_BACK, filter_by_phase

# The distribution's columns, in the panel's order: green, amber, red, without data, not in use.
STATUSES = health.DISTRIBUTION_STATUSES


class AggregatesFilterForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    cohort = forms.TypedChoiceField(label=_("Cohort (application year)"), coerce=int, required=False)
    include_closed = forms.BooleanField(label=_("Include closed projects"), required=False)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["phase"].choices = [("", _("All")), *health.Phase.choices]
        years = range(today.year + 1, today.year - COHORT_YEARS_BACK, -1)
        self.fields["cohort"].choices = [("", _("All"))] + [(year, str(year)) for year in years]


def programmes():
    """The programmes by code, each with `open_projects` (not closed, not past their end date). One query."""
    today = timezone.localdate()
    open_projects = Q(projects__end_date__gte=today) & ~Q(projects__status=ProjectStatus.CLOSED)
    return Programme.objects.order_by("code").annotate(open_projects=Count("projects", filter=open_projects))


def programme_projects(programme, filters, today):
    """The programme's projects the figures count: closed ones only when asked for (or when the phase asked for
    is "closed"), cut by phase and cohort as on the overview."""
    projects = Project.objects.filter(programme=programme)
    if not (filters.get("include_closed") or filters.get("phase") == health.Phase.CLOSED):
        projects = projects.exclude(status=ProjectStatus.CLOSED).exclude(end_date__lt=today)
    projects = filter_by_phase(projects, filters.get("phase"), today)
    if filters.get("cohort"):
        projects = projects.filter(application_date__year=filters["cohort"])
    return projects


def under_way(today):
    """Every programme's projects whose term is under way on `today`: started, not ended, not closed."""
    return Project.objects.filter(start_date__lte=today, end_date__gte=today).exclude(status=ProjectStatus.CLOSED)


@dataclass
class DistributionRow:
    number: int
    key: str
    title: str
    counts: list  # [(Status, n)] in DISTRIBUTION_STATUSES order
    no_statuses: int


@dataclass
class Aggregates:
    projects: int
    without_region: dict
    totals: dict
    distribution: list
    with_statuses: int
    overcommitted: list  # the OVERCOMMITTED_SHOWN with the most projects
    overcommitment_limit: int
    regions: list
    overcommitted_total: int = 0  # how many organisations are over the limit in all


def region_rows(projects):
    """{region code ("" for none): {projects, with_statuses, with_red}}. One query."""
    rows = (
        projects.order_by()
        .values("region")
        .annotate(
            projects=Count("pk"),
            with_statuses=Count("pk", filter=Q(health_day__taken_on__isnull=False)),
            with_red=Count("pk", filter=Q(health_day__taken_on__isnull=False, health_day__red_count__gt=0)),
        )
    )
    return {row.pop("region"): row for row in rows}


def distribution(projects, total):
    """[DistributionRow] per registered item, and how many projects have statuses (health.queries, two queries)."""
    stored = health.status_distribution(projects)
    rows = []
    for column in health.columns():
        counts = stored["items"][column.key]
        rows.append(
            DistributionRow(
                column.number,
                column.key,
                column.title,
                [(status, counts[status]) for status in health.DISTRIBUTION_STATUSES],
                total - stored["with_statuses"],
            )
        )
    return rows, stored["with_statuses"]


def compute(programme, filters, today=None):
    """The programme's `Aggregates` over the projects `filters` (a form's cleaned data, or {}) select."""
    today = today or timezone.localdate()
    projects = programme_projects(programme, filters, today)
    by_region = region_rows(projects)
    total = sum(row["projects"] for row in by_region.values())
    members = partners.programme_totals(projects, today)
    outputs = results.programme_totals(projects)
    mobilities = mobility.programme_totals(projects)
    rows, with_statuses = distribution(projects, total)
    limit = settings.PROGRAMME_OVERCOMMITMENT_PROJECTS
    programme_under_way = under_way(today).filter(programme=programme)
    overcommitted = partners.overcommitted(under_way(today), programme_under_way, limit, today)
    return Aggregates(
        projects=total,
        without_region=by_region.get("", {"projects": 0, "with_statuses": 0, "with_red": 0}),
        totals={
            **members,
            "outputs": outputs["outputs"],
            "events": outputs["events"],
            "reach": outputs["reach"],
            "mobilities": mobilities["records"],
            "mobility_participants": mobilities["people"],
        },
        distribution=rows,
        with_statuses=with_statuses,
        overcommitted=overcommitted[:OVERCOMMITTED_SHOWN],
        overcommitment_limit=limit,
        regions=programme_map.region_figures(by_region),
        overcommitted_total=len(overcommitted),
    )


# The page lists the organisations with the most projects over the limit, and says how many more there are: a
# programme where every organisation is in five projects would otherwise list thousands (the 10,000-project bench).
OVERCOMMITTED_SHOWN = 50

# The stored form's version (home.ProgrammeFigures.figures): figures stored in another form are counted again.
STORED_FORMAT = 2
REGION_FIELDS = ("projects", "with_statuses", "with_red")


def as_json(figures):
    """`figures` (Aggregates) as JSON-safe data: numbers, codes and keys only. Words (the items' titles, the regions'
    names) are not stored: `from_json` takes them from the code in the reader's language, as `compute` does."""
    return {
        "format": STORED_FORMAT,
        "projects": figures.projects,
        "without_region": {field: figures.without_region[field] for field in REGION_FIELDS},
        "totals": dict(figures.totals),
        "distribution": [
            {
                "number": row.number,
                "key": row.key,
                "counts": [[str(status), n] for status, n in row.counts],
                "no_statuses": row.no_statuses,
            }
            for row in figures.distribution
        ],
        "with_statuses": figures.with_statuses,
        "overcommitted": [[name, pk, n] for name, pk, n in figures.overcommitted],
        "overcommitment_limit": figures.overcommitment_limit,
        "overcommitted_total": figures.overcommitted_total,
        "regions": {
            region.code: {field: getattr(region, field) for field in REGION_FIELDS}
            for region in figures.regions
            if region.projects
        },
    }


def from_json(data):
    """The `Aggregates` that `as_json` stored, equal to what `compute` gave; None when they no longer fit the code:
    another stored form, another overcommitment limit, or another set of health items (count them again)."""
    columns = health.columns()
    statuses = {str(status): status for status in STATUSES}
    if (
        data.get("format") != STORED_FORMAT
        or data["overcommitment_limit"] != settings.PROGRAMME_OVERCOMMITMENT_PROJECTS
        or [(row["number"], row["key"]) for row in data["distribution"]] != [(c.number, c.key) for c in columns]
        or any([status for status, _n in row["counts"]] != list(statuses) for row in data["distribution"])
    ):
        return None
    rows = [
        DistributionRow(
            column.number,
            column.key,
            column.title,
            [(statuses[status], n) for status, n in row["counts"]],
            row["no_statuses"],
        )
        for column, row in zip(columns, data["distribution"], strict=True)
    ]
    return Aggregates(
        projects=data["projects"],
        without_region=data["without_region"],
        totals=data["totals"],
        distribution=rows,
        with_statuses=data["with_statuses"],
        overcommitted=[tuple(row) for row in data["overcommitted"]],
        overcommitment_limit=data["overcommitment_limit"],
        regions=programme_map.region_figures(data["regions"]),
        overcommitted_total=data["overcommitted_total"],
    )


def maps(regions):
    """The two region maps (inline SVG) and their legends ([(swatch, words)]) for the page."""
    return {
        "project_map": programme_map.svg(regions, "projects", "map-projects"),
        "red_map": programme_map.svg(regions, "red", "map-red"),
        "project_legend": [
            (programme_map.legend_swatch(fill), words) for _i, fill, words in programme_map.project_legend()
        ],
        "red_legend": [(programme_map.legend_swatch(fill), words) for _i, fill, words in programme_map.red_legend()],
    }
