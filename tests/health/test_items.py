"""Each built item in each state: green, amber, red and not enough data, with the facts that name names."""

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from commitments.models import RulesAcceptance, Task
from health import items
from health.panel import ITEMS, Status, panel
from meetings.models import Attendance, AttendanceStatus
from networkhub.models import AuditEvent
from partners.models import OrganisationType
from tests.commitments.helpers import publish_rules
from tests.factories import (
    ContactFactory,
    ForeignOrganisationFactory,
    MembershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.meetings.factories import HeldMeetingFactory, InvitationFactory, MeetingFactory

from .helpers import TODAY, at, by_key, founding_members, letter, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_registry_lists_the_built_items_in_order(world):
    assert [health_item.number for health_item in panel(world.project)] == list(range(1, 13))
    assert set(ITEMS) == {
        "learning",
        "trust",
        "expertise",
        "dissemination",
        "rules",
        "application",
        "tasks",
        "management",
        "coordinator",
        "meetings",
        "partners",
        "new_to_international",
    }


def test_an_item_can_be_asked_on_its_own(world):
    result = items.new_to_international(world.project, TODAY)
    assert (result.number, result.key) == (12, "new_to_international")


def test_a_project_without_members_has_not_enough_data_never_green(db):
    project = ProjectFactory()
    results = by_key(panel(project))
    for key in ("rules", "tasks", "management", "partners", "new_to_international", "meetings"):
        assert results[key].status == Status.NO_DATA, key
        assert results[key].facts, key
    assert results["rules"].action_url.endswith("/members/add/")
    assert results["application"].status == Status.HISTORY  # applied nine months ago: a past fact, not scored


# --- 1. Rules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("accepted", "status"), [(5, Status.GREEN), (4, Status.AMBER), (3, Status.RED)])
def test_rules_accepted(world, accepted, status):
    members = founding_members(world, 5)
    rules = publish_rules(world.project, world.coordinator)
    for membership in members[:accepted]:
        RulesAcceptance.objects.create(
            membership=membership, rules=rules, accepted_by="X", email="x@example.org", consent_version="1"
        )
    result = items.rules_accepted(world.project)
    assert result.status == status
    assert result.value == 20 * accepted
    assert result.facts[0] == f"{accepted} of 5 members accepted rules v1."
    missing = [m.organisation.name for m in members[accepted:]]
    if missing:
        assert result.facts[1] == f"Missing: {', '.join(sorted(missing))}."
    else:
        assert len(result.facts) == 1


def test_no_published_rules_is_red(world):
    founding_members(world, 2)
    result = items.rules_accepted(world.project)
    assert result.status == Status.RED
    assert result.facts == ["The network has no published rules."]
    assert result.action_url.endswith("/commitments/rules/")


def test_rules_as_of_a_date_ignore_later_acceptances_and_versions(world):
    members = founding_members(world, 2)
    with_time = publish_rules(world.project, world.coordinator)  # published today
    RulesAcceptance.objects.create(
        membership=members[0], rules=with_time, accepted_by="X", email="x@example.org", consent_version="1"
    )
    assert items.rules_accepted(world.project, TODAY).value == 50
    assert items.rules_accepted(world.project, TODAY - timedelta(days=1)).facts == [
        "The network has no published rules."
    ]


# --- 2. Committed when applying -----------------------------------------------------------------------

EARLY, LATE = date(2026, 2, 20), date(2026, 4, 1)  # the application date is 1.3.2026


@pytest.mark.parametrize("early", [4, 3, 2])
def test_committed_at_application_is_history_after_the_application_date(world, early):
    members = founding_members(world, 4)
    publish_rules(world.project, world.coordinator)
    for index, membership in enumerate(members):
        day = EARLY if index < early else LATE
        letter(membership, world.coordinator, sent=day, contact=day, management=day)
    latecomer = member(world.project, "Myöhäinen Oy", joined=date(2026, 6, 1))
    result = items.committed_at_application(world.project)
    assert result.status == Status.HISTORY  # never red or amber: no action can change the past
    assert (result.action, result.action_url) == ("", "")
    assert result.value == 25 * early
    assert result.facts[0].startswith(f"{early} of 4 members had signed their commitment letter")
    late = sorted(m.organisation.name for m in members[early:])
    if late:
        assert f"Not committed by then: {', '.join(late)}." in result.facts
    assert "Joined after the application date, not counted: Myöhäinen Oy." in result.facts
    assert latecomer.organisation.name not in result.facts[0]


def test_half_signed_by_the_application_date_is_not_committed(world):
    (membership,) = founding_members(world, 1)
    publish_rules(world.project, world.coordinator)
    letter(membership, world.coordinator, sent=EARLY, contact=EARLY, management=LATE)
    result = items.committed_at_application(world.project)
    assert result.status == Status.HISTORY
    assert result.facts[1] == "Not committed by then: Kumppaniopisto."


def test_every_member_joined_after_applying_is_history_too(world):
    world.membership.joined_on = date(2026, 9, 1)
    world.membership.save()
    assert items.committed_at_application(world.project).status == Status.HISTORY


@pytest.mark.parametrize(("signed", "status"), [(4, Status.GREEN), (3, Status.AMBER), (2, Status.RED)])
def test_before_the_application_date_item_2_counts_down(world, signed, status):
    members = founding_members(world, 4)
    world.project.application_date = TODAY + timedelta(days=12)
    world.project.save()
    publish_rules(world.project, world.coordinator)
    for index, membership in enumerate(members):
        letter(membership, world.coordinator, sent=EARLY, contact=EARLY, management=EARLY if index < signed else None)
    result = items.committed_at_application(world.project)
    assert result.status == status
    assert result.facts[0] == f"12 days left to the application date {(TODAY + timedelta(days=12)):%d/%m/%Y}."
    assert result.facts[1].startswith(f"{signed} of 4 members have signed")
    pending = sorted(m.organisation.name for m in members[signed:])
    assert (f"Pending: {', '.join(pending)}." in result.facts) == bool(pending)
    assert result.action == "send_letters"


# --- 3. Tasks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tasks", "sent", "status", "value"),
    [
        (((True, True), (True, True)), 4, Status.GREEN, 100),
        (((True, True), (True, False)), 4, Status.AMBER, 75),  # the last member's second task has no deadline
        (((True, True), (False, True)), 4, Status.AMBER, 75),  # ... or no responsible person
        (((True, True),), 2, Status.RED, 50),  # two members have no letter sent
    ],
)
def test_tasks_defined(world, tasks, sent, status, value):
    members = founding_members(world, 4)
    publish_rules(world.project, world.coordinator)
    for index, membership in enumerate(members[:sent]):
        letter(membership, world.coordinator, sent=EARLY, tasks=tasks if index == 3 else ((True, True),))
    result = items.tasks_defined(world.project)
    assert (result.status, result.value) == (status, value)
    if sent < 4:
        assert f"No letter sent: {', '.join(sorted(m.organisation.name for m in members[sent:]))}." in result.facts
    if status == Status.AMBER:
        assert f"Tasks without a responsible person or a deadline: {members[3].organisation.name}." in result.facts


