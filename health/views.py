"""The network map's page ("met and worked together") and its exports, for the project's coordinators and the
funder's reviewers. Thin: the figures are health.network_map's, the files health.exports'."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from partners.access import coordinator_or_funder_view

from . import exports
from .forms import MapForm
from .network_map import compare, map_data


def _form(request):
    return MapForm(request.GET or None)


@require_safe
@coordinator_or_funder_view
def network_map_page(request, project):
    """The map with a filter by kind and an optional second date; bad input is shown next to its field and the
    map is drawn with the defaults in its place."""
    form = _form(request)
    kinds, as_of, other = form.choices()
    context = {
        "project": project,
        "form": form,
        "query": request.GET.urlencode(),
        "weak_share": settings.NETWORK_WEAK_TIE_SHARE,
    }
    if other is not None:
        earlier = other < as_of
        comparison = compare(project, other, as_of, kinds) if earlier else compare(project, as_of, other, kinds)
        context.update(comparison=comparison, network_map=comparison["after" if earlier else "before"])
    else:
        context["network_map"] = map_data(project, as_of, kinds)
    return render(request, "health/network_map.html", context)


@require_safe
@coordinator_or_funder_view
def network_map_graphml(request, project):
    kinds, as_of, _other = _form(request).choices()
    return exports.graphml_response(project, map_data(project, as_of, kinds))


@require_safe
@coordinator_or_funder_view
def network_map_csv(request, project):
    kinds, as_of, _other = _form(request).choices()
    return exports.csv_response(project, map_data(project, as_of, kinds))
