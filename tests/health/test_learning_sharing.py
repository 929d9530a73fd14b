"""Items 7 (goals reviewed, ideas used), 9 (expertise shared), 11 (results disseminated) and item 5's ideas
measure, each in every state, as of a date, with a withdrawn member dropping out from its withdrawal date."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from goals.models import IdeaStatus
from health import learning, sharing
from health.panel import Status
from partners import services as partner_services
from tests.factories import (
    ContactFactory,
    DisseminationEventFactory,
    GoalFactory,
    GoalReviewFactory,
    OutputFactory,
    ProjectFactory,
)
from tests.goals.factories import IdeaFactory

from .helpers import NOW, TODAY, founding_members

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _idea(project, *, days_ago=60, status=IdeaStatus.NEW, answered_after=None, review=None, organisation=None):
    """An idea put forward `days_ago` days before now; answered (first moved) `answered_after` days later."""
    created = NOW - timedelta(days=days_ago)
    fields = {"project": project, "created_at": created, "status": status}
    if organisation is not None:
        fields["proposed_by_organisation"] = organisation
    if answered_after is not None or status != IdeaStatus.NEW:
        changed = created + timedelta(days=answered_after or 1)
        fields.update(status_changed_at=changed, first_status_change_at=changed)
    if status == IdeaStatus.ADOPTED:
        fields["adopted_review"] = review or GoalReviewFactory(project=project, review_date=date(2026, 8, 1))
    return IdeaFactory(**fields)


# --- 7. Goals reviewed, ideas used ------------------------------------------------------------------


def _reviews(world, last_review):
    project = world.project
    project.start_date = date(2025, 8, 1)
    project.save()
    GoalFactory(project=project)
    return GoalReviewFactory(project=project, review_date=last_review)


@pytest.mark.parametrize(
    ("last_review", "adopted", "status"),
    [
        (date(2026, 8, 1), 2, Status.GREEN),  # next due 1.2.2027; two ideas adopted
        (date(2026, 4, 20), 2, Status.AMBER),  # due 20.10.2026: 13 days overdue
        (date(2026, 8, 1), 1, Status.AMBER),  # on schedule, one idea adopted
        (date(2026, 3, 1), 2, Status.RED),  # due 1.9.2026: 62 days overdue
        (date(2026, 8, 1), 0, Status.RED),  # on schedule, ideas logged but none adopted in 12 months
    ],
)
def test_goals_reviewed_ideas_used(world, last_review, adopted, status):
    review = _reviews(world, last_review)
    _idea(world.project, days_ago=500, status=IdeaStatus.ADOPTED, review=review)  # adopted too long ago
    _idea(world.project)  # a new idea: the log is not empty
    for index in range(adopted):
        _idea(world.project, days_ago=30 + index, status=IdeaStatus.ADOPTED, review=review)
    result = learning.goals_reviewed_ideas_used(world.project)
    assert (result.number, result.key, result.status, result.value) == (7, "learning", status, adopted)
    assert result.facts[0] == f"The last goal review was held on {last_review:%d/%m/%Y}."
    if adopted:
        assert result.facts[-2].startswith(f"{adopted} idea") and "answered in the last 12 months" in result.facts[-2]
        assert "adopted in the last 12 months" in result.facts[-1] and "“Idea" in result.facts[-1]
    else:
        assert result.facts[-1] == "0 ideas were answered in the last 12 months."
    if last_review < date(2026, 5, 1):
        assert "overdue" in result.facts[1]
        assert result.action_url.endswith("/reviews/new/")
    elif status != Status.GREEN:
        assert result.action_url.endswith("/ideas/")


def test_ideas_answered_without_adoption_are_not_a_failure(world):
    """No penalty for logging ideas: two ideas dropped (answered) in the last 12 months make the half green."""
    _reviews(world, date(2026, 8, 1))
    for days_ago in (40, 20):
        _idea(world.project, days_ago=days_ago, status=IdeaStatus.DROPPED)
    result = learning.goals_reviewed_ideas_used(world.project)
    assert (result.status, result.value) == (Status.GREEN, 2)
    assert result.facts[-1] == "2 ideas were answered in the last 12 months."


def test_no_goals_and_no_ideas_is_not_enough_data_early_on(world):
    project = ProjectFactory(start_date=TODAY - timedelta(days=100))
    result = learning.goals_reviewed_ideas_used(project)
    assert result.status == Status.NO_DATA
    red_on = f"{(TODAY + timedelta(days=80)):%d/%m/%Y}"
    assert result.facts == [
        "No goals set in the 100 days since the start.",
        f"Turns red 180 days after the start, on {red_on}.",
        "No idea recorded in the 100 days since the start.",
        f"Turns red 180 days after the start, on {red_on}.",
    ]
    assert result.action_url.endswith("/goals/")


def test_no_goals_and_no_ideas_turns_red_180_days_after_the_start(world):
    project = ProjectFactory(start_date=TODAY - timedelta(days=180))
    result = learning.goals_reviewed_ideas_used(project)
    assert result.status == Status.RED
    assert result.facts == [
        "No goals set in the 180 days since the start.",
        "No idea recorded in the 180 days since the start.",
    ]
    assert result.action_url.endswith("/goals/")


def test_goals_and_ideas_as_of_a_date(world):
    review = _reviews(world, date(2026, 8, 1))
    _idea(world.project, days_ago=10, status=IdeaStatus.ADOPTED, review=review)
    assert learning.goals_reviewed_ideas_used(world.project).value == 1
    before = learning.goals_reviewed_ideas_used(world.project, TODAY - timedelta(days=20))
    assert before.facts[-1] == "No idea recorded in the 438 days since the start."  # the project started 1.8.2025
    assert before.status == Status.RED
    assert learning.goals_reviewed_ideas_used(world.project, date(2026, 7, 1)).status == Status.RED  # overdue then


# --- 5. The coordinators answer members' ideas -------------------------------------------------------


@pytest.mark.parametrize(("days", "status"), [(5, Status.GREEN), (20, Status.AMBER), (45, Status.RED)])
def test_median_time_to_answer_a_members_idea(world, days, status):
    members = founding_members(world, 3)
    for index, membership in enumerate(members):
        _idea(world.project, answered_after=days + index - 1, organisation=membership.organisation)
    _idea(world.project, days_ago=400, answered_after=200, organisation=members[0].organisation)  # too long ago
    contribution = learning.idea_answer_time(_network(world.project))
    assert contribution.status == status
    assert contribution.facts == [
        f"Members' ideas in the last 12 months waited a median of {days}.0 days for the coordinators' answer (3 ideas)."
    ]


def test_an_unanswered_idea_counts_with_the_days_it_has_waited(world):
    (membership,) = founding_members(world, 1)
    _idea(world.project, days_ago=50, organisation=membership.organisation)
    contribution = learning.idea_answer_time(_network(world.project))
    assert contribution.status == Status.RED
    assert contribution.facts[-1] == "1 idea is still waiting for an answer."


def test_no_ideas_from_members_adds_nothing_to_item_5(world):
    founding_members(world, 1)
    _idea(world.project, organisation=ContactFactory().organisation)  # not a member's
    assert learning.idea_answer_time(_network(world.project)) is None


def test_the_ideas_measure_joins_item_5(world):
    (membership,) = founding_members(world, 1)
    _idea(world.project, days_ago=50, organisation=membership.organisation)
    from health import items

    result = items.coordinator_active(world.project)
    assert result.status == Status.RED
    assert "1 idea is still waiting for an answer." in result.facts


def test_a_withdrawn_members_ideas_drop_out_from_its_withdrawal_date(world):
    members = founding_members(world, 2)
    _idea(world.project, days_ago=80, organisation=members[1].organisation)  # unanswered: red
    members[1].status, members[1].left_on = "withdrawn", date(2026, 10, 1)
    members[1].save()
    assert learning.idea_answer_time(_network(world.project)) is None
    assert learning.idea_answer_time(_network(world.project, date(2026, 9, 30))).status == Status.RED


def _network(project, as_of=None):
    from health.panel import Network

    return Network(project, as_of)


# --- 9. Expertise shared ---------------------------------------------------------------------------


def _profile(membership):
    partner_services.save_expertise_profile(membership.organisation, tags=["mobility"], description="", actor=None)


@pytest.mark.parametrize(
    ("profiled", "shared", "status"),
    [
        (4, 2, Status.GREEN),  # 100 % profiled, 2 of 4 contacts share
        (3, 2, Status.AMBER),  # 75 % profiled
        (4, 1, Status.AMBER),  # 1 of 4 contacts shares (25 %)
        (1, 2, Status.RED),  # 25 % profiled
    ],
)
def test_expertise_shared(world, profiled, shared, status):
    members = founding_members(world, 4)
    for membership in members[:profiled]:
        _profile(membership)
    contacts = [c for m in members for c in m.organisation.contacts.order_by("pk")][:4]
    for index, contact in enumerate(contacts):
        contact.consent_to_share = index < shared
        contact.save()
    result = sharing.expertise_shared(world.project)
    assert (result.number, result.status, result.value) == (9, status, 25 * profiled)
    assert result.facts[0] == f"{profiled} of 4 members have described their expertise in the directory."
    missing = sorted(m.organisation.name for m in members[profiled:])
    if missing:
        assert result.facts[1] == f"No profile: {', '.join(missing)}."
    total = sum(m.organisation.contacts.count() for m in members)
    assert result.facts[-1] == f"{shared} of {total} contact persons share their contact details with the network."
    assert not result.action_for_coordinators  # members fix their own profiles


def test_expertise_without_members_is_not_enough_data(db):
    assert sharing.expertise_shared(ProjectFactory()).status == Status.NO_DATA


def test_an_invited_organisation_does_not_count_for_expertise(world):
    founding_members(world, 1)
    _profile(world.membership)
    from tests.factories import MembershipFactory

    MembershipFactory(project=world.project, status="invited")  # no account: only invited
    assert sharing.expertise_shared(world.project).facts[0].startswith("1 of 1 member has")


def test_a_withdrawn_member_drops_out_of_expertise_from_its_withdrawal_date(world):
    members = founding_members(world, 2)
    _profile(members[0])
    members[1].status, members[1].left_on = "withdrawn", date(2026, 10, 1)
    members[1].save()
    assert sharing.expertise_shared(world.project).status == Status.GREEN
    before = sharing.expertise_shared(world.project, date(2026, 9, 30))
    assert (before.status, before.value) == (Status.AMBER, 50)


# --- 11. Results disseminated ----------------------------------------------------------------------


@pytest.mark.parametrize(("disseminated", "status"), [(4, Status.GREEN), (2, Status.AMBER), (1, Status.RED)])
def test_results_disseminated(world, disseminated, status):
    outputs = [
        OutputFactory(project=world.project, title=f"Malli {n}", created_at=NOW - timedelta(days=90)) for n in range(4)
    ]
    for output in outputs[:disseminated]:
        DisseminationEventFactory(output=output, reach=10)
    DisseminationEventFactory(output=outputs[-1], date=TODAY + timedelta(days=10))  # planned, not yet
    result = sharing.results_disseminated(world.project)
    assert (result.number, result.status, result.value) == (11, status, 25 * disseminated)
    assert result.facts[0] == (
        f"{disseminated} of 4 outputs have been disseminated at least once, reaching {10 * disseminated} people."
    )
    if disseminated < 4:
        titles = ", ".join(f"“Malli {n}”" for n in range(disseminated, 4))
        assert result.facts[1] == f"Not disseminated yet: {titles}."


def test_no_outputs_is_not_enough_data(world):
    result = sharing.results_disseminated(world.project)
    assert result.status == Status.NO_DATA
    assert result.action_url.endswith("/results/new/")


def test_an_output_recorded_in_the_last_60_days_is_not_yet_undisseminated(world):
    """No penalty for recording an output before disseminating it: it counts only after 60 days."""
    old = OutputFactory(project=world.project, title="Vanha", created_at=NOW - timedelta(days=90))
    DisseminationEventFactory(output=old)
    OutputFactory(project=world.project, title="Uusi", created_at=NOW - timedelta(days=10))
    result = sharing.results_disseminated(world.project)
    assert (result.status, result.value) == (Status.GREEN, 100)
    due = f"{(TODAY + timedelta(days=50)):%d/%m/%Y}"
    assert result.facts[-1] == f"Recorded in the last 60 days, not counted yet: “Uusi” (disseminate it by {due})."
    later = sharing.results_disseminated(world.project, TODAY + timedelta(days=50))
    assert (later.status, later.value) == (Status.AMBER, 50)  # 60 days on it counts as undisseminated


def test_results_as_of_a_date_ignore_later_events(world):
    output = OutputFactory(project=world.project, created_at=NOW - timedelta(days=90))
    DisseminationEventFactory(output=output, date=TODAY - timedelta(days=5))
    assert sharing.results_disseminated(world.project).status == Status.GREEN
    assert sharing.results_disseminated(world.project, TODAY - timedelta(days=6)).status == Status.RED
