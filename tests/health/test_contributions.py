"""Contributions (results.Contribution) in items 9 and 10 (docs/health.md): a presentation, a hosted event or a
study visit shares a member's expertise; a business or foreign partner's contribution within the idle period
is involvement (present, not quiet); introductions are a fact. Recording contributions never makes the panel
look worse than not recording them."""

from datetime import timedelta

import pytest
from django.utils import translation

from health import items, sharing
from health.activity import quiet_members
from health.panel import Status
from meetings.models import Attendance, AttendanceStatus
from partners import services as partner_services
from partners.models import OrganisationType
from results.models import ContributionKind
from tests.factories import ContributionFactory, ForeignOrganisationFactory
from tests.meetings.factories import HeldMeetingFactory, InvitationFactory

from .helpers import NOW, TODAY, at, founding_members, member

pytestmark = pytest.mark.django_db

ORDER = [Status.RED, Status.AMBER, Status.GREEN]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _contribution(membership, kind, days_ago):
    return ContributionFactory(
        project=membership.project,
        recorded_for=membership.organisation,
        kind=kind,
        date=TODAY - timedelta(days=days_ago),
    )


# --- 9. Expertise shared -------------------------------------------------------------------------


def test_a_presentation_counts_as_shared_expertise(world):
    members = founding_members(world, 4)
    partner_services.save_expertise_profile(members[0].organisation, tags=["mobility"], description="", actor=None)
    before = sharing.expertise_shared(world.project)
    assert before.value == 25
    _contribution(members[1], ContributionKind.PRESENTATION, 10)
    _contribution(members[2], ContributionKind.STUDY_VISIT, 300)
    _contribution(members[3], ContributionKind.COMPANY_INTRODUCTION, 10)  # not a sharing kind
    after = sharing.expertise_shared(world.project)
    assert after.value == 75
    assert after.facts[1] == (
        "2 presentations, hosted events or study visits shared expertise; 3 of 4 members have a profile or such a "
        "contribution."
    )
    assert after.facts[2] == (
        f"Neither a profile nor a presentation, hosted event or study visit: {members[3].organisation.name}."
    )


def test_a_contribution_after_the_panels_date_does_not_count(world):
    members = founding_members(world, 2)
    _contribution(members[1], ContributionKind.HOSTED_EVENT, 0)
    assert sharing.expertise_shared(world.project, TODAY - timedelta(days=1)).value == 0
    assert sharing.expertise_shared(world.project).value == 50


@pytest.mark.parametrize("kind", ContributionKind.values)
def test_contributions_never_make_item_9_worse(world, kind):
    members = founding_members(world, 3)
    before = sharing.expertise_shared(world.project)
    for membership in members:
        _contribution(membership, kind, 5)
    after = sharing.expertise_shared(world.project)
    assert after.value >= before.value
    assert ORDER.index(after.status) >= ORDER.index(before.status)


# --- 10. Business and foreign partners involved --------------------------------------------------


@pytest.fixture
def quiet_network(world):
    """Two partners invited to the last two meetings and absent from both; the education provider came."""
    world.foreign = member(world.project, "Tallinna Kool", organisation_factory=ForeignOrganisationFactory)
    world.company = member(world.project, "Konepaja Oy", org_type=OrganisationType.COMPANY)
    for days_ago in (60, 20):
        meeting = HeldMeetingFactory(project=world.project, start=at(TODAY - timedelta(days=days_ago)))
        for membership in (world.foreign, world.company, world.membership):
            InvitationFactory(meeting=meeting, contact=membership.organisation.contacts.first())
        Attendance.objects.create(
            meeting=meeting, contact=world.membership.organisation.contacts.first(), status=AttendanceStatus.PRESENT
        )
    return world


def _quiet_names(world, now=NOW):
    return sorted(m.organisation.name for m in quiet_members(world.project, now=now))


def test_a_partner_who_contributed_took_part_and_is_not_quiet(quiet_network):
    world = quiet_network
    before = items.partners_involved(world.project)
    assert before.value == 0 and before.status == Status.RED
    _contribution(world.company, ContributionKind.HOSTED_EVENT, 30)
    after = items.partners_involved(world.project)
    assert after.value == 50
    assert "1 more took part through a contribution in the last 120 days." in after.facts
    assert _quiet_names(world) == ["Tallinna Kool"]
    (absent,) = [fact for fact in after.coordinator_facts if fact.named.startswith("Absent")]
    assert "Konepaja Oy" not in absent.named


def test_an_old_or_later_contribution_does_not_count(quiet_network):
    world = quiet_network
    _contribution(world.company, ContributionKind.HOSTED_EVENT, 122)
    assert items.partners_involved(world.project).value == 0
    assert _quiet_names(world) == ["Konepaja Oy", "Tallinna Kool"]
    _contribution(world.foreign, ContributionKind.PRESENTATION, 0)
    assert items.partners_involved(world.project, TODAY - timedelta(days=1)).value == 0
    assert _quiet_names(world, NOW - timedelta(days=1)) == ["Konepaja Oy", "Tallinna Kool"]


def test_introductions_are_a_fact_also_without_partners_of_its_own(world):
    _contribution(world.membership, ContributionKind.FOREIGN_INTRODUCTION, 3)
    _contribution(world.membership, ContributionKind.COMPANY_INTRODUCTION, 200)  # outside the idle period
    result = items.partners_involved(world.project)
    assert result.status == Status.NO_DATA
    assert result.facts == [
        "The network has no business or foreign partners.",
        "1 introduction to a company or a foreign partner in the last 120 days.",
    ]


@pytest.mark.parametrize("days_ago", [0, 30, 119, 120, 400])
@pytest.mark.parametrize("kind", [ContributionKind.PRESENTATION, ContributionKind.COMPANY_INTRODUCTION])
def test_contributions_never_make_item_10_worse(quiet_network, days_ago, kind):
    world = quiet_network
    before = items.partners_involved(world.project)
    quiet_before = set(_quiet_names(world))
    for membership in (world.company, world.foreign, world.membership):
        _contribution(membership, kind, days_ago)
    after = items.partners_involved(world.project)
    assert (after.value or 0) >= (before.value or 0)
    assert ORDER.index(after.status) >= ORDER.index(before.status)
    assert set(_quiet_names(world)) <= quiet_before
