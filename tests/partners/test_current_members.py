"""Who is a member: joined (committed, active, or its invitation accepted in this project), not only invited,
not withdrawn."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from networkhub import audit, tokens
from networkhub.models import AuditEvent
from partners.models import ProjectContact, TokenPurpose
from partners.queries import current_members, network_composition, not_yet_joined
from partners.services import accept_invitation, invite_contact
from tests.factories import PASSWORD, ContactFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _pks(project, as_of=None):
    return set(current_members(project, as_of).values_list("pk", flat=True))


def test_joined_members_count_and_invited_ones_do_not(world):
    committed = MembershipFactory(project=world.project, status="committed")
    invited = MembershipFactory(project=world.project, status="invited")
    ContactFactory(organisation=invited.organisation)  # no account yet
    elsewhere = MembershipFactory(project=world.project, status="invited")
    ContactFactory(organisation=elsewhere.organisation, user=UserFactory())  # an account from another project
    assert _pks(world.project) == {world.membership.pk, committed.pk}
    assert network_composition(world.project)["total"] == 2
    assert set(not_yet_joined().filter(project=world.project).values_list("pk", flat=True)) == {
        invited.pk,
        elsewhere.pk,
    }


def test_accepting_the_invitation_of_this_project_makes_the_organisation_a_member_here_only(world):
    here = MembershipFactory(project=world.project, status="invited", known_contacts=False)
    there = MembershipFactory(project=world.other_project, organisation=here.organisation, status="invited")
    contact = ContactFactory(organisation=here.organisation)
    ProjectContact.objects.update_or_create(project=world.project, contact=contact, defaults={"accepted": False})
    token, _raw = tokens.issue(TokenPurpose.INVITATION, contact, sent_to=contact.email)
    accept_invitation(token, full_name="Uusi Jäsen", password=PASSWORD)
    here.refresh_from_db()
    there.refresh_from_db()
    assert (here.status, there.status) == ("active", "invited")
    assert here.pk in _pks(world.project)
    assert there.pk not in _pks(world.other_project)  # the account does not make it a member there
    assert AuditEvent.objects.filter(action="membership.accepted", target_id=here.pk).exists()


def test_a_member_counts_from_the_day_it_joined_until_the_day_it_withdrew(world):
    joined = date(2026, 3, 1)
    leaving = MembershipFactory(project=world.project, joined_on=joined, status="withdrawn", left_on=date(2026, 9, 1))
    assert leaving.pk not in _pks(world.project, date(2026, 2, 28))
    assert leaving.pk in _pks(world.project, date(2026, 8, 31))
    assert leaving.pk not in _pks(world.project, date(2026, 9, 1))
    MembershipFactory(project=world.project, status="withdrawn", left_on=None)  # no date: gone
    assert _pks(world.project, date(2026, 8, 31)) == {leaving.pk}  # the world's member joined today


def test_withdrawing_sets_the_withdrawal_date(world, client):
    client.force_login(world.coordinator)
    today = timezone.localdate()
    response = client.post(
        reverse("partners:edit", args=[world.project.pk, world.membership.pk]),
        {"role": "partner", "status": "withdrawn", "joined_on": (today - timedelta(days=30)).isoformat()},
    )
    assert response.status_code == 302
    world.membership.refresh_from_db()
    assert world.membership.left_on == today
    assert world.membership.pk not in _pks(world.project, today)
    assert world.membership.pk in _pks(world.project, today - timedelta(days=1))


def test_the_migration_makes_members_of_invitations_accepted_before_it(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("partners.migrations.0007_invitations_accepted_make_members")
    accepted = MembershipFactory(project=world.project, status="invited")
    contact = ContactFactory(organisation=accepted.organisation, user=UserFactory())
    audit.record("contact.joined", actor=contact.user, target=contact, projects=[world.project.pk])
    elsewhere = MembershipFactory(project=world.project, status="invited")
    other = ContactFactory(organisation=elsewhere.organisation, user=UserFactory())
    audit.record("contact.joined", actor=other.user, target=other, projects=[world.other_project.pk])
    migration.accepted_invitations_make_members(apps, None)
    accepted.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (accepted.status, elsewhere.status) == ("active", "invited")


def test_signing_the_letter_of_an_invited_organisation_makes_it_a_committed_member(world):
    from tests.commitments.helpers import publish_rules
    from tests.health.helpers import letter

    invited = MembershipFactory(project=world.project, status="invited", joined_on=date(2026, 2, 1))
    ContactFactory(organisation=invited.organisation)
    publish_rules(world.project, world.coordinator)
    assert invited.pk not in _pks(world.project)
    letter(invited, world.coordinator, sent=date(2026, 10, 1), contact=date(2026, 10, 2), management=date(2026, 10, 3))
    invited.refresh_from_db()
    assert invited.status == "committed"
    assert invited.pk in _pks(world.project)


def test_a_contact_the_project_added_itself_and_then_invited_joins_it_by_accepting(world):
    """The first day's flow: the coordinator adds the contact (known at once), then sends the invitation."""
    here = MembershipFactory(project=world.project, status="invited", known_contacts=False)
    there = MembershipFactory(project=world.other_project, organisation=here.organisation, status="invited")
    contact = ContactFactory(organisation=here.organisation)
    ProjectContact.objects.update_or_create(project=world.project, contact=contact, defaults={"accepted": True})
    ProjectContact.objects.update_or_create(project=world.other_project, contact=contact, defaults={"accepted": True})
    invite_contact(contact, project=world.project, actor=world.coordinator)
    token, _raw = tokens.issue(TokenPurpose.INVITATION, contact, sent_to=contact.email)
    accept_invitation(token, full_name="Uusi Jäsen", password=PASSWORD)
    here.refresh_from_db()
    there.refresh_from_db()
    assert (here.status, there.status) == ("active", "invited")  # only the project that sent the invitation
