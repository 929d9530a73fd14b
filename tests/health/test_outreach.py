"""Health item 10 and the motivation log (docs/health.md, item 10): coordinators read the days since each business
or foreign partner was last reached; a partner reached within the idle period is not quiet; the log never makes the
item worse than not using it."""

from datetime import timedelta

import pytest
from django.utils import translation

from health import items
from health.activity import quiet_members
from meetings.models import Attendance, AttendanceStatus
from partners.models import OrganisationType
from tests.factories import ForeignOrganisationFactory, MotivationEntryFactory
from tests.meetings.factories import HeldMeetingFactory, InvitationFactory

from .helpers import NOW, TODAY, at, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def quiet_network(world):
    """Two partners invited to the last two meetings and absent from both: both quiet; the education provider came."""
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


def _named(result, start):
    return [fact for fact in result.coordinator_facts if fact.named.startswith(start)]


def _quiet_names(world):
    return sorted(m.organisation.name for m in quiet_members(world.project, now=NOW))


def test_the_coordinator_reads_the_days_since_each_partner_was_last_reached(quiet_network):
    world = quiet_network
    MotivationEntryFactory(membership=world.company, date=TODAY - timedelta(days=40))
    MotivationEntryFactory(membership=world.company, date=TODAY - timedelta(days=10))
    result = items.partners_involved(world.project)
    (reached,) = [fact for fact in result.coordinator_facts if "reached" in fact.counted]
    assert reached.named == (
        "Last reached: Konepaja Oy 10 days ago. Not reached (no entry in the motivation log): Tallinna Kool."
    )
    assert reached.counted == "1 of 2 business and foreign partners reached in the last 120 days."
    assert "Konepaja" not in reached.counted  # partners read how many, not who


def test_a_partner_reached_within_the_idle_period_is_not_quiet(quiet_network):
    world = quiet_network
    before = items.partners_involved(world.project)
    assert _quiet_names(world) == ["Konepaja Oy", "Tallinna Kool"]
    MotivationEntryFactory(membership=world.company, date=TODAY - timedelta(days=119))  # inside the 120 days
    MotivationEntryFactory(membership=world.foreign, date=TODAY - timedelta(days=121))  # too long ago
    after = items.partners_involved(world.project)
    assert _quiet_names(world) == ["Tallinna Kool"]
    (quiet,) = _named(after, "Quiet partners")
    assert "Tallinna Kool" in quiet.named and "Konepaja Oy" not in quiet.named
    # The attendance measure, and so the status, is the same: the log only takes partners off the quiet list.
    assert (after.status, after.value) == (before.status, before.value)


def test_an_entry_after_the_panels_date_does_not_count(quiet_network):
    """A panel as of a past date (a report's) does not see later contacts."""
    world = quiet_network
    MotivationEntryFactory(membership=world.company, date=TODAY)
    assert _quiet_names(world) == ["Tallinna Kool"]
    assert sorted(m.organisation.name for m in quiet_members(world.project, now=NOW - timedelta(days=1))) == [
        "Konepaja Oy",
        "Tallinna Kool",
    ]
    earlier = items.partners_involved(world.project, TODAY - timedelta(days=1))
    (reached,) = [fact for fact in earlier.coordinator_facts if "reached" in fact.counted]
    assert reached.counted.startswith("0 of 2")


@pytest.mark.parametrize("days_ago", [0, 30, 119, 120, 400])
def test_using_the_log_never_makes_the_item_worse(quiet_network, days_ago):
    world = quiet_network
    before = items.partners_involved(world.project)
    quiet_before = set(_quiet_names(world))
    for membership in (world.company, world.foreign, world.membership):
        MotivationEntryFactory(membership=membership, date=TODAY - timedelta(days=days_ago))
    after = items.partners_involved(world.project)
    assert (after.status, after.value, after.facts) == (before.status, before.value, before.facts)
    assert set(_quiet_names(world)) <= quiet_before


def test_no_meeting_yet_still_shows_the_reached_fact(world):
    company = member(world.project, "Konepaja Oy", org_type=OrganisationType.COMPANY)
    MotivationEntryFactory(membership=company, date=TODAY - timedelta(days=3))
    result = items.partners_involved(world.project)
    assert [fact.named for fact in result.coordinator_facts] == ["Last reached: Konepaja Oy 3 days ago."]
