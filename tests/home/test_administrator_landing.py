"""Issue 23, "Admin": an administrator lands on their own pages (the security log, personal data, stuck messages,
accessibility feedback), not on "Register a project"; the admin's title and django-axes' block are translated."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessibilityFeedback
from networkhub.models import Message, MessageStatus, Role
from tests.factories import UserFactory, sign_in

pytestmark = pytest.mark.django_db

# The landing's queries: the session and user, two-factor, the (empty) project list, and the two counts.
QUERIES = 15


@pytest.fixture
def administrator():
    return UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True, email="yllapito@oph.example")


def _messages(count, status):
    Message.objects.bulk_create(
        [
            Message(kind="password_reset", recipient=f"p{index}@example.org", language="fi", status=status)
            for index in range(count)
        ]
    )


def test_an_administrator_lands_on_the_administrators_pages(administrator, client):
    AccessibilityFeedback.objects.create(message="Kontrasti on heikko.", created_at=timezone.now())
    sign_in(client, administrator)
    client.cookies["django_language"] = "fi"
    page = client.get(reverse("home:projects")).content.decode()
    assert 'data-landing="administrator"' in page
    for url in (
        reverse("admin:networkhub_securityevent_changelist"),
        reverse("privacy:search"),
        reverse("admin:networkhub_message_changelist") + "?attention=unsent",
        reverse("admin:accounts_accessibilityfeedback_changelist"),
    ):
        assert f'href="{url}"' in page
    assert "Tietoturvaloki" in page and "Jumiin jääneet viestit" in page
    assert "1 viesti viimeisten 30 päivän aikana" in page  # the feedback, in the singular
    assert "Rekisteröi hanke" not in page


def test_a_coordinator_still_registers_projects(world, client):
    sign_in(client, world.coordinator)
    page = client.get(reverse("home:projects")).content.decode()
    assert reverse("home:project_create") in page
    assert 'data-landing="administrator"' not in page


def test_the_admin_title_and_the_axes_block_are_translated(administrator, client):
    sign_in(client, administrator)
    client.cookies["django_language"] = "fi"
    page = client.get(reverse("admin:index")).content.decode()
    assert "networkhubin ylläpito" in page
    assert "Kirjautumisyritykset (tietoturva)" in page
    assert "Axes" not in page and "Access attempts" not in page


def test_the_administrators_landing_costs_the_same_with_few_and_many_stuck_messages(
    administrator, client, django_assert_num_queries
):
    sign_in(client, administrator)
    _messages(2, MessageStatus.FAILED)
    client.get(reverse("home:projects"))  # warm: sessions, content types
    with django_assert_num_queries(QUERIES):
        client.get(reverse("home:projects"))
    _messages(200, MessageStatus.FAILED)
    with django_assert_num_queries(QUERIES):
        page = client.get(reverse("home:projects")).content.decode()
    assert "202" in page
