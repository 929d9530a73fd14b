"""Issue 21's mobility pages cost a pinned number of queries, the same with a few records as with many."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from mobility.models import Direction, ParticipantType
from tests.factories import MembershipFactory, MobilityFactory, sign_in
from tests.health.helpers import NOW

pytestmark = pytest.mark.django_db

# (page, role) -> queries, whatever the number of records and members.
QUERIES = {
    ("list", "partner"): 7,
    ("list", "coordinator"): 7,
    ("create", "partner"): 7,
    ("edit", "partner"): 8,
    ("import", "partner"): 5,
}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _grow(world, count):
    """`count` more records, outgoing and incoming, students and staff, sent and received by more members."""
    for n in range(count):
        member = MembershipFactory(project=world.project).organisation
        start = date(2026, 9, 1) + timedelta(days=n)
        MobilityFactory(
            project=world.project,
            sending_organisation=world.membership.organisation,
            receiving_name=f"Koulu {n}",
            created_by=world.partner,
            start_date=start,
            end_date=start + timedelta(days=5),
        )
        MobilityFactory(
            project=world.project,
            direction=Direction.INCOMING,
            participant_type=ParticipantType.STAFF,
            sending_organisation=None,
            sending_name=f"Escola {n}",
            receiving_organisation=member,
            receiving_name="",
            country="PT",
            created_by=world.coordinator,
            start_date=start,
            end_date=start + timedelta(days=5),
        )


@pytest.mark.parametrize(("name", "role"), sorted(QUERIES))
def test_mobility_pages_queries_are_pinned_at_two_sizes(world, client, django_assert_num_queries, name, role):
    own = MobilityFactory(project=world.project, sending_organisation=world.membership.organisation)
    kwargs = {"project_pk": world.project.pk, **({"mobility_pk": own.pk} if name == "edit" else {})}
    sign_in(client, getattr(world, role))
    for size in (2, 12):
        _grow(world, size)
        with django_assert_num_queries(QUERIES[name, role]):
            assert client.get(reverse(f"mobility:{name}", kwargs=kwargs)).status_code == 200
