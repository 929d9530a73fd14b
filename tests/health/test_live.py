"""Live where it matters (docs/health.md, "Live statuses"): a committed change to a project's inputs stores the
project's day again, so the landing page and OPH's overview, which read the stored day, show the status after
the change; a burst of changes costs one refresh; a lost refresh is caught by the stale mark's lease."""

from datetime import timedelta

import kombu.exceptions
import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from health import queries, stale, tasks
from health.daily import take_daily_statuses
from health.models import HealthDay, HealthSnapshot
from health.panel import Status, panel
from networkhub import audit
from tests.commitments.helpers import publish_rules
from tests.factories import sign_in
from tests.health.helpers import TODAY, founding_members, letter

pytestmark = pytest.mark.django_db


def _stored(project):
    return dict(HealthSnapshot.objects.filter(project=project, taken_on=TODAY).values_list("key", "status"))


def _live(project):
    return {item.key: item.status for item in panel(project, TODAY)}


def test_signed_letters_reach_the_stored_statuses_when_they_are_committed(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        members = founding_members(world, 3)
        publish_rules(world.project, world.coordinator)
    take_daily_statuses(TODAY)
    before = _stored(world.project)
    assert before["management"] == Status.RED  # no letter signed by anyone's management
    assert (world.project.pk, "management") in {
        (pk, key) for pk, key, _day, _action in queries.red_items([world.project.pk])
    }

    with django_capture_on_commit_callbacks(execute=True):
        for membership in members:
            letter(membership, world.coordinator, sent=TODAY, contact=TODAY, management=TODAY)

    after = _stored(world.project)
    assert after["management"] != Status.RED and after["tasks"] != before["tasks"]
    assert after == _live(world.project)  # exactly what the panel says now
    assert HealthDay.objects.get(project=world.project).stale_since is None
    assert (world.project.pk, "management") not in {
        (pk, key) for pk, key, _day, _action in queries.red_items([world.project.pk])
    }
    assert _stored(world.other_project) == {} or HealthDay.objects.get(project=world.other_project).stale_since is None


def test_the_overview_reads_the_refreshed_counts(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        members = founding_members(world, 2)
        publish_rules(world.project, world.coordinator)
    take_daily_statuses(TODAY)
    red_before = HealthDay.objects.get(project=world.project).red_count
    with django_capture_on_commit_callbacks(execute=True):
        for membership in members:
            letter(membership, world.coordinator, sent=TODAY, contact=TODAY, management=TODAY)
    day = HealthDay.objects.get(project=world.project)
    statuses = list(_live(world.project).values())
    assert day.red_count == statuses.count(Status.RED) < red_before
    sign_in(client, world.funder)
    page = client.get(reverse("home:overview"))
    row = next(row for row in page.context["page"].object_list if row.project.pk == world.project.pk)
    assert {cell.column.key: cell.status for cell in row.cells} == {
        key: status for key, status in _live(world.project).items() if key in {c.column.key for c in row.cells}
    }


def test_a_burst_of_changes_in_one_transaction_sends_one_refresh(world, django_capture_on_commit_callbacks):
    take_daily_statuses(TODAY)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for n in range(3):
            audit.record("test.changed", project=world.project, n=n)
        audit.record("test.changed", project=world.other_project)
    assert len(callbacks) == 2  # one per project, whatever the number of changes
    for callback in callbacks:
        callback()
    assert not HealthDay.objects.filter(stale_since__isnull=False).exists()


def test_a_change_to_an_already_stale_day_sends_nothing_more(world, django_capture_on_commit_callbacks):
    take_daily_statuses(TODAY)
    assert stale.mark_stale(world.project.pk) is True
    assert stale.mark_stale(world.project.pk) is False  # a refresh is already on its way
    assert tasks.refresh_health_day(world.project.pk) is True
    assert tasks.refresh_health_day(world.project.pk) is False  # stored already: nothing to do


def test_a_lost_refresh_is_caught_by_the_lease(world):
    take_daily_statuses(TODAY)
    now = timezone.now()
    HealthDay.objects.filter(project=world.project).update(stale_since=now - stale.STALE_LEASE - timedelta(seconds=1))
    HealthDay.objects.filter(project=world.other_project).update(stale_since=now)  # its task is still on its way
    HealthSnapshot.objects.filter(project=world.project, taken_on=TODAY).update(status=Status.GREEN)  # outdated
    assert tasks.refresh_lapsed_health_days() == 1
    assert _stored(world.project) == _live(world.project)
    assert HealthDay.objects.get(project=world.other_project).stale_since == now


def test_a_project_without_a_day_gets_its_first_one_on_its_first_change(world, django_capture_on_commit_callbacks):
    assert not HealthDay.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        audit.record("test.changed", project=world.project)
    assert HealthDay.objects.get(project=world.project).taken_on == TODAY
    assert _stored(world.project) == _live(world.project)


def test_a_closed_project_keeps_its_final_state(world, django_capture_on_commit_callbacks):
    take_daily_statuses(TODAY)
    world.project.status = "closed"
    world.project.save()
    stored = list(HealthSnapshot.objects.filter(project=world.project).values_list("pk", "status"))
    with django_capture_on_commit_callbacks(execute=True):
        audit.record("test.changed", project=world.project)
    assert list(HealthSnapshot.objects.filter(project=world.project).values_list("pk", "status")) == stored
    assert HealthDay.objects.get(project=world.project).stale_since is None


def test_a_broker_away_at_the_commit_leaves_the_day_stale_for_the_lease(
    world, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """Issue 24: the refresh is not in the outbox; its stale mark is. A publish that fails costs the request nothing
    (Django runs the robust callback as this capture does: an error escaping it is logged by its `__qualname__`)."""

    def refuse(*args, **kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6391. Connection refused.")

    take_daily_statuses(TODAY)
    monkeypatch.setattr(tasks.refresh_health_day, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        audit.record("test.changed", project=world.project)
    assert HealthDay.objects.get(project=world.project).stale_since is not None
    assert "Could not queue the health refresh" in caplog.text


def test_an_administrators_edit_in_the_admin_stores_the_day_again(
    world, admin_client, django_capture_on_commit_callbacks
):
    """The admin writes no audit event; its log entry marks the edited object's project stale, so the stored day
    (and the project home's stored panel, health.stored) is computed again, as after any change."""
    from goals.models import Idea

    idea = Idea.objects.create(project=world.project, title="Yhteinen verkkokurssi")
    take_daily_statuses(TODAY)
    HealthDay.objects.filter(project=world.project).update(red_count=99)  # a stored day that no longer holds

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:goals_idea_delete", args=[idea.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Idea.objects.filter(pk=idea.pk).exists()
    day = HealthDay.objects.get(project=world.project)
    assert day.red_count != 99 and day.stale_since is None  # stored again from the project's data
    assert _stored(world.project) == _live(world.project)
    assert HealthDay.objects.filter(project=world.other_project, red_count=99).count() == 0


def test_an_administrators_edit_of_an_organisation_stores_the_days_of_its_projects_again(
    world, admin_user, rf, django_capture_on_commit_callbacks
):
    """An organisation's name is in the stored panel's facts and on the stored network map of every project it is a
    member of: the admin's log entry of its change marks each of those projects stale, and only those."""
    from django.contrib import admin

    from partners.models import Organisation
    from tests.factories import MembershipFactory

    organisation = MembershipFactory(project=world.project).organisation
    MembershipFactory(project=world.other_project, organisation=organisation)
    third = MembershipFactory().project
    take_daily_statuses(TODAY)
    HealthDay.objects.update(red_count=99)  # stored days that no longer hold

    organisation.name = "Uusi nimi Oy"
    organisation.save()
    request = rf.post("/admin/")
    request.user = admin_user
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[Organisation].log_change(request, organisation, [{"changed": {"fields": ["Name"]}}])
    for project in (world.project, world.other_project):
        day = HealthDay.objects.get(project=project)
        assert day.red_count != 99 and day.stale_since is None  # stored again from the project's data
        assert "Uusi nimi Oy" in str(day.panel["map"])
    assert HealthDay.objects.get(project=third).red_count == 99
