"""Issue 21's results pages (outputs, contributions, continuation plans, the uptake and dissemination forms) cost
a pinned number of queries, the same with a few entries as with many, for a partner and for a coordinator."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.factories import (
    ContinuationPlanFactory,
    ContributionFactory,
    DisseminationEventFactory,
    MembershipFactory,
    OutputFactory,
    UptakeFactory,
    sign_in,
)
from tests.health.helpers import NOW

pytestmark = pytest.mark.django_db

# (page, role) -> queries, whatever the number of entries.
QUERIES = {
    ("list", "partner"): 10,
    ("list", "coordinator"): 10,
    ("contribution_list", "partner"): 6,
    ("contribution_list", "coordinator"): 6,
    ("continuation_list", "partner"): 7,
    ("continuation_list", "coordinator"): 7,
    ("continuation_edit", "partner"): 8,
    ("uptake_create", "partner"): 6,
    ("event_create", "partner"): 6,
    ("output_create", "partner"): 6,
    ("contribution_create", "partner"): 5,
}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _grow(world, count):
    """`count` more of everything: outputs made by two members with an event and an uptake each, members with a
    continuation plan, and contributions, half of them the partner's organisation's."""
    own = world.membership.organisation
    for n in range(count):
        member = MembershipFactory(project=world.project)
        mine = n % 2 == 0
        recorded_for, created_by = (own, world.partner) if mine else (None, world.coordinator)
        output = OutputFactory(
            project=world.project, recorded_for=recorded_for, created_by=created_by, created_at=NOW - timedelta(days=n)
        )
        output.contributors.set([own, member.organisation])
        DisseminationEventFactory(output=output, recorded_for=recorded_for, created_by=created_by)
        UptakeFactory(output=output, recorded_for=recorded_for, created_by=created_by)
        ContinuationPlanFactory(membership=member, updated_by=world.coordinator)
        ContributionFactory(project=world.project, recorded_for=recorded_for, created_by=created_by)


def _url(name, world):
    kwargs = {"project_pk": world.project.pk}
    if name in ("uptake_create", "event_create"):
        kwargs["output_pk"] = world.first_output.pk
    if name == "continuation_edit":
        kwargs["membership_pk"] = world.membership.pk
    return reverse(f"results:{name}", kwargs=kwargs)


@pytest.mark.parametrize(("name", "role"), sorted(QUERIES))
def test_results_pages_queries_are_pinned_at_two_sizes(world, client, django_assert_num_queries, name, role):
    world.first_output = OutputFactory(project=world.project, recorded_for=world.membership.organisation)
    ContinuationPlanFactory(membership=world.membership, updated_by=world.partner)
    sign_in(client, getattr(world, role))
    for size in (2, 12):
        _grow(world, size)
        with django_assert_num_queries(QUERIES[name, role]):
            assert client.get(_url(name, world)).status_code == 200
