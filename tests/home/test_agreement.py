"""One rule for a member's commitment state: the member list, the commitment overview, the project home
and the health panel say the same about a half-signed member."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from commitments.overview import CommitmentState, commitments_for
from health import items
from partners.models import MembershipStatus
from tests.commitments.helpers import publish_rules
from tests.factories import ContactFactory, MembershipFactory
from tests.health.helpers import TODAY, founding_members, letter

pytestmark = pytest.mark.django_db


def _row(page, organisation):
    start = page.index(f">{organisation}</a>")
    return page[start : page.index("</tr>", start)]


def test_a_half_signed_member_is_partially_signed_everywhere(world, english):
    half, signed, unsent = founding_members(world, 3)
    # The coordinator had marked the half-signed member "committed": the list no longer believes that.
    half.status = MembershipStatus.COMMITTED
    half.save()
    publish_rules(world.project, world.coordinator)
    day = TODAY - timedelta(days=20)
    letter(half, world.coordinator, sent=day, contact=day)
    letter(signed, world.coordinator, sent=day, contact=day, management=day)
    english.force_login(world.coordinator)

    members_page = english.get(reverse("partners:list", args=[world.project.pk])).content.decode()
    home_page = english.get(reverse("home:project", args=[world.project.pk])).content.decode()
    overview = english.get(reverse("commitments:overview", args=[world.project.pk])).context["rows"]
    overview_page = english.get(reverse("commitments:overview", args=[world.project.pk])).content.decode()
    assert 'data-status="partially_signed">Partially signed</span> <span class="small">(v1)' in _row(
        overview_page, half.organisation.name
    )
    assert 'status-neutral" data-status="not_sent">Not sent<' in _row(overview_page, unsent.organisation.name)
    states = {row.membership.pk: row.commitment.state for row in overview}
    assert states == {
        half.pk: CommitmentState.PARTIALLY_SIGNED,
        signed.pk: CommitmentState.SIGNED,
        unsent.pk: CommitmentState.NOT_SENT,
    }
    for page in (members_page, home_page):
        # The state is a badge with its text, coloured by its tone (the same badge in every list).
        assert 'status-warning" data-status="partially_signed">Partially signed<' in _row(page, half.organisation.name)
        assert "Committed" not in _row(page, half.organisation.name)
        assert 'status-success" data-status="signed">Signed<' in _row(page, signed.organisation.name)
        assert 'status-neutral" data-status="not_sent">Not sent<' in _row(page, unsent.organisation.name)
    with translation.override("en"):
        management = items.management_signed(world.project)
    assert management.facts[1] == f"Missing: {unsent.organisation.name}, {half.organisation.name}."  # by name
    assert commitments_for([half])[half.pk].state == CommitmentState.PARTIALLY_SIGNED


def test_a_member_only_invited_is_marked_as_not_yet_joined(world, english):
    invited = MembershipFactory(project=world.project, status=MembershipStatus.INVITED)
    ContactFactory(organisation=invited.organisation)
    english.force_login(world.coordinator)
    page = english.get(reverse("partners:list", args=[world.project.pk])).content.decode()
    assert "invited, not yet joined" in _row(page, invited.organisation.name)
    assert "invited, not yet joined" not in _row(page, world.membership.organisation.name)
