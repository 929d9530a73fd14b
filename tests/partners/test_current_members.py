"""Who is a member: joined (committed, active, or an invitation accepted), not only invited, not withdrawn."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from partners.queries import current_members, network_composition
from tests.factories import ContactFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _pks(project, as_of=None):
    return set(current_members(project, as_of).values_list("pk", flat=True))


def test_joined_members_count_and_invited_ones_do_not(world):
    committed = MembershipFactory(project=world.project, status="committed")
    invited = MembershipFactory(project=world.project, status="invited")
    ContactFactory(organisation=invited.organisation)  # no account yet
    accepted = MembershipFactory(project=world.project, status="invited")
    ContactFactory(organisation=accepted.organisation, user=UserFactory())  # accepted the invitation
    assert _pks(world.project) == {world.membership.pk, committed.pk, accepted.pk}
    assert network_composition(world.project)["total"] == 3


def test_a_member_counts_from_the_day_it_joined_until_the_day_it_withdrew(world):
    joined = date(2026, 3, 1)
    leaving = MembershipFactory(project=world.project, joined_on=joined, status="withdrawn", left_on=date(2026, 9, 1))
    assert leaving.pk not in _pks(world.project, date(2026, 2, 28))
    assert leaving.pk in _pks(world.project, date(2026, 8, 31))
    assert leaving.pk not in _pks(world.project, date(2026, 9, 1))
    MembershipFactory(project=world.project, status="withdrawn", left_on=None)  # no date: gone
    assert _pks(world.project, date(2026, 8, 31)) == {leaving.pk}  # the world's member joined today


def test_withdrawing_sets_the_withdrawal_date(world, client):
    client.force_login(world.coordinator)
    today = timezone.localdate()
    response = client.post(
        reverse("partners:edit", args=[world.project.pk, world.membership.pk]),
        {"role": "partner", "status": "withdrawn", "joined_on": (today - timedelta(days=30)).isoformat()},
    )
    assert response.status_code == 302
    world.membership.refresh_from_db()
    assert world.membership.left_on == today
    assert world.membership.pk not in _pks(world.project, today)
    assert world.membership.pk in _pks(world.project, today - timedelta(days=1))
