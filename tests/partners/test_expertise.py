"""Expertise profiles (characteristic 9): each member organisation describes what it knows in tags and text."""

import pytest
from django.urls import reverse

from networkhub.models import AuditEvent
from partners import services
from partners.models import ExpertiseProfile, ExpertiseTag, MembershipStatus, plain_text
from tests.factories import MembershipFactory


def _profile_url(project, membership):
    return reverse("partners:profile_edit", args=[project.pk, membership.pk])


def test_partner_edits_their_own_organisations_profile(network, client):
    client.force_login(network.partner)
    response = client.post(
        _profile_url(network.project, network.membership),
        {"tags": " Work-Based  Learning, mobility,MOBILITY, digital pedagogy", "description": "Osaamme <b>paljon</b>."},
    )
    assert response.status_code == 302
    profile = ExpertiseProfile.objects.get(organisation=network.membership.organisation)
    assert sorted(profile.tags.values_list("name", flat=True)) == [
        "digital pedagogy",
        "mobility",
        "work-based learning",
    ]
    assert profile.description == "Osaamme paljon."
    assert profile.updated_by == network.partner
    assert ExpertiseTag.objects.filter(name="digital pedagogy").count() == 1  # shared with Konepaja's profile
    event = AuditEvent.objects.get(action="expertise.updated", actor=network.partner)
    assert event.project == network.project
    assert event.data["tags_added"] == ["digital pedagogy", "mobility", "work-based learning"]
    # Saving the same again is not a change.
    client.post(
        _profile_url(network.project, network.membership),
        {"tags": "mobility, digital pedagogy, work-based learning", "description": "Osaamme paljon."},
    )
    assert AuditEvent.objects.filter(action="expertise.updated", actor=network.partner).count() == 1


def test_partner_cannot_edit_another_members_profile(network, client):
    client.force_login(network.partner)
    url = _profile_url(network.project, network.konepaja)
    assert client.get(url).status_code == 404
    assert client.post(url, {"tags": "hacked", "description": ""}).status_code == 404
    assert list(network.konepaja.organisation.expertise.tags.values_list("name", flat=True)) == [
        "digital pedagogy",
        "welding",
    ]


def test_coordinator_edits_any_members_profile(network, client):
    client.force_login(network.coordinator)
    page = client.get(reverse("partners:detail", args=[network.project.pk, network.konepaja.pk])).content.decode()
    assert _profile_url(network.project, network.konepaja) in page
    response = client.post(_profile_url(network.project, network.konepaja), {"tags": "welding", "description": ""})
    assert response.status_code == 302
    profile = network.konepaja.organisation.expertise
    profile.refresh_from_db()
    assert list(profile.tags.values_list("name", flat=True)) == ["welding"] and profile.description == ""
    event = AuditEvent.objects.get(action="expertise.updated", actor=network.coordinator)
    assert event.data["tags_removed"] == ["digital pedagogy"] and event.data["description_changed"]


def test_withdrawn_members_profile_is_not_editable_here(network, client):
    network.konepaja.status = MembershipStatus.WITHDRAWN
    network.konepaja.save()
    client.force_login(network.coordinator)
    assert client.get(_profile_url(network.project, network.konepaja)).status_code == 404


def test_the_profile_belongs_to_the_organisation_in_every_network(network, client):
    elsewhere = MembershipFactory(project=network.other_project, organisation=network.konepaja.organisation)
    client.force_login(network.other_coordinator)
    page = client.get(reverse("partners:detail", args=[network.other_project.pk, elsewhere.pk])).content.decode()
    assert "Hitsauksen oppimisympäristöt" in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"tags": "x" * 61, "description": "Hyvä teksti"}, "tags"),
        ({"tags": "a", "description": "Hyvä teksti"}, "tags"),
        ({"tags": "<script>, mobility", "description": "Hyvä teksti"}, "tags"),
        ({"tags": "good; bad", "description": "Hyvä teksti"}, "tags"),
        ({"tags": ", ".join(f"tag {n}" for n in range(16)), "description": "Hyvä teksti"}, "tags"),
        ({"tags": "mobility", "description": "x" * 2001}, "description"),
    ],
)
def test_bad_input_keeps_the_form_with_a_field_error(network, client, data, field):
    client.force_login(network.partner)
    response = client.post(_profile_url(network.project, network.membership), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert "mobility" in response.content.decode() or "Hyvä teksti" in response.content.decode()
    assert not ExpertiseProfile.objects.filter(organisation=network.membership.organisation).exists()


def test_text_is_kept_as_plain_text():
    assert plain_text("  <p>Hei <b>maailma</b></p>\r\n\r\n\r\n\r\nRivi 2\x00\u202e \t ") == "Hei maailma\n\nRivi 2"
    assert plain_text("5 < 6 & 7 > 3, x<y") == "5 < 6 & 7 > 3, x<y"  # not markup: kept as typed


def test_description_length_counts_line_breaks_once(network, client):
    client.force_login(network.partner)
    text = ("x" * 99 + "\r\n") * 20  # 2000 characters in the browser, 2020 as sent
    response = client.post(_profile_url(network.project, network.membership), {"tags": "", "description": text})
    assert response.status_code == 302


def test_member_page_shows_the_profile(network, client):
    client.force_login(network.partner)
    page = client.get(reverse("partners:detail", args=[network.project.pk, network.konepaja.pk])).content.decode()
    assert "welding" in page and "Hitsauksen oppimisympäristöt" in page
    assert _profile_url(network.project, network.konepaja) not in page
    own = client.get(reverse("partners:detail", args=[network.project.pk, network.membership.pk])).content.decode()
    assert _profile_url(network.project, network.membership) in own


def test_service_normalises_tags_and_shares_them_between_organisations(network):
    organisation = network.membership.organisation
    profile = services.save_expertise_profile(
        organisation, tags=["  Welding ", "WELDING", " "], description="", actor=None
    )
    assert list(profile.tags.values_list("name", flat=True)) == ["welding"]
    assert ExpertiseTag.objects.filter(name="welding").count() == 1  # the same tag as Konepaja's
    assert profile.updated_by is None
