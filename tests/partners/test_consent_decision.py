"""A contact's consent to share is a decision: not asked yet, yes or no; a "no" is recorded with its date."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from partners.models import ContactPerson

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 2)


@pytest.mark.parametrize(("consent", "shared", "decided"), [("", False, None), ("yes", True, DAY), ("no", False, DAY)])
def test_the_contact_form_records_the_decision(world, client, consent, shared, decided):
    client.force_login(world.coordinator)
    url = reverse("partners:contact_create", args=[world.project.pk, world.membership.pk])
    with time_machine.travel(DAY, tick=False):
        response = client.post(url, {"name": "Uusi", "email": "uusi@example.org", "language": "fi", "consent": consent})
    assert response.status_code == 302
    contact = ContactPerson.objects.get(email="uusi@example.org")
    assert (contact.consent_to_share, contact.consent_decided_on) == (shared, decided)


def test_an_unchanged_decision_keeps_its_date_and_a_bad_value_is_a_field_error(world, client):
    client.force_login(world.coordinator)
    contact = world.contact
    contact.consent_to_share, contact.consent_decided_on = False, date(2026, 1, 5)
    contact.save()
    url = reverse("partners:contact_edit", args=[world.project.pk, world.membership.pk, contact.pk])
    form = client.get(url).context["form"]
    assert form.initial["consent"] == "no"
    data = {"name": contact.name, "email": contact.email, "language": "fi", "consent": "no"}
    assert client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert contact.consent_decided_on == date(2026, 1, 5)
    response = client.post(url, {**data, "consent": "maybe"})
    assert response.status_code == 200 and "consent" in response.context["form"].errors
