"""Issue 11: pulse surveys go only to the contacts the project sees (`ContactPerson.objects.visible_to`), not to
every contact of an organisation added from the shared registry."""

import pytest

from pulse import services
from pulse.models import PulseRecipient
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def registered(world):
    """Helmijoki is a member of the other project, which added Pekka (no consent to share). This project added
    the organisation from the registry and then its own contact, Ville."""
    organisation = OrganisationFactory(name="Helmijoen ammattiopisto")
    MembershipFactory(project=world.other_project, organisation=organisation)
    world.pekka = ContactFactory(organisation=organisation, name="Pekka Piilotettu", consent_to_share=False)
    MembershipFactory(project=world.project, organisation=organisation, known_contacts=False)
    world.ville = ContactFactory(
        organisation=organisation, name="Ville Lisätty", consent_to_share=False, known_to=[world.project]
    )
    return world


def test_pulse_survey_goes_only_to_the_contacts_the_project_sees(registered):
    world = registered
    pulse_round = services.open_round(world.project)
    recipients = set(PulseRecipient.objects.filter(round=pulse_round).values_list("contact__name", flat=True))
    assert recipients == {world.contact.name, "Ville Lisätty"}
