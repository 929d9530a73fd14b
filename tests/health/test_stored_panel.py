"""The project home's panel read from the stored day (docs/health.md, "Live statuses", health.stored): used only
while it is current, in the reader's language, and exactly what the live computation gives; otherwise live."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from health import stored
from health.daily import take_daily_statuses
from health.models import HealthDay
from health.panel import panel
from projects.models import ProjectStatus
from tests.commitments.helpers import publish_rules
from tests.factories import sign_in
from tests.health.helpers import TODAY, founding_members, letter

pytestmark = pytest.mark.django_db


def _shown(items):
    """What the page shows of each item, whatever the reader: the stored and the live items must agree on it."""
    return [
        (
            item.number,
            item.key,
            str(item.title),
            str(item.status),
            item.value,
            [str(fact) for fact in item.facts],
            [(str(fact.named), str(fact.counted)) for fact in item.coordinator_facts],
            item.action,
            item.action_label,
            item.action_url,
            item.action_for_coordinators,
        )
        for item in items
    ]


def _current(project):
    """The stored panel's items, or None if the page would compute them."""
    day = stored.current(project, TODAY, TODAY)
    return None if day is None else day.items


@pytest.fixture
def network(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        members = founding_members(world, 3)
        publish_rules(world.project, world.coordinator)
    take_daily_statuses(TODAY)
    return members


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_stored_items_are_the_live_items_in_every_language(world, network, language):
    with translation.override(language):
        items = _current(world.project)
        assert items is not None
        assert _shown(items) == _shown(panel(world.project, TODAY))


def test_a_stale_day_is_computed_live(world, network):
    HealthDay.objects.filter(project=world.project).update(stale_since=timezone.now())
    assert _current(world.project) is None


def test_an_old_day_is_computed_live(world, network):
    HealthDay.objects.filter(project=world.project).update(taken_on=TODAY - timedelta(days=1))
    assert _current(world.project) is None
    assert stored.current(world.project, TODAY - timedelta(days=1), TODAY) is None  # nor as of another date


def test_a_missing_day_or_panel_is_computed_live(world, network):
    HealthDay.objects.filter(project=world.project).update(panel={})  # stored before the panel was
    assert _current(world.project) is None
    HealthDay.objects.filter(project=world.project).delete()
    assert _current(world.project) is None


def test_a_panel_of_another_format_or_settings_is_computed_live(world, network, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(stored, "FORMAT", stored.FORMAT + 1)
        assert _current(world.project) is None
    for name, value in [("NETWORK_MAP_DAYS", 30), ("MEETING_CADENCE_DAYS", 10), ("HEALTH_NO_DATA_RED_DAYS", {})]:
        with monkeypatch.context() as patched:  # a restart with another value in the environment
            patched.setattr(settings, name, value)
            assert _current(world.project) is None, name
    assert _current(world.project) is not None
    programme = world.project.programme
    programme.health_settings = {"off": ["trust"]}  # an administrator's edit marks no project stale
    programme.save()
    assert _current(world.project) is None


def test_a_language_not_stored_is_computed_live(world, network):
    days = HealthDay.objects.filter(project=world.project)
    days.update(panel={**days.get().panel, "rows": {}})
    assert _current(world.project) is None


def test_a_closed_project_is_computed_live(world, network):
    world.project.status = ProjectStatus.CLOSED
    world.project.save()
    assert _current(world.project) is None


def test_a_change_then_its_refresh_stores_the_new_panel(world, network, django_capture_on_commit_callbacks):
    before = _shown(_current(world.project))
    with django_capture_on_commit_callbacks(execute=True):
        for membership in network:
            letter(membership, world.coordinator, sent=TODAY, contact=TODAY, management=TODAY)
    after = _current(world.project)
    assert after is not None  # the refresh stored the day again and cleared the stale mark
    assert _shown(after) != before
    assert _shown(after) == _shown(panel(world.project, TODAY))


def test_the_page_reads_the_stored_panel_and_shows_what_it_computes(world, network, client):
    sign_in(client, world.coordinator)
    path = reverse("home:project", args=[world.project.pk])
    with mock.patch("health.snapshots.panel", side_effect=AssertionError("computed live")):
        from_store = client.get(path).content.decode()
    HealthDay.objects.filter(project=world.project).update(stale_since=timezone.now())
    live = client.get(path).content.decode()
    assert _section(from_store) == _section(live)


def _section(page):
    start = page.index('<section class="col-12" aria-labelledby="health-heading">')
    return page[start : page.index("</section>", start)]
