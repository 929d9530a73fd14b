"""The whole panel, items 7, 8, 9 and 11 with all their data, costs the same at 5 and at 50 members."""

from datetime import date, timedelta

import pytest

from goals.models import IdeaStatus
from health.panel import panel
from partners import services as partner_services
from pulse import services as pulse_services
from tests.factories import DisseminationEventFactory, GoalFactory, GoalReviewFactory, OutputFactory, add_members
from tests.goals.factories import IdeaFactory
from tests.pulse.helpers import answers

from .helpers import NOW, founding_members

pytestmark = pytest.mark.django_db


def _grow(project, count):
    for membership in add_members(project, count):
        partner_services.save_expertise_profile(membership.organisation, tags=["mobility"], description="", actor=None)
        IdeaFactory(
            project=project, proposed_by_organisation=membership.organisation, created_at=NOW - timedelta(days=9)
        )
        DisseminationEventFactory(output=OutputFactory(project=project, created_at=NOW - timedelta(days=30)))


def test_the_panel_query_count_does_not_grow_with_the_network(world, django_assert_max_num_queries):
    founding_members(world, 1)
    project = world.project
    GoalFactory(project=project)
    review = GoalReviewFactory(project=project, review_date=date(2026, 8, 1))
    IdeaFactory(
        project=project,
        status=IdeaStatus.ADOPTED,
        adopted_review=review,
        status_changed_at=NOW - timedelta(days=5),
        first_status_change_at=NOW - timedelta(days=5),
    )
    _grow(project, 4)
    pulse_round = pulse_services.set_enabled(project, True, actor=world.coordinator)
    answers(pulse_round, 3)
    with django_assert_max_num_queries(60) as five:
        assert len(panel(project)) == 12
    _grow(project, 45)
    pulse_services.open_round(project)  # the round exists: nothing changes
    with django_assert_max_num_queries(60) as fifty:
        assert len(panel(project)) == 12
    assert len(fifty.captured_queries) == len(five.captured_queries)
