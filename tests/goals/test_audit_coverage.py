"""Every state change in goals.services and goals.ideas writes its audit event."""

from functools import partial

from goals import ideas, services
from goals.forms import GoalFormSet
from goals.models import GoalReview, GoalStatus, Idea, IdeaStatus
from tests.audit_coverage import audit_coverage_tests
from tests.factories import GoalFactory, GoalReviewFactory
from tests.goals.factories import IdeaFactory


def _save_goals(world):
    data = {
        "goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "0",
        "goals-0-title": "Liikkuvuus kasvaa", "goals-0-indicator": "Jaksot", "goals-0-target": "20",
        "goals-0-unit": "henkilöä", "goals-0-order": "0",
    }  # fmt: skip
    formset = GoalFormSet(data, instance=world.project, prefix="goals")
    assert formset.is_valid(), formset.errors
    return partial(services.save_goals, world.project, formset, actor=world.coordinator), world.project


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


SERVICES_STATE_CHANGING = {
    "save_goals": ("project.goals_updated", _save_goals),
    "record_goal_review": ("project.goal_review_recorded", _record_goal_review),
    "update_goal_review": ("project.goal_review_updated", _update_goal_review),
}
SERVICES_READ_ONLY = set()


def _propose_idea(world):
    idea = Idea(
        project=world.project,
        title="Yhteinen mentorointi",
        description="Kokeillaan",
        proposed_by_organisation=world.membership.organisation,
    )
    return partial(ideas.propose_idea, idea, actor=world.partner), world.project


def _idea(world, status=IdeaStatus.NEW):
    return IdeaFactory(project=world.project, proposed_by_organisation=world.membership.organisation, status=status)


def _try_idea(world):
    return partial(ideas.try_idea, _idea(world), actor=world.coordinator), world.project


def _adopt_idea(world):
    review = GoalReviewFactory(project=world.project)
    return partial(ideas.adopt_idea, _idea(world), actor=world.coordinator, review=review), world.project


def _drop_idea(world):
    return partial(ideas.drop_idea, _idea(world), actor=world.coordinator), world.project


def _reopen_idea(world):
    idea = _idea(world)
    ideas.drop_idea(idea, actor=world.coordinator)
    return partial(ideas.reopen_idea, idea, actor=world.coordinator), world.project


IDEAS_STATE_CHANGING = {
    "propose_idea": ("idea.proposed", _propose_idea),
    "try_idea": ("idea.trying", _try_idea),
    "adopt_idea": ("idea.adopted", _adopt_idea),
    "drop_idea": ("idea.dropped", _drop_idea),
    "reopen_idea": ("idea.new", _reopen_idea),
}
IDEAS_READ_ONLY = set()

test_every_public_function_is_listed, test_state_change_writes_its_audit_event = audit_coverage_tests(
    (services, SERVICES_STATE_CHANGING, SERVICES_READ_ONLY),
    (ideas, IDEAS_STATE_CHANGING, IDEAS_READ_ONLY),
)
