"""A goal can count mobilities (issue 21): the goal stores the measure and its filter, the mobility app counts it
(`goal_measures`), the goals page shows the count today and the report draft as of the period's end, pre-filling
the actual value (editable)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import GoalMeasure, MobilityDirection, MobilityParticipants
from mobility.models import Direction, ParticipantType
from networkhub import contributions
from projects.models import ReportType
from reports import data, services
from tests.factories import GoalFactory, MobilityFactory

pytestmark = pytest.mark.django_db


def test_the_filters_choices_are_the_mobility_apps():
    assert set(MobilityDirection.values) == set(Direction.values)
    assert set(MobilityParticipants.values) == set(ParticipantType.values)


def _mobility(world, days_ago, **fields):
    start = timezone.localdate() - timedelta(days=days_ago)
    fields.setdefault("sending_organisation", world.membership.organisation)
    if fields.get("direction") == Direction.INCOMING:
        fields.update(sending_organisation=None, sending_name="Berufskolleg Bremen", receiving_name="")
        fields.setdefault("receiving_organisation", world.membership.organisation)
    return MobilityFactory(project=world.project, start_date=start, end_date=start + timedelta(days=5), **fields)


@pytest.fixture
def mobilities(world):
    _mobility(world, 40, participants=3)  # outgoing students
    _mobility(world, 30, participants=2, participant_type=ParticipantType.STAFF, newcomer_first=True)
    _mobility(world, 20, participants=5, direction=Direction.INCOMING)  # incoming students
    _mobility(world, -10, participants=7)  # starts after today
    today = timezone.localdate()
    MobilityFactory(project=world.other_project, participants=11, start_date=today - timedelta(days=5), end_date=today)
    return world


def _goal(world, **measure):
    return GoalFactory(project=world.project, measure=GoalMeasure.MOBILITIES, target=Decimal(20), **measure)


def test_the_count_follows_the_goals_filter_and_date(mobilities):
    world = mobilities
    goals = [
        _goal(world),
        _goal(world, mobility_direction=MobilityDirection.OUTGOING),
        _goal(world, mobility_participants=MobilityParticipants.STAFF),
        _goal(world, mobility_newcomers_only=True),
        _goal(world, mobility_direction=MobilityDirection.INCOMING, mobility_participants=MobilityParticipants.STAFF),
        GoalFactory(project=world.project),  # entered by hand: not counted
    ]
    today = timezone.localdate()
    assert contributions.goal_values(goals, today) == {
        goals[0].pk: 10,
        goals[1].pk: 5,
        goals[2].pk: 2,
        goals[3].pk: 2,
        goals[4].pk: 0,
    }
    assert contributions.goal_values(goals[:1], today - timedelta(days=25)) == {goals[0].pk: 5}


def test_a_filter_without_the_measure_is_an_error_next_to_the_field(world, client, english):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("goals:goals", args=[world.project.pk]),
        {
            "goals-TOTAL_FORMS": "1",
            "goals-INITIAL_FORMS": "0",
            "goals-0-title": "Kansainvälistyminen",
            "goals-0-indicator": "Henkilöstön liikkuvuudet",
            "goals-0-target": "20",
            "goals-0-order": "0",
            "goals-0-measure": "",
            "goals-0-mobility_direction": "outgoing",
        },
    )
    assert response.status_code == 200
    assert "The mobility filter counts only when the goal is counted from the mobility records." in (
        response.content.decode()
    )
    assert 'value="Kansainvälistyminen"' in response.content.decode()
    assert not world.project.goals.exists()


def test_the_goals_page_shows_the_count_today(mobilities, client, english, django_assert_max_num_queries):
    world = mobilities
    _goal(world, mobility_direction=MobilityDirection.OUTGOING)
    client.force_login(world.coordinator)
    url = reverse("goals:goals", args=[world.project.pk])
    page = client.get(url).content.decode()
    assert "Mobility participants: outgoing on" in page and ": 5 (target 20)." in page
    # The count is one query whatever the number of counted goals.
    with django_assert_max_num_queries(100) as one:
        client.get(url)
    for _ in range(4):
        _goal(world, mobility_newcomers_only=True)
    with django_assert_max_num_queries(100) as five:
        client.get(url)
    assert len(five.captured_queries) == len(one.captured_queries)


def _status_report(world, period_end):
    start = world.project.start_date
    return services.create_report(
        world.project, actor=world.coordinator, report_type=ReportType.STATUS, period=(start, period_end), language="en"
    )


def test_the_report_draft_prefills_the_actual_value_from_the_count_at_the_period_end(mobilities, client, english):
    world = mobilities
    counted = _goal(world, mobility_direction=MobilityDirection.OUTGOING)
    by_hand = GoalFactory(project=world.project)
    report = _status_report(world, timezone.localdate() - timedelta(days=35))
    actual = dict(report.goal_entries.values_list("goal_id", "actual"))
    assert actual == {counted.pk: Decimal(3), by_hand.pk: None}
    goals = {goal["title"]: goal for goal in data.build(report)["goals"]}
    assert goals[counted.title]["counted"] == "3"
    assert goals[counted.title]["measure"] == "Mobility participants: outgoing"
    assert goals[by_hand.title]["counted"] == ""
    client.force_login(world.coordinator)
    page = client.get(reverse("reports:edit", args=[world.project.pk, report.pk])).content.decode()
    assert "Mobility participants: outgoing by the end of the period" in page
    # The actual value stays editable: the coordinator's value is kept.
    entry = report.goal_entries.get(goal=counted)
    entry.actual = Decimal(4)
    entry.save()
    assert {goal["title"]: goal for goal in data.build(report)["goals"]}[counted.title]["actual"] == "4"


def test_a_goal_given_a_measure_later_fills_an_empty_actual_on_the_edit_page(mobilities, client):
    world = mobilities
    goal = GoalFactory(project=world.project)
    report = _status_report(world, timezone.localdate())
    goal.measure = GoalMeasure.MOBILITIES
    goal.save()
    client.force_login(world.coordinator)
    response = client.get(reverse("reports:edit", args=[world.project.pk, report.pk]))
    (form,) = list(response.context["goals"])
    assert form.initial["actual"] == 10
