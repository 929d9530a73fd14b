"""Every state change in projects.services writes its audit event."""

from functools import partial

import pytest

from networkhub import reminders
from projects import services
from projects.forms import GoalFormSet
from projects.models import GoalReview, GoalStatus
from tests.audit_coverage import assert_audited, assert_every_function_listed
from tests.factories import CoordinatorFactory, GoalFactory, GoalReviewFactory


def _update_project(world):
    world.project.name = "Uusi nimi"
    return partial(
        services.update_project, world.project, actor=world.coordinator, changed_fields=["name"]
    ), world.project


def _add_coordinator(world):
    second = CoordinatorFactory()
    return partial(services.add_coordinator, world.project, email=second.email, actor=world.coordinator), world.project


def _remove_coordinator(world):
    second = CoordinatorFactory()
    world.project.coordinators.add(second)
    return partial(services.remove_coordinator, world.project, user=second, actor=world.coordinator), world.project


def _save_goals(world):
    data = {
        "goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "0",
        "goals-0-title": "Liikkuvuus kasvaa", "goals-0-indicator": "Jaksot", "goals-0-target": "20",
        "goals-0-unit": "henkilöä", "goals-0-order": "0",
    }  # fmt: skip
    formset = GoalFormSet(data, instance=world.project, prefix="goals")
    assert formset.is_valid(), formset.errors
    return partial(services.save_goals, world.project, formset, actor=world.coordinator), world.project


def _save_reminder_settings(world):
    kind = reminders.kind_choices(essential=False)[0][0]
    call = partial(services.save_reminder_settings, world.project, {kind: (False, [])}, actor=world.coordinator)
    return call, world.project


def _review_entries(project):
    goal = GoalFactory(project=project)
    return [{"goal": goal, "status": GoalStatus.AT_RISK, "notes": "Hidas alku", "changes": ""}]


def _record_goal_review(world):
    review = GoalReview(project=world.project, review_date=world.project.start_date, summary="Katsaus")
    call = partial(services.record_goal_review, review, _review_entries(world.project), actor=world.coordinator)
    return call, world.project


def _update_goal_review(world):
    review = GoalReviewFactory(project=world.project)
    review.summary = "Tarkennettu"
    call = partial(
        services.update_goal_review,
        review,
        _review_entries(world.project),
        actor=world.coordinator,
        changed_fields=["summary"],
    )
    return call, world.project


STATE_CHANGING = {
    "update_project": ("project.updated", _update_project),
    "add_coordinator": ("project.coordinator_added", _add_coordinator),
    "remove_coordinator": ("project.coordinator_removed", _remove_coordinator),
    "save_goals": ("project.goals_updated", _save_goals),
    "save_reminder_settings": ("project.reminder_settings_saved", _save_reminder_settings),
    "record_goal_review": ("project.goal_review_recorded", _record_goal_review),
    "update_goal_review": ("project.goal_review_updated", _update_goal_review),
}
READ_ONLY = set()


def test_every_public_service_function_is_listed():
    assert_every_function_listed(services, STATE_CHANGING, READ_ONLY)


@pytest.mark.parametrize("name", sorted(STATE_CHANGING))
def test_state_change_writes_its_audit_event(world, name):
    action, case = STATE_CHANGING[name]
    call, project = case(world)
    assert call.func is getattr(services, name)
    assert_audited(call, action=action, project=project)
