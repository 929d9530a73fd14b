"""reports' public reads for the apps above it (home's programme overview).

- `officer_projects(user)`: the projects whose programme officer the user is ("my projects", case work).
"""

from projects.models import Project

from .models import CaseOfficer


def officer_projects(user):
    """A queryset of the projects `user` is the officer of (none for anyone not signed in)."""
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(pk__in=CaseOfficer.objects.filter(officer=user).values("project_id"))
