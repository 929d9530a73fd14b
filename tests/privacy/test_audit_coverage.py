"""Every state change in privacy.services writes its audit event (the export too: a disclosure is logged)."""

from functools import partial

import pytest

from privacy import services
from tests.audit_coverage import assert_audited, assert_every_function_listed

from .helpers import administrator


def _export(world):
    return partial(services.export, services.find_person(world.partner.email), actor=administrator()), None


def _erase(world):
    return partial(services.erase, services.find_person(world.partner.email), actor=administrator()), None


STATE_CHANGING = {
    "export": ("person.exported", _export),
    "erase": ("person.erased", _erase),
}
READ_ONLY = {"find_person", "person_for_user", "person_for_contact"}


def test_every_public_function_is_listed():
    assert_every_function_listed(services, STATE_CHANGING, READ_ONLY)


@pytest.mark.parametrize(
    ("name", "action", "case"), [(n, *c) for n, c in STATE_CHANGING.items()], ids=list(STATE_CHANGING)
)
def test_state_change_writes_its_audit_event(world, name, action, case):
    call, project = case(world)
    assert call.func is getattr(services, name)
    assert_audited(call, action=action, project=project)
