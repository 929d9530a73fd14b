"""The programme overview's read-only JSON feed for OPH's own systems (docs/api.md): the rows the page shows, with
its filters and order, paged; authenticated by an API token of a funder reviewer (accounts.api_tokens), never by
a session. Thin: the rows are home.overview_exports'."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts import api_tokens

from . import overview_exports

API_PAGE_SIZE = 100


def _error(status, detail, **extra):
    response = JsonResponse({"detail": detail, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="networkhub"'
    return response


@require_safe
def overview_feed(request):
    user = api_tokens.user_for(request.headers.get("Authorization"))
    if user is None:
        return _error(401, "A valid API token is required: Authorization: Bearer <token>.")
    today = timezone.localdate()
    query = request.GET.copy()
    page_number = query.pop("page", ["1"])[-1]
    form, queryset = overview_exports.projects(query, user, today)
    if query and not form.is_valid():
        return _error(400, "Invalid filters.", errors={name: list(errors) for name, errors in form.errors.items()})
    paginator = Paginator(queryset.values_list("pk", flat=True), API_PAGE_SIZE)
    try:
        page = paginator.page(page_number)
    except (EmptyPage, PageNotAnInteger):
        return _error(404, "No such page.")
    results = [_row(row) for row in overview_exports.data_rows(list(page.object_list), today)]
    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "page_size": API_PAGE_SIZE,
            "results": results,
        }
    )


def _row(row):
    project, next_report = row["project"], row["next_report"]
    return {
        "id": project.pk,
        "acronym": project.acronym,
        "name": project.name,
        "case_number": project.case_number,
        "programme": project.programme.code,
        "region": project.region or None,
        "cohort": project.application_date.year,
        "phase": str(row["phase"].value),
        "status": project.status,
        "statuses_on": project.statuses_on.isoformat() if project.statuses_on else None,
        "risk_score": project.risk_score,
        "overdue_report": project.has_overdue_report,
        "red_count": project.red_count,
        "amber_count": project.amber_count,
        "items": {
            column.key: {"number": column.number, "status": status, "value": value}
            for column, status, value in row["items"]
        },
        "outputs": row["headlines"]["outputs_count"],
        "reach": row["headlines"]["outputs_reach"],
        "spend_against_plan": row["headlines"]["spend_against_plan"],
        "next_report": {
            "report_type": next_report["report_type"],
            "due_date": next_report["due_date"].isoformat(),
            "days_overdue": next_report["days_overdue"] or 0,
        }
        if next_report
        else None,
    }
