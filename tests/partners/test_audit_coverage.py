"""Every state change in partners.services writes its audit event."""

from functools import partial

from networkhub import tokens
from partners import services
from partners.models import MembershipRole, MembershipStatus, TokenPurpose
from tests.audit_coverage import audit_coverage_tests
from tests.factories import ContactFactory, OrganisationFactory, ProgrammeFactory, ProjectFactory


def _register_project(world):
    project = ProjectFactory.build(programme=ProgrammeFactory())
    lead = OrganisationFactory()
    return partial(services.register_project, project, coordinator=world.coordinator, lead_organisation=lead), project


def _add_member(world):
    organisation = OrganisationFactory()
    call = partial(
        services.add_member, world.project, organisation, role=MembershipRole.PARTNER, actor=world.coordinator
    )
    return call, world.project


def _register_organisation_as_member(world):
    organisation = OrganisationFactory.build()
    call = partial(
        services.register_organisation_as_member,
        world.project,
        organisation,
        role=MembershipRole.PARTNER,
        actor=world.coordinator,
    )
    return call, world.project


def _update_membership(world):
    world.membership.status = MembershipStatus.WITHDRAWN
    return partial(services.update_membership, world.membership, actor=world.coordinator), world.project


def _save_contact(world):
    contact = ContactFactory.build(organisation=world.membership.organisation)
    call = partial(services.save_contact, contact, project=world.project, actor=world.coordinator, created=True)
    return call, world.project


def _save_organisation(world):
    organisation = world.membership.organisation
    organisation.name = "Uusi nimi"
    return partial(
        services.save_organisation, organisation, project=world.project, actor=world.coordinator
    ), world.project


def _invite_contact(world):
    contact = ContactFactory(organisation=world.membership.organisation)
    return partial(services.invite_contact, contact, project=world.project, actor=world.coordinator), world.project


def _accept_invitation(world):
    contact = ContactFactory(organisation=world.membership.organisation)
    link, _raw = tokens.issue(TokenPurpose.INVITATION, contact, sent_to=contact.email, created_by=world.coordinator)
    call = partial(services.accept_invitation, link, full_name="Uusi Kumppani", password="correct-horse-9")
    return call, None  # joining is the person's, not one project's


def _save_expertise_profile(world):
    call = partial(
        services.save_expertise_profile,
        world.membership.organisation,
        tags=["mobility"],
        description="Työelämäjaksot ulkomailla.",
        actor=world.coordinator,
        project=world.project,
    )
    return call, world.project


def _update_own_details(world):
    world.contact.phone = "+358 40 765 4321"
    return partial(services.update_own_details, world.contact, actor=world.partner), None  # the person's own


def _import_member(world):
    from datetime import date

    organisation = OrganisationFactory.build()
    call = partial(
        services.import_member,
        world.project,
        organisation,
        role=MembershipRole.PARTNER,
        joined_on=date(2026, 1, 1),
        actor=world.coordinator,
    )
    return call, world.project


def _import_contact(world):
    contact = ContactFactory.build(organisation=world.membership.organisation, email="tuotu@example.org")
    return partial(services.import_contact, contact, project=world.project, actor=world.coordinator), world.project


STATE_CHANGING = {
    "import_member": ("membership.imported", _import_member),
    "import_contact": ("contact.imported", _import_contact),
    "save_expertise_profile": ("expertise.updated", _save_expertise_profile),
    "register_project": ("project.registered", _register_project),
    "add_member": ("membership.added", _add_member),
    "register_organisation_as_member": ("organisation.created", _register_organisation_as_member),
    "update_membership": ("membership.updated", _update_membership),
    "save_contact": ("contact.created", _save_contact),
    "save_organisation": ("organisation.updated", _save_organisation),
    "invite_contact": ("contact.invited", _invite_contact),
    "accept_invitation": ("contact.joined", _accept_invitation),
    "update_own_details": ("contact.self_updated", _update_own_details),
}
READ_ONLY = {"may_coordinator_edit_organisation"}


test_every_public_service_function_is_listed, test_state_change_writes_its_audit_event = audit_coverage_tests(
    (services, STATE_CHANGING, READ_ONLY)
)
