"""The administrator's personal-data pages: search, JSON download and erasure after a confirmation page."""

import json

import pytest
from django.urls import reverse

from accounts.models import User
from networkhub.models import SecurityEvent
from networkhub.privacy import ERASED_NAME
from partners.models import ContactPerson
from tests.factories import ContactFactory, UserFactory, sign_in

from .helpers import administrator, leave_footprint

pytestmark = pytest.mark.django_db


def _post_form_actions(page):
    return [part.split('"')[0] for part in page.split('<form method="post" action="')[1:]]


@pytest.fixture
def admin_client(client, world):
    sign_in(client, administrator())
    return client


def test_administrators_and_superusers_get_in_and_staff_without_the_role_do_not(client, world):
    url = reverse("privacy:search")
    sign_in(client, administrator())
    assert client.get(url).status_code == 200
    sign_in(client, UserFactory(email="root@example.org", is_superuser=True, is_staff=True))
    assert client.get(url).status_code == 200
    sign_in(client, UserFactory(email="staff@example.org", is_staff=True))
    assert client.get(url).status_code == 404


def test_search_finds_accounts_and_contacts_by_address(admin_client, world):
    ContactFactory(organisation=world.membership.organisation, email="ville@example.org", name="Ville Vieras")
    page = admin_client.get(reverse("privacy:search"), {"q": "ville@"}).content.decode()
    assert "Ville Vieras" in page and world.membership.organisation.name in page
    assert world.partner.email not in page
    page = admin_client.get(reverse("privacy:search"), {"q": "partner@example"}).content.decode()
    assert world.partner.full_name in page and world.contact.name in page
    assert reverse("privacy:export", args=["user", world.partner.pk]) in _post_form_actions(page)
    erase = reverse("privacy:erase", args=["user", world.partner.pk])
    assert f'href="{erase}"' in page and erase not in _post_form_actions(page)  # never one click


def test_a_too_short_search_says_so_next_to_the_field(admin_client, world):
    response = admin_client.get(reverse("privacy:search"), {"q": "pa"})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert response.context["users"] is None
    assert 'value="pa"' in response.content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_search_query_count_does_not_grow(admin_client, world, size, django_assert_max_num_queries):
    for n in range(size):
        user = UserFactory(email=f"many{n}@example.org")
        ContactFactory(email=f"many{n}@example.org", user=user)
    with django_assert_max_num_queries(8):
        page = admin_client.get(reverse("privacy:search"), {"q": "many"}).content.decode()
    assert page.count("many") >= 2 * size


def test_the_export_downloads_json_and_is_logged(admin_client, world):
    leave_footprint(world.project, world.partner, world.contact)
    response = admin_client.post(reverse("privacy:export", args=["contact", world.contact.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["data"]["networkhub"]["account"]["email"] == world.partner.email
    assert SecurityEvent.objects.filter(kind="data_exported", user=world.partner).count() == 1
    assert admin_client.get(reverse("privacy:export", args=["contact", world.contact.pk])).status_code == 405


def test_erasure_asks_first_then_erases(admin_client, world):
    url = reverse("privacy:erase", args=["user", world.partner.pk])
    response = admin_client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert world.partner.email in page and url in _post_form_actions(page)
    assert User.objects.get(pk=world.partner.pk).full_name == world.partner.full_name  # GET changed nothing
    response = admin_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("privacy:search")
    assert ContactPerson.objects.get(pk=world.contact.pk).name == ERASED_NAME
    assert SecurityEvent.objects.filter(kind="person_erased").count() == 1
    # An erased person is not found again.
    assert admin_client.get(url).status_code == 404
    assert admin_client.get(reverse("privacy:search"), {"q": "erased"}).context["users"] == []


def test_an_unknown_kind_or_person_is_404(admin_client, world):
    assert admin_client.get(reverse("privacy:erase", args=["project", world.project.pk])).status_code == 404
    assert admin_client.get(reverse("privacy:erase", args=["user", 999999])).status_code == 404
