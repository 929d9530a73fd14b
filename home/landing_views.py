"""The funder reviewer's landing page: OPH's programme overview (home.overview; health columns: health.queries)."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render

from health import queries as health
from networkhub.models import Role
from partners.access import role_view
from projects.models import Programme
from reports.models import IN_REVIEW
from reports.review_views import reviewable_reports

from . import figures as programme_figures
from . import overview as programme_overview
from . import overview_exports, programme_aggregates


@role_view(Role.FUNDER)
def overview(request):
    form, page = programme_overview.page(request.GET, request.GET.get("page"), user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "home/overview.html",
        {
            "form": form,
            "page": page,
            "columns": health.columns(),
            "legend": health.legend(),
            # Which items the programmes of the page's projects do not score (docs/health.md).
            "criteria": health.unscored_by_programme(row.project.programme for row in page.object_list),
            "sort_headers": programme_overview.sort_headers(request.GET, health.columns()),
            "query": query.urlencode(),
            # Reports waiting for a reviewer: an accepted report, or one returned for information, is not.
            "in_review": reviewable_reports().filter(status__in=IN_REVIEW).count(),
        },
    )


@role_view(Role.FUNDER)
def overview_xlsx(request):
    """The overview's rows with the page's filters and order, as an Excel workbook (home.overview_exports)."""
    return overview_exports.xlsx(request.GET, request.user)


@role_view(Role.FUNDER)
def overview_csv(request):
    """The same rows as semicolon CSV with a byte order mark."""
    return overview_exports.csv(request.GET, request.user)


@role_view(Role.FUNDER)
def programmes(request):
    """The programme chooser of the aggregates: each programme with its open projects."""
    return render(request, "home/programmes.html", {"programmes": programme_aggregates.programmes()})


@role_view(Role.FUNDER)
def programme(request, code):
    """A programme's aggregates (home.programme_aggregates): totals, each item's distribution, overcommitted
    organisations and the region maps with their table."""
    programme = get_object_or_404(Programme, code=code)  # the page shows no count of its open projects
    form = programme_aggregates.AggregatesFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    # Stored figures, counted again when older than PROGRAMME_FIGURES_MAX_AGE or from another day (home.figures).
    figures, computed_at = programme_figures.figures_for(programme, filters)
    return render(
        request,
        "home/programme.html",
        {
            "programme": programme,
            "form": form,
            "figures": figures,
            "computed_at": computed_at,
            "recount_minutes": settings.PROGRAMME_FIGURES_MAX_AGE // 60,
            "statuses": programme_aggregates.STATUSES,
            **programme_aggregates.maps(figures.regions),
        },
    )
