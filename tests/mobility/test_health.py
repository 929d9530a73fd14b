"""Item 12 reads the newcomers' first mobilities as a fact (docs/health.md); the item's status does not change."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from health import items
from mobility.models import Direction
from tests.factories import MobilityFactory
from tests.health.helpers import TODAY, founding_members, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_newcomers_first_mobility_is_counted_as_of_the_panels_date(world):
    founding_members(world, 3)
    first = member(world.project, "Aloittelija A", new_to_international=True)
    member(world.project, "Aloittelija B", new_to_international=True)
    before = items.new_to_international(world.project, TODAY)
    assert before.facts[-1] == "Newcomers who have made their first mobility: 0 of 2."
    start = date(TODAY.year, TODAY.month, 1)
    MobilityFactory(
        project=world.project,
        direction=Direction.OUTGOING,
        sending_organisation=first.organisation,
        start_date=start,
        end_date=start,
        newcomer_first=True,
    )
    # An ordinary mobility of the other newcomer, not marked as its first, does not count.
    MobilityFactory(project=world.project, sending_organisation=world.membership.organisation, start_date=start,
                    end_date=start)  # fmt: skip
    after = items.new_to_international(world.project, TODAY)
    assert after.facts[-1] == "Newcomers who have made their first mobility: 1 of 2 (Aloittelija A)."
    assert after.status == before.status  # a fact only
    earlier = items.new_to_international(world.project, start - timedelta(days=1))
    assert earlier.facts[-1].startswith("Newcomers who have made their first mobility: 0 of")