def test_a_letter_without_tasks_does_not_count(world):
    (membership,) = founding_members(world, 1)
    publish_rules(world.project, world.coordinator)
    version = letter(membership, world.coordinator, sent=EARLY)
    Task.objects.filter(version=version).delete()  # sending needs a task; older data may lack them
    assert items.tasks_defined(world.project).status == Status.RED


# --- 4. Management ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("signed", "status"), [(4, Status.GREEN), (3, Status.AMBER), (2, Status.RED)])
def test_management_signed(world, signed, status):
    members = founding_members(world, 4)
    publish_rules(world.project, world.coordinator)
    for index, membership in enumerate(members):
        letter(membership, world.coordinator, sent=LATE, contact=LATE, management=LATE if index < signed else None)
    result = items.management_signed(world.project)
    assert (result.status, result.value) == (status, 25 * signed)
    assert result.facts[0] == f"The management of {signed} of 4 members has signed the commitment letter."
    if signed < 4:
        assert result.facts[1] == f"Missing: {', '.join(sorted(m.organisation.name for m in members[signed:]))}."


def test_management_as_of_a_date_ignores_later_signatures(world):
    (membership,) = founding_members(world, 1)
    publish_rules(world.project, world.coordinator)
    letter(membership, world.coordinator, sent=EARLY, contact=EARLY, management=LATE)
    assert items.management_signed(world.project, LATE).status == Status.GREEN
    assert items.management_signed(world.project, LATE - timedelta(days=1)).status == Status.RED


