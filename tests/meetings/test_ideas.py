"""The ideas log (characteristic 7): members put ideas forward; coordinators try, adopt or drop them, and an
adopted idea names the decision or the goal review of its own project that adopted it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings import ideas
from meetings.models import Decision, Idea, IdeaStatus
from meetings.queries import ideas_summary
from networkhub.models import AuditEvent
from tests.factories import GoalReviewFactory

from .factories import HeldMeetingFactory, IdeaFactory

NOW = datetime(2027, 3, 1, 12, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture
def decision(world):
    return Decision.objects.create(meeting=HeldMeetingFactory(project=world.project), text="Kokeillaan mentoreita.")


@pytest.fixture
def idea(world):
    return IdeaFactory(project=world.project, proposed_by_organisation=world.membership.organisation)


def test_transitions_and_the_first_answer(world, idea, decision):
    start = NOW
    with time_machine.travel(start, tick=False):
        ideas.try_idea(idea, actor=world.coordinator)
    with time_machine.travel(start + timedelta(days=3), tick=False):
        ideas.drop_idea(idea, actor=world.coordinator)
    with time_machine.travel(start + timedelta(days=5), tick=False):
        ideas.reopen_idea(idea, actor=world.coordinator)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW
    assert idea.first_status_change_at == start and idea.status_changed_at == start + timedelta(days=5)
    ideas.adopt_idea(idea, actor=world.coordinator, decision=decision)
    actions = list(AuditEvent.objects.filter(project=world.project).values_list("action", flat=True).order_by("pk"))
    assert actions == ["idea.trying", "idea.dropped", "idea.new", "idea.adopted"]


@pytest.mark.parametrize(
    ("start", "move"),
    [
        (IdeaStatus.NEW, ideas.reopen_idea),
        (IdeaStatus.TRYING, ideas.try_idea),
        (IdeaStatus.TRYING, ideas.reopen_idea),
        (IdeaStatus.DROPPED, ideas.try_idea),
        (IdeaStatus.DROPPED, ideas.drop_idea),
        (IdeaStatus.ADOPTED, ideas.drop_idea),
        (IdeaStatus.ADOPTED, ideas.try_idea),
        (IdeaStatus.ADOPTED, ideas.reopen_idea),
    ],
)
def test_invalid_transitions_are_refused(world, idea, decision, start, move):
    stamp = timezone.now()
    links = {"adopted_decision": decision} if start == IdeaStatus.ADOPTED else {}
    Idea.objects.filter(pk=idea.pk).update(
        status=start,
        status_changed_at=None if start == IdeaStatus.NEW else stamp,
        first_status_change_at=None if start == IdeaStatus.NEW else stamp,
        **links,
    )
    idea.refresh_from_db()
    with pytest.raises(ideas.IdeaError) as refused:
        move(idea, actor=world.coordinator)
    assert refused.value.field == "status"
    assert Idea.objects.get(pk=idea.pk).status == start
    assert not AuditEvent.objects.filter(action__startswith="idea.").exists()


# --- The database keeps the rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "pondering"},
        {"status": IdeaStatus.ADOPTED},  # adopted by nothing
        {"status": IdeaStatus.ADOPTED, "adopted_decision": "decision", "adopted_review": "review"},
        {"status": IdeaStatus.TRYING, "adopted_decision": "decision"},  # a link, but not adopted
        {"status": IdeaStatus.NEW, "adopted_review": "review"},
        {"status": IdeaStatus.DROPPED, "status_changed_at": None},  # a change without its time
        {"status": IdeaStatus.NEW, "proposed_by_organisation": None},  # a person without an organisation
    ],
)
def test_constraint_violations_are_impossible(world, decision, fields):
    review = GoalReviewFactory(project=world.project)
    values = {"decision": decision, "review": review}
    stamp = timezone.now()
    row = {
        "project": world.project,
        "title": "Rikkinäinen",
        "proposed_by_organisation": world.membership.organisation,
        "proposed_by_contact": world.contact,
        "status_changed_at": stamp,
        "first_status_change_at": stamp,
    }
    row |= {key: values.get(value, value) if isinstance(value, str) else value for key, value in fields.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.create(**row)


# --- Read-only summary and query counts -------------------------------------------------------------


def _log(project, count, decision, when):
    """`count` ideas from a member organisation, answered after 2, 4, 6... days; every third adopted."""
    organisation = project.memberships.first().organisation
    for index in range(count):
        created = when - timedelta(days=100 - index)
        with time_machine.travel(created, tick=False):
            idea = IdeaFactory(project=project, proposed_by_organisation=organisation, created_at=created)
        with time_machine.travel(created + timedelta(days=2 * (index + 1)), tick=False):
            if index % 3 == 0:
                ideas.adopt_idea(idea, actor=None, decision=decision)
            elif index % 3 == 1:
                ideas.try_idea(idea, actor=None)
            else:
                ideas.drop_idea(idea, actor=None)


def test_ideas_summary(world, decision, django_assert_num_queries):
    since = NOW - timedelta(days=365)
    with django_assert_num_queries(2):
        assert ideas_summary(world.project, since) == {
            "by_status": {"new": 0, "trying": 0, "adopted": 0, "dropped": 0},
            "total": 0,
            "adopted_since": 0,
            "median_days_to_answer": None,
            "waiting": 0,
        }
    _log(world.project, 3, decision, NOW)  # answered after 2, 4 and 6 days
    IdeaFactory(project=world.project, proposed_by_organisation=world.membership.organisation)  # waiting
    IdeaFactory(project=world.project, proposed_by_organisation=None)  # the coordinator's own
    old = IdeaFactory(project=world.project, created_at=NOW - timedelta(days=900))
    with time_machine.travel(NOW - timedelta(days=800), tick=False):
        ideas.adopt_idea(old, actor=None, decision=decision)  # adopted long ago, answered after 100 days
    with django_assert_num_queries(2):
        summary = ideas_summary(world.project, since)
    assert summary == {
        "by_status": {"new": 2, "trying": 1, "adopted": 2, "dropped": 1},
        "total": 6,
        "adopted_since": 1,
        "median_days_to_answer": 4.0,
        "waiting": 1,
    }
    _log(world.project, 30, decision, NOW)
    with django_assert_num_queries(2):
        assert ideas_summary(world.project, since)["total"] == 36
