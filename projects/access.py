"""Project scope that needs nothing but the project itself: who coordinates it.

Visibility to partner contacts depends on memberships and lives in `partners.access`, the layer above,
which is the one module of access decorators. `coordinator_view` is the one decorator left here: the
projects app's own views need it and cannot import the layer above; `partners.access` re-exports it as its
coordinator-only form (`project_view(coordinator_only=True)`), so there is still one implementation.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Project


def coordinated_projects(user):
    return Project.objects.coordinated_by(user)


def is_project_coordinator(user, project):
    return project.coordinators.filter(pk=user.pk).exists()


def coordinator_view(view):
    """Resolve `project_pk` to a project the user coordinates, else 404; the view gets the project."""

    @login_required
    @wraps(view)
    def wrapper(request, project_pk, *args, **kwargs):
        project = get_object_or_404(coordinated_projects(request.user).select_related("programme"), pk=project_pk)
        request.is_project_coordinator = True
        return view(request, project, *args, **kwargs)

    return wrapper


def require_project_creator(user):
    if not user.is_coordinator:
        raise Http404