# --- 5. Coordinator ---------------------------------------------------------------------------------


def _events(project, actor, count, *, days_ago=3):
    for _ in range(count):
        event = AuditEvent.objects.create(action="meeting.created", actor=actor, project=project)
        AuditEvent.objects.filter(pk=event.pk).update(created_at=at(TODAY - timedelta(days=days_ago)))


@pytest.mark.parametrize(("count", "status"), [(5, Status.GREEN), (2, Status.AMBER), (0, Status.RED)])
def test_coordinator_activity(world, count, status):
    _events(world.project, world.coordinator, count)
    _events(world.project, world.coordinator, 7, days_ago=45)  # too long ago
    _events(world.project, world.partner, 7)  # not a coordinator
    _events(world.other_project, world.coordinator, 7)  # another project
    result = items.coordinator_active(world.project)
    assert (result.status, result.value) == (status, count)
    if count:
        assert result.facts[0] == (
            f"The coordinators recorded {count} actions in the network in the last 30 days "
            f"(Anna Koordinaattori {count})."
        )
    else:
        assert result.facts[0] == "No coordinator action in the network in the last 30 days."
    assert result.facts[-1].startswith("Last action on")


def test_an_app_extends_the_coordinator_item(world, monkeypatch):
    from health import panel as health_panel

    monkeypatch.setattr(health_panel, "EXTENSIONS", {})
    _events(world.project, world.coordinator, 5)

    @health_panel.extend("coordinator")
    def idea_answers(network):
        return health_panel.Contribution(Status.AMBER, ["Ideas were answered in 21 days (median)."])

    result = items.coordinator_active(world.project)
    assert result.status == Status.AMBER
    assert result.facts[-1] == "Ideas were answered in 21 days (median)."


# --- 6. Meetings ------------------------------------------------------------------------------------


def _held(project, days_ago):
    return HeldMeetingFactory(project=project, start=at(TODAY - timedelta(days=days_ago)), title=f"Kokous {days_ago}")


@pytest.mark.parametrize(("days_ago", "status"), [(20, Status.GREEN), (100, Status.AMBER), (200, Status.RED)])
def test_days_since_the_last_meeting(world, days_ago, status):
    world.project.start_date = TODAY - timedelta(days=60)  # too young for a year's regularity to count
    world.project.save()
    _held(world.project, days_ago)
    MeetingFactory(project=world.project, start=at(TODAY - timedelta(days=5)), status="cancelled")
    MeetingFactory(project=world.project, start=at(TODAY + timedelta(days=5)))
    result = items.regular_meetings(world.project)
    assert (result.status, result.value) == (status, days_ago)
    assert f"“Kokous {days_ago}”" in result.facts[0] and f"{days_ago} days ago" in result.facts[0]


def test_regularity_over_the_last_year(world):
    world.project.start_date = date(2025, 1, 1)
    world.project.save()
    _held(world.project, 10)
    _held(world.project, 150)
    _held(world.project, 400)  # more than a year ago
    result = items.regular_meetings(world.project)
    assert result.status == Status.AMBER  # recent, but 2 of the 4 a year expects
    assert result.facts[1] == "2 meetings held since 02/11/2025, against 4 expected at one every 90 days."
    _held(world.project, 100)
    _held(world.project, 200)
    assert items.regular_meetings(world.project).status == Status.GREEN


def test_no_meeting_held_is_not_enough_data(world):
    MeetingFactory(project=world.project, start=at(TODAY + timedelta(days=3)))
    result = items.regular_meetings(world.project)
    assert result.status == Status.NO_DATA
    assert result.action_url.endswith("/meetings/new/")


def test_meetings_as_of_a_date_ignore_later_meetings(world):
    _held(world.project, 200)
    _held(world.project, 10)
    assert items.regular_meetings(world.project).status == Status.GREEN
    assert items.regular_meetings(world.project, TODAY - timedelta(days=11)).value == 189


# --- 10. Business and foreign partners ----------------------------------------------------------------


def _partners(world):
    world.membership.joined_on = date(2026, 2, 1)
    world.membership.save()
    foreign = member(world.project, "Tallinna Kool", organisation_factory=ForeignOrganisationFactory)
    company = member(world.project, "Konepaja Oy", org_type=OrganisationType.COMPANY)
    return foreign, company


