"""Issue 21's task follow-through pages (the coordinator's goals × members matrix, a letter's tasks) cost a pinned
number of queries, the same with a few members, goals and notes as with many."""

import pytest
import time_machine
from django.urls import reverse

from commitments import services
from commitments.models import NetworkRules, Task
from tests.commitments.helpers import publish_rules
from tests.factories import GoalFactory, sign_in
from tests.health.helpers import NOW, founding_members, letter, member

pytestmark = pytest.mark.django_db

SIGNED_ON = NOW.date().replace(month=2, day=10)

# (page, role) -> queries, whatever the number of members, goals, tasks and notes.
QUERIES = {
    ("task_matrix", "coordinator"): 11,
    ("letter_tasks", "coordinator"): 15,
    ("letter_tasks", "partner"): 16,
}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _signed(world, membership, goals):
    """A signed letter with a task for each goal, the first of them done, each with a progress note."""
    if not NetworkRules.objects.filter(project=membership.project).exists():
        publish_rules(membership.project, world.coordinator)
    version = letter(
        membership,
        world.coordinator,
        sent=SIGNED_ON,
        contact=SIGNED_ON,
        management=SIGNED_ON,
        tasks=[(True, True)] * len(goals),
    )
    tasks = list(version.tasks.order_by("order"))
    for task, goal in zip(tasks, goals, strict=True):
        Task.objects.filter(pk=task.pk).update(goal=goal)
        services.update_task(membership, task.thread, status="in_progress", note="Aloitettu.", actor=world.coordinator)
    services.update_task(membership, tasks[0].thread, status="done", done_on=NOW.date(), actor=world.coordinator)


def _grow(world, members, goals):
    """More goals; more members with signed letters; the partner's own letter re-made with a task per goal."""
    goals = [GoalFactory(project=world.project, title=f"Tavoite {n}") for n in range(goals)]
    for n in range(members):
        _signed(world, member(world.project, f"Jäsen {world.project.memberships.count()}-{n}"), goals)
    return goals


@pytest.mark.parametrize(("name", "role"), sorted(QUERIES))
def test_task_pages_queries_are_pinned_at_two_sizes(world, client, django_assert_num_queries, name, role):
    own = founding_members(world, 1)[0]
    goals = _grow(world, 1, 2)
    _signed(world, own, goals)
    kwargs = {"project_pk": world.project.pk, **({"membership_pk": own.pk} if name == "letter_tasks" else {})}
    url = reverse(f"commitments:{name}", kwargs=kwargs)
    sign_in(client, getattr(world, role))
    with django_assert_num_queries(QUERIES[name, role]):
        assert client.get(url).status_code == 200
    _grow(world, 6, 3)
    # The partner's own letter gets more notes on the same tasks.
    for task in own.letter.versions.first().tasks.all():
        services.update_task(own, task.thread, status="in_progress", note="Jatkuu.", actor=world.partner)
    with django_assert_num_queries(QUERIES[name, role]):
        assert client.get(url).status_code == 200
