"""Who may change which mobility record: coordinators every record of their project; a member's contact the
records whose sending or receiving organisation is their own. Anything else is 404."""

from django.shortcuts import get_object_or_404

from partners.access import own_current_memberships

from .models import Mobility


def own_organisations(request, project):
    """The pks of the user's own organisations among the project's current members (a queryset)."""
    return own_current_memberships(request, project).values_list("organisation_id", flat=True)


def editable(request, project):
    mobilities = Mobility.objects.filter(project=project)
    if request.is_project_coordinator:
        return mobilities
    return mobilities.involving(own_organisations(request, project))


def get_editable(request, project, mobility_pk):
    return get_object_or_404(editable(request, project), pk=mobility_pk)
