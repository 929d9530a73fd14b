"""The funder reviewer's landing page: OPH's programme overview (home.overview; health columns: health.queries)."""

from django.shortcuts import render

from health import queries as health
from reports.review_views import funder_only, reviewable_reports

from . import overview as programme_overview


@funder_only
def overview(request):
    form, page = programme_overview.page(request.GET, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "home/overview.html",
        {
            "form": form,
            "page": page,
            "columns": health.columns(),
            "query": query.urlencode(),
            "in_review": reviewable_reports().count(),
        },
    )
