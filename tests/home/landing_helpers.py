"""Many projects at once for the landing pages' query-count tests, and stored statuses without a panel."""

from health.panel import ITEMS, Status
from home.models import HealthSnapshot
from projects.models import Project
from tests.factories import ProjectFactory


def many_projects(count, *, programme, coordinator=None, **fields):
    """`count` projects in `programme` made in one insert (factories one by one would take minutes)."""
    projects = Project.objects.bulk_create([ProjectFactory.build(programme=programme, **fields) for _ in range(count)])
    if coordinator is not None:
        Project.coordinators.through.objects.bulk_create(
            [Project.coordinators.through(project=project, user=coordinator) for project in projects]
        )
    return projects


def store_statuses(projects, day, statuses=None):
    """Snapshot rows for each project on `day`: every registered item green unless `statuses` says otherwise."""
    statuses = statuses or {}
    HealthSnapshot.objects.bulk_create(
        [
            HealthSnapshot(project=project, taken_on=day, key=key, status=statuses.get(key, Status.GREEN), value=50)
            for project in projects
            for key in ITEMS
        ]
    )
