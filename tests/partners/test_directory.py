"""The network's knowledge directory (characteristic 9): members' expertise and the contacts who consented to share."""

import pytest
from django.urls import reverse

from partners import services
from partners.models import MembershipStatus
from partners.queries import directory_coverage
from tests.factories import ContactFactory, MembershipFactory, add_members, sign_in


def _get(client, user, name, project, **params):
    sign_in(client, user)
    return client.get(reverse(name, args=[project.pk]), params)


def _profile_url(project, membership):
    return reverse("partners:profile_edit", args=[project.pk, membership.pk])


# Who sees what


@pytest.mark.parametrize("role", ["coordinator", "partner"])
def test_directory_shows_consenting_contacts_and_expertise(network, client, role):
    page = _get(client, getattr(network, role), "partners:directory", network.project).content.decode()
    assert "Konepaja Kaira Oy" in page and "Kumppaniopisto" in page
    assert "digital pedagogy" in page and "Hitsauksen oppimisympäristöt" in page
    assert "Jaana Jakaja" in page and "jaana@konepaja.example" in page and "+358 40 111 2222" in page
    assert "Koulutuspäällikkö" in page and "ruotsi" in page  # the contact's language, as the page's language names it
    assert "Poistunut Oy" not in page and "Ville Vetäytynyt" not in page
    assert 'id="sharing-decisions"' in page  # the decisions on sharing details: here, not on the health panel


@pytest.mark.parametrize("role", ["coordinator", "partner"])
@pytest.mark.parametrize("name", ["partners:directory", "partners:directory_csv", "partners:directory_vcard"])
def test_a_contact_who_did_not_consent_is_never_shown(network, client, role, name):
    body = _get(client, getattr(network, role), name, network.project).content.decode()
    assert "Jaana Jakaja" in body
    assert "Salli Salainen" not in body and network.secret_email not in body and "999 0000" not in body


def test_searching_for_a_non_consenting_contact_finds_nothing(network, client):
    response = _get(client, network.coordinator, "partners:directory", network.project, q="Salainen")
    assert response.context["page"].paginator.count == 0
    assert "Konepaja Kaira Oy" not in response.content.decode()


@pytest.mark.parametrize("role", ["other_coordinator", "other_partner", "funder"])
@pytest.mark.parametrize("name", ["partners:directory", "partners:directory_csv", "partners:directory_vcard"])
def test_directory_is_404_outside_the_network(network, client, role, name):
    assert _get(client, getattr(network, role), name, network.project).status_code == 404


def test_a_withdrawn_members_contact_no_longer_sees_the_directory(network, client):
    network.membership.status = MembershipStatus.WITHDRAWN
    network.membership.save()
    assert _get(client, network.partner, "partners:directory", network.project).status_code == 404


def test_directory_lists_only_its_own_projects_members(network, client):
    page = _get(client, network.other_coordinator, "partners:directory", network.other_project).content.decode()
    assert "Vieras Oy" in page
    assert "Konepaja Kaira Oy" not in page and "Jaana Jakaja" not in page


def test_nav_links_to_the_directory(network, client):
    page = _get(client, network.partner, "partners:list", network.project).content.decode()
    assert f'href="{reverse("partners:directory", args=[network.project.pk])}"' in page


# Search, tags and pages


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"q": "konepaja"}, {"Konepaja Kaira Oy"}),  # organisation name, any case
        ({"q": "PEDAGOG"}, {"Konepaja Kaira Oy"}),  # tag
        ({"q": "simulaattor"}, {"Konepaja Kaira Oy"}),  # expertise text
        ({"q": "jaana"}, {"Konepaja Kaira Oy"}),  # a consenting contact's name
        ({"q": "  kumppani  "}, {"Kumppaniopisto"}),
        ({"q": "poistunut"}, set()),  # withdrawn members are not in the directory
        ({"tag": "welding"}, {"Konepaja Kaira Oy"}),
        ({"q": "oy", "tag": "welding"}, {"Konepaja Kaira Oy"}),
        ({"q": ""}, {"Konepaja Kaira Oy", "Kumppaniopisto"}),
    ],
)
def test_search_and_tag_filter(network, client, params, found):
    response = _get(client, network.partner, "partners:directory", network.project, **params)
    assert {membership.organisation.name for membership in response.context["page"]} == found


