"""Item 8 (trust): the trust pulse's average and response rate alone, in every state; not in use with the pulse
off, whatever the contacts' decisions on sharing their details (data protection, not trust)."""

from datetime import date

import pytest
from django.utils import translation

from health import trust
from health.panel import Status
from pulse import services
from pulse.models import PulseSetting
from tests.factories import ProjectFactory
from tests.pulse.helpers import answers, closed_round

from .helpers import founding_members

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _network(world, members=5):
    """`members` founding members with one contact each, all of whom decided on sharing (consent: yes)."""
    return founding_members(world, members)


@pytest.mark.parametrize(
    ("members", "answered", "start", "status", "average"),
    [
        (6, 5, 4, Status.GREEN, 4.5),  # 83 % answered; ratings 4, 5, 5, 4, 5 = 4.6, shown to 0.5 below 10 answers
        (10, 5, 4, Status.AMBER, 4.5),  # 50 % answered
        (6, 5, 1, Status.RED, 2.0),  # 83 % answered; ratings 1, 2, 3, 1, 2 = 1.8, shown as 2.0
    ],
)
def test_trust_pulse_average_and_response_rate_of_the_closed_round(world, members, answered, start, status, average):
    _network(world, members)
    PulseSetting.objects.create(project=world.project, enabled=True)
    closed_round(world.project, answered, start=start)
    result = trust.trust(world.project)
    assert (result.number, result.key, result.status) == (8, "trust", status)
    assert result.value == average
    assert result.facts[0] == (
        f"Trust pulse Q3/2026: {answered} of {members} member contacts answered ({round(100 * answered / members)} %)."
    )
    assert result.facts[1].startswith(f"Trust {average:.1f} on a scale from 1 to 5 (openness to communication ")
    # Value is a fact of its own, not scored (influence was not answered: its resources and involvement show).
    assert result.facts[2].startswith("Value of the network (not scored): ")
    assert "influence" not in result.facts[2]
    assert len(result.facts) == 3  # the pulse alone: no consent decisions
    assert result.action == "see_pulse"


def test_an_open_round_carries_no_figures(world):
    """While a round is open, the panel shows the last closed round or nothing: no differencing between answers."""
    _network(world, 6)
    pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)
    before = trust.trust(world.project)
    answers(pulse_round, 5, start=5)
    after = trust.trust(world.project)
    assert before.facts == after.facts == ["No closed trust pulse round yet."]
    assert before.status == after.status == Status.NO_DATA and after.value is None


def test_four_answers_show_only_the_count(world):
    _network(world)
    PulseSetting.objects.create(project=world.project, enabled=True)
    closed_round(world.project, 4, start=5)
    result = trust.trust(world.project)
    assert result.facts[:2] == [
        "Trust pulse Q3/2026: 4 of 5 member contacts answered (80 %).",
        "The results show from 5 answers from 3 organisations.",
    ]
    assert result.value is None
    assert not any("Average" in fact for fact in result.facts)


@pytest.mark.parametrize("decided", [5, 2, 0])
def test_with_the_pulse_off_trust_is_not_in_use_whatever_the_consent_decisions(world, decided):
    members = _network(world)
    for membership in members[decided:]:
        membership.organisation.contacts.update(consent_to_share=False)  # not asked yet: no decision
    result = trust.trust(world.project)
    assert result.status == Status.NOT_IN_USE
    assert result.facts == ["The project does not run the trust pulse."]
    assert result.action_url.endswith("/pulse/settings/")
    assert trust.trust(ProjectFactory()).status == Status.NOT_IN_USE


def test_the_pulse_on_without_a_round_yet_is_not_enough_data(world):
    _network(world)
    PulseSetting.objects.create(project=world.project, enabled=True)
    result = trust.trust(world.project)
    assert (result.status, result.facts) == (Status.NO_DATA, ["No closed trust pulse round yet."])


def test_the_counts_are_fixed_at_the_close_whatever_membership_edits_do(world):
    """Moving a member's joined_on (or withdrawing it) after the close changes nothing: the counts are the round's."""
    members = _network(world, 6)
    PulseSetting.objects.create(project=world.project, enabled=True)
    closed_round(world.project, 5)
    facts = trust.trust(world.project).facts
    for membership in members:
        joined = membership.joined_on
        membership.joined_on = date(2026, 11, 3)  # tomorrow
        membership.save()
        assert trust.trust(world.project).facts == facts
        membership.joined_on = joined
        membership.status, membership.left_on = "withdrawn", date(2026, 10, 1)
        membership.save()
        assert trust.trust(world.project).facts == facts
