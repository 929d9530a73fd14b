"""The funder reviewer's landing page: OPH's programme overview (home.overview; health columns: health.queries)."""

from django.shortcuts import render

from health import queries as health
from networkhub.models import Role
from partners.access import role_view
from reports.models import IN_REVIEW
from reports.review_views import reviewable_reports

from . import overview as programme_overview
from . import overview_exports


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