def test_tag_filter_offers_the_networks_tags_and_refuses_others(network, client):
    services.save_expertise_profile(
        network.other_membership.organisation, tags=["secret sauce"], description="", actor=None
    )
    response = _get(client, network.partner, "partners:directory", network.project, tag="secret sauce")
    assert response.status_code == 200
    assert "tag" in response.context["form"].errors
    assert [value for value, _label in response.context["form"].fields["tag"].choices] == [
        "",
        "digital pedagogy",
        "welding",
    ]
    assert response.context["page"].paginator.count == 2  # an invalid filter filters nothing


def test_directory_is_paged_and_keeps_the_search(world, client):
    add_members(world.project, 24, name="Verkosto Oy")
    client.force_login(world.coordinator)
    url = reverse("partners:directory", args=[world.project.pk])
    first = client.get(url, {"q": "verkosto"})
    assert len(first.context["page"]) == 20 and first.context["page"].paginator.count == 24
    assert "q=verkosto&amp;page=2" in first.content.decode()
    second = client.get(url, {"q": "verkosto", "page": 2})
    assert len(second.context["page"]) == 4
    assert client.get(url, {"page": "junk"}).context["page"].number == 1
    assert client.get(url, {"page": "999"}).context["page"].number == 2


# Edit links


def test_partner_sees_edit_links_only_for_their_own_organisation(network, client):
    page = _get(client, network.partner, "partners:directory", network.project).content.decode()
    assert page.count(_profile_url(network.project, network.membership)) == 2  # "Edit our profile", and at its entry
    assert _profile_url(network.project, network.konepaja) not in page


def test_coordinator_sees_edit_links_for_every_member(network, client):
    page = _get(client, network.coordinator, "partners:directory", network.project).content.decode()
    assert _profile_url(network.project, network.membership) in page
    assert _profile_url(network.project, network.konepaja) in page


# Query counts and coverage


def _profiled_members(project, count):
    for membership in add_members(project, count):
        ContactFactory(organisation=membership.organisation, consent_to_share=False)
        services.save_expertise_profile(
            membership.organisation, tags=["mobility", f"tag {membership.pk}"], description="Osaamista.", actor=None
        )


# Session, user, project, coordinator check, the network's tags; then the page's count, members, own
# organisations, tags, shared contacts and the directory's coverage (2: the sharing decisions' line), or the
# export's members, tags and shared contacts.
@pytest.mark.parametrize(
    ("name", "queries"),
    [("partners:directory", 12), ("partners:directory_csv", 8), ("partners:directory_vcard", 8)],
)
def test_query_count_does_not_grow_with_the_network(world, client, django_assert_num_queries, name, queries):
    client.force_login(world.partner)
    url = reverse(name, args=[world.project.pk])
    _profiled_members(world.project, 4)  # 5 members with the world's own
    with django_assert_num_queries(queries):
        small = client.get(url, {"q": "o"})
    _profiled_members(world.project, 45)  # 50 members
    with django_assert_num_queries(queries):
        large = client.get(url, {"q": "o"})
    assert small.status_code == large.status_code == 200
    body = large.content.decode()
    shown = {
        "partners:directory": "<section",
        "partners:directory_csv": "@example.org",
        "partners:directory_vcard": "BEGIN:VCARD",
    }
    assert body.count(shown[name]) == (20 if name == "partners:directory" else 50)


def test_directory_coverage(network, django_assert_num_queries):
    world = network
    # Konepaja: tags and text, 2 contacts (1 consenting). Kumppaniopisto: no profile, 1 consenting contact.
    tags_only = MembershipFactory(project=world.project).organisation
    services.save_expertise_profile(tags_only, tags=["mobility"], description="", actor=None)
    empty = MembershipFactory(project=world.project).organisation
    services.save_expertise_profile(empty, tags=[], description="", actor=None)  # an empty profile row
    ContactFactory(organisation=empty, consent_to_share=False)
    with django_assert_num_queries(2):
        coverage = directory_coverage(world.project)
    assert coverage == {"members": 4, "profiled": 2, "contacts": 4, "consenting": 2, "decided": 2}
    _profiled_members(world.project, 10)
    with django_assert_num_queries(2):
        coverage = directory_coverage(world.project)
    assert coverage == {"members": 14, "profiled": 12, "contacts": 24, "consenting": 12, "decided": 12}
