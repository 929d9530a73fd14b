"""Every state change in outreach.services writes its audit event."""

from functools import partial

import pytest
from django.utils import timezone

from outreach import services
from outreach.models import Channel, MotivationEntry
from partners.models import OrganisationType
from tests.audit_coverage import audit_coverage_tests
from tests.factories import AnnouncementFactory, ContactFactory, MotivationEntryFactory


@pytest.fixture
def company(world):
    world.membership.organisation.org_type = OrganisationType.COMPANY
    world.membership.organisation.save(update_fields=["org_type"])
    return world


def _draft(world):
    announcement = AnnouncementFactory.build(project=world.project)
    return partial(services.save_draft, announcement, organisations=[], actor=world.coordinator), world.project


def _send(world):
    ContactFactory(organisation=world.membership.organisation)
    return partial(services.send, AnnouncementFactory(project=world.project), actor=world.coordinator), world.project


def _add(world):
    entry = MotivationEntry(membership=world.membership, date=timezone.localdate(), channel=Channel.PHONE)
    return partial(services.add_entry, entry, actor=world.coordinator), world.project


def _update(world):
    entry = MotivationEntryFactory(membership=world.membership)
    entry.note = "Uusi"
    return partial(services.update_entry, entry, actor=world.coordinator, changed_fields=["note"]), world.project


def _delete(world):
    return partial(
        services.delete_entry, MotivationEntryFactory(membership=world.membership), actor=world.coordinator
    ), world.project


STATE_CHANGING = {
    "save_draft": ("announcement.drafted", _draft),
    "send": ("announcement.sent", _send),
    "add_entry": ("motivation.added", _add),
    "update_entry": ("motivation.updated", _update),
    "delete_entry": ("motivation.deleted", _delete),
}
READ_ONLY = {"check_entry"}


test_every_public_service_function_is_listed, test_state_change_writes_its_audit_event = audit_coverage_tests(
    (services, STATE_CHANGING, READ_ONLY), fixture="company"
)
