"""Issue 11: meeting invitations, polls and minutes go only to the contacts the project sees
(`ContactPerson.objects.visible_to`), not to every contact of an organisation added from the shared registry."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Invitation
from tests.meetings.factories import MeetingFactory


def test_member_contacts_are_the_contacts_the_project_sees(registered):
    world = registered
    assert set(services.member_contacts(world.project)) == {world.contact, world.ville}
    assert set(services.minutes_recipients(world.project)) == {world.contact, world.ville}
    assert world.pekka in services.member_contacts(world.other_project)  # the project that added him


def test_invite_and_poll_pages_offer_only_the_contacts_the_project_sees(registered, client):
    world = registered
    meeting = MeetingFactory(project=world.project)
    client.force_login(world.coordinator)
    url = reverse("meetings:invite", args=[world.project.pk, meeting.pk])

    page = client.get(url).content.decode()
    assert "Pekka Piilotettu" not in page and "Ville Lisätty" in page
    poll_page = client.get(reverse("meetings:poll_create", args=[world.project.pk])).content.decode()
    assert "Pekka Piilotettu" not in poll_page and "Ville Lisätty" in poll_page

    client.post(url, {"contacts": [world.pekka.pk]})
    assert not Invitation.objects.filter(contact=world.pekka).exists()
    assert client.post(url, {"contacts": [world.ville.pk]}).status_code == 302
    assert Invitation.objects.filter(meeting=meeting, contact=world.ville).exists()


def test_the_services_refuse_a_contact_the_project_does_not_see(registered):
    world = registered
    meeting = MeetingFactory(project=world.project)
    with pytest.raises(services.MeetingError):
        services.invite(meeting, [world.ville, world.pekka], actor=world.coordinator)
    assert not Invitation.objects.filter(meeting=meeting).exists()
    assert services.invite(meeting, [world.ville], actor=world.coordinator)