def _attend(meeting, membership, status=AttendanceStatus.PRESENT):
    proxy = "Varahenkilö" if status == AttendanceStatus.PROXY else ""
    contact = membership.organisation.contacts.first()
    Attendance.objects.create(meeting=meeting, contact=contact, status=status, proxy_name=proxy)


def _invite(meeting, *memberships):
    for membership in memberships:
        InvitationFactory(meeting=meeting, contact=membership.organisation.contacts.first())


@pytest.mark.parametrize(("present", "status"), [(2, Status.GREEN), (1, Status.AMBER), (0, Status.RED)])
def test_business_and_foreign_partners_at_the_last_two_meetings(world, present, status):
    foreign, company = _partners(world)
    _attend(_held(world.project, 90), company)  # a third meeting back does not count
    older, last = _held(world.project, 60), _held(world.project, 20)
    _invite(older, foreign, company)
    _invite(last, foreign, company)
    _attend(older, world.membership)  # the lead's people come to every meeting: the others are tied to it
    _attend(last, world.membership)
    if present >= 1:
        _attend(older, foreign)
    if present == 2:
        _attend(last, company, AttendanceStatus.PROXY)
    result = items.partners_involved(world.project)
    assert (result.status, result.value) == (status, 50 * present)
    assert result.facts[0] == (
        f"{present} of 2 business and foreign partners invited to the last two meetings (03/09/2026, 13/10/2026) "
        "took part in at least one they were invited to."
    )
    absent = {2: [], 1: ["Absent: Konepaja Oy."], 0: ["Absent: Konepaja Oy, Tallinna Kool."]}[present]
    # Who was absent is a coordinator's fact; partners read how many (health.panel.NamedFact).
    assert not any(fact.startswith("Absent") for fact in result.facts)
    named = [fact for fact in result.coordinator_facts if fact.named.startswith("Absent")]
    assert [fact.named for fact in named] == absent
    assert [fact.counted for fact in named] == {2: [], 1: ["1 partner absent."], 0: ["2 partners absent."]}[present]
    assert not [fact for fact in result.facts if "Quiet partners" in fact]  # the names are a coordinator's fact
    quiet = [fact for fact in result.coordinator_facts if fact.named.startswith("Quiet partners")]
    assert bool(quiet) == (present < 2)
    if quiet:
        assert "Konepaja Oy" in quiet[0].named and world.membership.organisation.name not in quiet[0].named
        assert "Konepaja Oy" not in quiet[0].counted and "quiet partner" in quiet[0].counted


def test_a_partner_not_invited_is_neither_present_nor_absent(world):
    foreign, company = _partners(world)
    foreign.joined_on = TODAY - timedelta(days=90)  # joined lately: not idle for 120 days either
    foreign.save()
    older, last = _held(world.project, 60), _held(world.project, 20)
    _invite(older, company)  # the company is invited to one meeting and comes; no one invites the foreign partner
    _attend(older, company)
    _attend(older, world.membership)
    _attend(last, world.membership)
    result = items.partners_involved(world.project)
    assert result.value == 100  # (the network map may still find the foreign partner weakly tied)
    assert result.facts[0].startswith("1 of 1 business and foreign partners invited to the last two meetings")
    assert "Invited to none of the last two meetings: Tallinna Kool." in result.facts
    assert not any(fact.startswith("Absent") for fact in result.facts)
    quiet = [fact for fact in result.facts if fact.startswith("Quiet partners")]
    assert not quiet  # not absent from meetings it was never invited to


def test_partners_invited_to_no_meeting_is_not_enough_data(world):
    _partners(world)
    older, _last = _held(world.project, 60), _held(world.project, 20)
    _attend(older, world.membership)
    result = items.partners_involved(world.project)
    assert result.status == Status.NO_DATA
    assert result.facts[0] == "Invited to none of the last two meetings: Konepaja Oy, Tallinna Kool."
    assert not any(fact.startswith("Absent") for fact in result.facts)


def test_no_business_or_foreign_partner_is_not_enough_data(world):
    _held(world.project, 10)
    result = items.partners_involved(world.project)
    assert result.status == Status.NO_DATA
    assert result.facts == ["The network has no business or foreign partners."]


