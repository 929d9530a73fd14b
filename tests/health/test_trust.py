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
from tests.pulse.helpers import answers

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
        (5, 4, 4, Status.GREEN, 4.5),  # 80 % answered; ratings 4, 5, 5, 4
        (6, 3, 4, Status.AMBER, 4.7),  # 50 % answered; ratings 4, 5, 5
        (5, 3, 1, Status.RED, 2.0),  # 60 % answered; ratings 1, 2, 3
    ],
)
def test_trust_pulse_average_and_response_rate(world, members, answered, start, status, average):
    _network(world, members)
    pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)
    answers(pulse_round, answered, start=start)
    result = trust.trust(world.project)
    assert (result.number, result.key, result.status) == (8, "trust", status)
    assert result.value == average
    assert result.facts[0] == (
        f"Trust pulse Q4/2026: {answered} of {members} member contacts answered ({round(100 * answered / members)} %)."
    )
    assert result.facts[1].startswith(f"Average {average:.1f} on a scale from 1 to 5 (openness to communication ")
    assert len(result.facts) == 2  # the pulse alone: no consent decisions
    assert result.action == "see_pulse"


def test_two_answers_show_only_the_count(world):
    _network(world)
    pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)
    answers(pulse_round, 2, start=5)
    result = trust.trust(world.project)
    assert result.facts[:2] == [
        "Trust pulse Q4/2026: 2 of 5 member contacts answered (40 %).",
        "The results show from 3 answers.",
    ]
    assert result.value is None
    assert result.status == Status.AMBER  # 40 % answered: the rate alone decides
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
    assert (result.status, result.facts) == (Status.NO_DATA, ["No trust pulse round yet."])


def test_a_withdrawn_members_contacts_drop_out_from_the_withdrawal_date(world):
    members = _network(world, 2)
    PulseSetting.objects.create(project=world.project, enabled=True)
    pulse_round = services.open_round(world.project, date(2026, 9, 1))  # Q3, before the withdrawal
    members[1].status, members[1].left_on = "withdrawn", date(2026, 10, 1)
    members[1].save()
    answers(pulse_round, 1)
    assert trust.trust(world.project).facts[0] == "Trust pulse Q3/2026: 1 of 1 member contacts answered (100 %)."
    before = trust.trust(world.project, date(2026, 9, 30))
    assert before.facts[0] == "Trust pulse Q3/2026: 1 of 2 member contacts answered (50 %)."
