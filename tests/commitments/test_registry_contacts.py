"""Issue 11: a letter's contact and its tasks' responsible persons are chosen among the contacts the project sees
(`ContactPerson.objects.visible_to`), not among every contact of an organisation added from the shared registry."""

from django.urls import reverse

from commitments.services import _signing_contact
from partners.models import ContactPerson
from tests.commitments.helpers import publish_rules


def _letter_data(contact, responsible):
    return {
        "language": "fi",
        "contact": contact.pk,
        "management_name": "Riitta Rehtori",
        "management_title": "Rehtori",
        "management_email": "rehtori@example.org",
        "contribution_eur": "1000",
        "period_start": "2026-08-01",
        "period_end": "2028-07-31",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
        "tasks-0-title": "Vastaanottaa opiskelijoita",
        "tasks-0-order": "0",
        "tasks-0-responsible": responsible.pk,
    }


def test_letter_pickers_offer_only_the_contacts_the_project_sees(registered, client):
    world = registered
    publish_rules(world.project, world.coordinator)
    client.force_login(world.coordinator)
    url = reverse("commitments:letter_edit", args=[world.project.pk, world.helmi_membership.pk])

    page = client.get(url)
    assert "Pekka Piilotettu" not in page.content.decode() and "Ville Lisätty" in page.content.decode()
    assert list(page.context["form"].fields["contact"].queryset) == [world.ville]
    assert list(page.context["tasks"].forms[0].fields["responsible"].queryset) == [world.ville]
    assert page.context["form"].instance.contact == world.ville  # the default, though Pekka is older

    refused = client.post(url, _letter_data(world.pekka, world.ville))
    assert refused.status_code == 200 and "contact" in refused.context["form"].errors
    refused = client.post(url, _letter_data(world.ville, world.pekka))
    assert refused.context["tasks"].forms[0].errors.get("responsible")
    assert not world.helmi_membership.organisation.memberships.filter(letter__isnull=False).exists()

    assert client.post(url, _letter_data(world.ville, world.ville)).status_code == 302
    version = world.helmi_membership.letter.versions.get()
    assert version.contact == world.ville and version.tasks.get().responsible == world.ville


def test_rules_go_to_a_contact_the_project_sees(registered):
    world = registered
    assert _signing_contact(world.helmi_membership) == world.ville
    ContactPerson.objects.filter(pk=world.ville.pk).delete()
    assert _signing_contact(world.helmi_membership) is None  # never Pekka
