"""A programme's health settings (docs/health.md): it switches items off ("not in use", with the reason) and
overrides thresholds and the days after which no data turns red; bad settings are refused with a message."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from health import items
from health.panel import ITEMS, Status, panel
from tests.factories import ProjectFactory
from tests.meetings.factories import HeldMeetingFactory

from .helpers import TODAY, at, by_key, founding_members

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_every_item_can_be_named_in_the_settings():
    assert set(settings.HEALTH_ITEM_KEYS) == set(ITEMS)


def test_a_programme_not_about_internationalisation_does_not_score_item_12(world):
    founding_members(world, 3)
    programme = world.project.programme
    assert items.new_to_international(world.project).status == Status.RED  # none of 3 is new
    programme.health_settings = {"off": ["new_to_international"]}
    programme.full_clean()
    programme.save()
    world.project.refresh_from_db()
    result = by_key(panel(world.project))["new_to_international"]
    assert result.status == Status.NOT_IN_USE
    assert result.facts == [f"The programme {programme.name} does not score this item."]
    assert not result.action_url


def test_a_programme_overrides_a_threshold_and_the_days_to_red(world):
    project = world.project
    project.start_date = TODAY - timedelta(days=100)
    project.save()
    HeldMeetingFactory(project=project, start=at(TODAY - timedelta(days=70)))
    assert items.regular_meetings(project).status == Status.GREEN  # within the 90-day cadence
    project.programme.health_settings = {"thresholds": {"meeting_days": {"green": 60, "amber": 65}}}
    project.programme.save()
    project.refresh_from_db()
    assert items.regular_meetings(project).status == Status.RED
    empty = ProjectFactory(programme=project.programme, start_date=TODAY - timedelta(days=100))
    assert items.regular_meetings(empty).status == Status.NO_DATA  # 100 days < 135
    project.programme.health_settings = {"no_data_red_days": {"meetings": 90}}
    project.programme.save()
    empty.refresh_from_db()
    assert items.regular_meetings(empty).status == Status.RED


@pytest.mark.parametrize(
    "bad",
    [
        ["new_to_international"],
        {"of": ["new_to_international"]},
        {"off": ["internationalisation"]},
        {"off": "new_to_international"},
        {"thresholds": {"meeting_dayz": {"green": 1, "amber": 2}}},
        {"thresholds": {"meeting_days": {"green": "soon"}}},
        {"no_data_red_days": {"meetings": -1}},
    ],
)
def test_bad_settings_are_refused_with_a_message(world, bad):
    programme = world.project.programme
    programme.health_settings = bad
    with pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert error.value.message_dict["health_settings"]
