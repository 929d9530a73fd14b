"""Many projects at once for the landing pages' query-count tests, and stored statuses without a panel."""

from health.models import HealthDay, HealthSnapshot
from health.panel import ITEMS, Status
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


def store_statuses(projects, day, statuses=None, actions=None):
    """What the daily job stores for each project on `day`, every registered item green unless `statuses`
    says otherwise, with the next action `actions` names for a key (health.panel.ACTIONS codes): the snapshot
    rows, and the day with its counts unless a later day is stored already."""
    actions = actions or {}
    statuses = {key: statuses.get(key, Status.GREEN) for key in ITEMS} if statuses else dict.fromkeys(ITEMS, "green")
    HealthSnapshot.objects.bulk_create(
        [
            HealthSnapshot(project=project, taken_on=day, key=key, status=status, value=50, action=actions.get(key, ""))
            for project in projects
            for key, status in statuses.items()
        ]
    )
    later = set(HealthDay.objects.filter(project__in=projects, taken_on__gt=day).values_list("project_id", flat=True))
    counts = list(statuses.values())
    HealthDay.objects.bulk_create(
        [
            HealthDay(
                project=project,
                taken_on=day,
                red_count=counts.count(Status.RED),
                amber_count=counts.count(Status.AMBER),
                no_data_count=counts.count(Status.NO_DATA),
                not_in_use_count=counts.count(Status.NOT_IN_USE),
                statuses={key: str(status) for key, status in statuses.items()},
                item_values=dict.fromkeys(statuses, 50.0),
            )
            for project in projects
            if project.pk not in later
        ],
        update_conflicts=True,
        unique_fields=["project"],
        update_fields=[
            "taken_on",
            "red_count",
            "amber_count",
            "no_data_count",
            "not_in_use_count",
            "statuses",
            "item_values",
        ],
    )
