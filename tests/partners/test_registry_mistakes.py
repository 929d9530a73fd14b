"""The registry's own mistakes (issue 23, part 4): a contact a coordinator has just typed in (this project added
them, they never accepted an invitation, no other project has them) is the project's to correct, even when the
organisation is a member of other projects; otherwise only the person changes their details. The actions offered
on a contact match its state: no invitation to an erased person or to one who has joined."""

import pytest
from django.urls import reverse

from networkhub.models import AuditEvent
from networkhub.privacy import erased_email
from partners import services
from partners.models import ContactPerson, Membership
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world, client):
    """Helmijoki, a member of the other project too; this project's coordinator adds it and types in a contact
    with a mistyped address (Finnish pages)."""
    world.helmi = OrganisationFactory(name="Helmijoen ammattiopisto")
    MembershipFactory(project=world.other_project, organisation=world.helmi)
    world.helmi_membership = MembershipFactory(project=world.project, organisation=world.helmi)
    client.force_login(world.coordinator)
    create = reverse("partners:contact_create", args=[world.project.pk, world.helmi_membership.pk])
    response = client.post(
        create,
        {"name": "Outi Uusi", "email": "outi@helmijoki.exmaple", "language": "fi", "time_zone": "Europe/Helsinki"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    world.typed = ContactPerson.objects.get(email="outi@helmijoki.exmaple")
    return world


def _edit_url(world, contact):
    return reverse("partners:contact_edit", args=[world.project.pk, world.helmi_membership.pk, contact.pk])


def _detail(world, client):
    return client.get(reverse("partners:detail", args=[world.project.pk, world.helmi_membership.pk])).content.decode()


def _fix(world, client, contact):
    data = {"name": contact.name, "email": "outi@helmijoki.example", "language": "fi", "time_zone": "Europe/Helsinki"}
    return client.post(_edit_url(world, contact), data)


def test_a_contact_the_coordinator_typed_in_can_be_corrected(shared, client):
    world = shared
    assert f'href="{_edit_url(world, world.typed)}"' in _detail(world, client)
    assert client.get(_edit_url(world, world.typed)).status_code == 200
    assert _fix(world, client, world.typed).status_code == 302
    world.typed.refresh_from_db()
    assert world.typed.email == "outi@helmijoki.example"
    assert AuditEvent.objects.filter(action="contact.updated", target_id=world.typed.pk).exists()


def test_once_they_have_joined_only_the_person_changes_them(shared, client):
    world = shared
    ContactPerson.objects.filter(pk=world.typed.pk).update(user=UserFactory(email="outi@helmijoki.exmaple"))
    detail = _detail(world, client)
    assert f'href="{_edit_url(world, world.typed)}"' not in detail
    assert "muissa hankkeissa" in detail
    assert _fix(world, client, world.typed).status_code == 403
    assert ContactPerson.objects.get(pk=world.typed.pk).email == "outi@helmijoki.exmaple"


def test_a_contact_another_project_has_too_stays_the_persons(shared, client):
    world = shared
    services.invite_contact(world.typed, project=world.other_project, actor=world.other_coordinator)
    assert _fix(world, client, world.typed).status_code == 403
    with pytest.raises(services.ContactEditRefused):
        world.typed.email = "x@example.org"
        services.save_contact(world.typed, project=world.project, actor=world.coordinator, created=False)
    assert ContactPerson.objects.get(pk=world.typed.pk).email == "outi@helmijoki.exmaple"


def test_a_consenting_contact_seen_across_the_network_stays_the_persons(shared, client):
    world = shared
    ContactPerson.objects.filter(pk=world.typed.pk).update(consent_to_share=True)
    assert _fix(world, client, world.typed).status_code == 403


def test_a_contact_of_an_organisation_in_no_other_project_is_the_projects_as_before(world, client):
    Membership.objects.filter(organisation=world.contact.organisation).exclude(project=world.project).delete()
    client.force_login(world.coordinator)
    url = reverse("partners:contact_edit", args=[world.project.pk, world.membership.pk, world.contact.pk])
    assert client.get(url).status_code == 200


def _invite_url(world, contact):
    return reverse("partners:contact_invite", args=[world.project.pk, world.helmi_membership.pk, contact.pk])


def test_send_invitation_is_offered_only_to_whom_it_can_reach(shared, client, mailoutbox):
    world = shared
    assert f'action="{_invite_url(world, world.typed)}"' in _detail(world, client)

    erased = ContactFactory(
        organisation=world.helmi, name="[erased]", email=erased_email("abc"), consent_to_share=False, known_to=[]
    )
    services.save_contact(erased, project=world.project, actor=world.coordinator, created=True)
    joined = ContactFactory(organisation=world.helmi, consent_to_share=False, known_to=[world.project])
    ContactPerson.objects.filter(pk=joined.pk).update(user=UserFactory(email=joined.email))
    detail = _detail(world, client)
    assert erased.email in detail and joined.email in detail
    assert f'action="{_invite_url(world, erased)}"' not in detail
    assert f'action="{_invite_url(world, joined)}"' not in detail

    # Nor by a hand-made POST: an error, no e-mail, no audit.
    for contact in (erased, joined):
        page = client.post(_invite_url(world, contact), follow=True).content.decode()
        assert "poistettu" in page or "jo liittynyt" in page
    assert not mailoutbox
    assert not AuditEvent.objects.filter(action="contact.invited").exists()
