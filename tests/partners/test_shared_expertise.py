"""Issue 20, part 4: an organisation's expertise profile, like its details, is a coordinator's to edit only while the
organisation is a current member (partners.queries.is_member) of no other project. Otherwise its own contact
persons edit it, and the change is e-mailed to the coordinators of its other projects, in their language."""

import pytest
from django.urls import reverse

from networkhub.models import AuditEvent, Message
from partners import services
from partners.models import ExpertiseProfile, MembershipStatus
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _profile_url(project, membership):
    return reverse("partners:profile_edit", args=[project.pk, membership.pk])


def test_a_coordinator_cannot_edit_the_profile_of_an_organisation_another_project_has(network, client):
    MembershipFactory(project=network.other_project, organisation=network.konepaja.organisation)
    client.force_login(network.coordinator)
    url = _profile_url(network.project, network.konepaja)
    detail = client.get(reverse("partners:detail", args=[network.project.pk, network.konepaja.pk])).content.decode()
    assert url not in detail
    assert client.get(url).status_code == 404
    assert client.post(url, {"tags": "hijacked", "description": ""}).status_code == 404
    profile = ExpertiseProfile.objects.get(organisation=network.konepaja.organisation)
    assert sorted(profile.tags.values_list("name", flat=True)) == ["digital pedagogy", "welding"]
    with pytest.raises(services.ExpertiseEditRefused):
        services.save_expertise_profile(
            network.konepaja.organisation,
            tags=["hijacked"],
            description="",
            actor=network.coordinator,
            project=network.project,
            as_coordinator=True,
        )
    assert not AuditEvent.objects.filter(action="expertise.updated", actor=network.coordinator).exists()


def test_an_invitation_elsewhere_or_a_withdrawal_does_not_make_it_shared(network, client):
    """The one definition of a current member: invited (not joined) or withdrawn elsewhere does not count."""
    organisation = network.konepaja.organisation
    MembershipFactory(project=network.other_project, organisation=organisation, status=MembershipStatus.INVITED)
    client.force_login(network.coordinator)
    response = client.post(_profile_url(network.project, network.konepaja), {"tags": "welding", "description": ""})
    assert response.status_code == 302
    assert services.may_coordinator_edit_organisation(organisation, network.project)  # details alike


def test_its_own_contact_edits_a_shared_profile_and_the_other_coordinators_are_told(
    network, client, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = network.membership.organisation  # Kumppaniopisto: Pia Partneri is its contact
    MembershipFactory(project=network.other_project, organisation=organisation)
    network.other_coordinator.language = "sv"
    network.other_coordinator.save()
    client.force_login(network.partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _profile_url(network.project, network.membership), {"tags": "mobility", "description": "Uutta osaamista."}
        )
    assert response.status_code == 302
    profile = ExpertiseProfile.objects.get(organisation=organisation)
    assert profile.description == "Uutta osaamista." and profile.updated_by == network.partner
    (message,) = mailoutbox
    assert message.to == [network.other_coordinator.email]  # not this project's coordinator
    assert message.extra_headers["Content-Language"] == "sv"
    assert organisation.name in message.subject and "mobility" in message.body
    record = Message.objects.get(kind="expertise_changed")
    assert record.project == network.other_project
    # The same change saved again is no change: nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _profile_url(network.project, network.membership), {"tags": "mobility", "description": "Uutta osaamista."}
        )
    assert len(mailoutbox) == 1


def test_the_coordinator_still_edits_the_profile_of_a_member_of_this_project_alone(
    network, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(network.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_profile_url(network.project, network.konepaja), {"tags": "welding", "description": ""})
    assert response.status_code == 302
    assert not mailoutbox  # no other project to tell