def test_no_meeting_for_partners_is_not_enough_data(world):
    _partners(world)
    assert items.partners_involved(world.project).status == Status.NO_DATA


# --- 12. New to international activity ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "new", "status"), [(5, 1, Status.GREEN), (10, 1, Status.AMBER), (5, 0, Status.RED)]
)
def test_new_to_international(world, members, new, status):
    founding_members(world, members - new)
    for index in range(new):
        member(world.project, f"Aloittelija {index}", new_to_international=True)
    result = items.new_to_international(world.project)
    assert result.status == status
    if new:
        assert result.facts == [
            f"1 of {members} domestic education providers is new to international activity: Aloittelija 0.",
            "Newcomers who have made their first mobility: 0 of 1.",  # health/mobility.py
        ]
    else:
        assert result.facts == [f"None of the {members} domestic education providers is new to international activity."]
    assert result.action_url == reverse("partners:list", args=[world.project.pk])  # informational, no invitation


def test_new_to_international_counts_domestic_education_providers_only(world):
    founding_members(world, 2)  # two Finnish VET providers, neither new
    member(world.project, "Uusi AMK", org_type=OrganisationType.HIGHER_EDUCATION, new_to_international=True)
    member(world.project, "Hotelli Oy", org_type=OrganisationType.COMPANY, new_to_international=True)
    member(world.project, "Nuorisojärjestö ry", org_type=OrganisationType.NGO, new_to_international=True)
    member(world.project, "Tallinn School", organisation_factory=ForeignOrganisationFactory, new_to_international=True)
    result = items.new_to_international(world.project)
    assert result.value == 33  # 1 of 3 domestic education providers, not 4 of 6 members
    assert result.facts == [
        "1 of 3 domestic education providers is new to international activity: Uusi AMK.",
        "Newcomers who have made their first mobility: 0 of 1.",  # health/mobility.py: the same population
    ]


def test_new_to_international_without_domestic_education_providers_is_not_enough_data(world):
    world.membership.organisation.org_type = OrganisationType.COMPANY
    world.membership.organisation.save()
    member(world.project, "Hotelli Oy", org_type=OrganisationType.COMPANY, new_to_international=True)
    result = items.new_to_international(world.project)
    assert result.status == Status.NO_DATA
    assert result.facts == ["The network has no domestic education providers."]


# --- Who counts -------------------------------------------------------------------------------------


def test_invited_organisations_do_not_count_until_they_join(world):
    founding_members(world, 1)
    invited = MembershipFactory(project=world.project, status="invited", joined_on=date(2026, 2, 1))
    ContactFactory(organisation=invited.organisation, user=UserFactory())  # an account, from another project
    result = items.new_to_international(world.project)
    # One provider is "the only one", not "none of the 1" (issue 23: counts go through the plural forms).
    assert result.facts == ["The network's only domestic education provider is not new to international activity."]


def test_a_withdrawn_member_drops_out_from_its_withdrawal_date(world):
    members = founding_members(world, 2)
    members[1].status, members[1].left_on = "withdrawn", date(2026, 10, 1)
    members[1].save()
    assert items.new_to_international(world.project).facts[0] == (
        "The network's only domestic education provider is not new to international activity."
    )
    before = items.new_to_international(world.project, date(2026, 9, 30))
    assert before.facts[0] == "None of the 2 domestic education providers is new to international activity."


# --- Thresholds are settings --------------------------------------------------------------------------


def test_thresholds_are_settings(world, settings):
    founding_members(world, 4)
    member(world.project, "Aloittelija", new_to_international=True)  # 1 of 5: 20 %
    assert items.new_to_international(world.project).status == Status.GREEN
    settings.HEALTH_THRESHOLDS = {**settings.HEALTH_THRESHOLDS, "new_to_international": {"green": 30, "amber": 15}}
    assert items.new_to_international(world.project).status == Status.AMBER


def test_the_environment_overrides_single_thresholds():
    script = (
        "from django.conf import settings as s; "
        "print(s.HEALTH_THRESHOLDS['new_to_international'], s.HEALTH_THRESHOLDS['rules_accepted'])"
    )
    environment = {**os.environ, "HEALTH_THRESHOLDS": '{"new_to_international": {"green": 30}}'}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "{'green': 30, 'amber': 10} {'green': 100, 'amber': 75}"
