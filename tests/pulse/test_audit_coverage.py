"""Every state change in pulse.services writes its audit event."""

from datetime import date
from functools import partial

from networkhub import tokens
from pulse import services
from pulse.models import PendingAnswer, PulseAnswer, PulseRecipient, TokenPurpose
from tests.audit_coverage import assert_audited, audit_coverage_tests
from tests.meetings.factories import MeetingFactory

RATINGS = dict.fromkeys(["openness", "reliability", "mission", "resources", "involvement"], 4)


def _set_enabled(world):
    return partial(services.set_enabled, world.project, True, actor=world.coordinator), world.project


def _open_round(world):
    return partial(services.open_round, world.project, actor=world.coordinator), world.project


def _answer(world):
    pulse_round = services.open_round(world.project)
    recipient = PulseRecipient.objects.get(round=pulse_round, contact=world.contact)
    _token, raw = tokens.issue(TokenPurpose.PULSE, recipient)
    return partial(services.answer, tokens.lookup(raw, TokenPurpose.PULSE), RATINGS), world.project


def _close_round(world):
    pulse_round = services.open_round(world.project, date(2026, 9, 1))
    return partial(services.close_round, pulse_round, actor=world.coordinator), world.project


def _hide_comment(world):
    pulse_round = services.open_round(world.project, date(2026, 9, 1))
    PendingAnswer.objects.create(round=pulse_round, comment="Nimi", **RATINGS)
    services.close_round(pulse_round)
    answer = PulseAnswer.objects.get(round=pulse_round)
    return partial(services.hide_comment, answer, actor=world.coordinator), world.project


def _remind(world):
    pulse_round = services.open_round(world.project)  # Q4/2026: opened 2.11., closes 31.12., midpoint 1.12.
    return partial(services.remind, pulse_round, today=date(2026, 12, 1)), world.project


def _put_on_agenda(world):
    MeetingFactory(project=world.project)
    pulse_round = services.open_round(world.project, date(2026, 9, 1))
    services.close_round(pulse_round)
    return partial(services.put_on_agenda, pulse_round, actor=world.coordinator), world.project


def _set_in_report(world):
    return partial(services.set_enabled, world.project, False, actor=world.coordinator, in_report=False), world.project


def _survey_link_for_account(world):
    pulse_round = services.open_round(world.project)
    recipient = PulseRecipient.objects.get(round=pulse_round, contact=world.contact)
    return partial(services.survey_link_for_account, recipient), world.project


STATE_CHANGING = {
    "survey_link_for_account": ("pulse.survey_opened_from_account", _survey_link_for_account),
    "set_enabled": ("pulse.enabled", _set_enabled),
    "open_round": ("pulse.round_opened", _open_round),
    "answer": ("pulse.answered", _answer),
    "close_round": ("pulse.round_closed", _close_round),
    "hide_comment": ("pulse.comment_hidden", _hide_comment),
    "remind": ("pulse.reminded", _remind),
    "put_on_agenda": ("pulse.put_on_agenda", _put_on_agenda),
}
READ_ONLY = {"without_coordinators", "next_meeting"}


def test_the_report_choice_is_audited(world):
    assert_audited(_set_in_report(world)[0], action="pulse.report_choice", project=world.project)


test_every_public_function_is_listed, test_state_change_writes_its_audit_event = audit_coverage_tests(
    (services, STATE_CHANGING, READ_ONLY)
)
