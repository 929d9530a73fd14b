"""Issue 11: pulse surveys go only to the contacts the project sees (`ContactPerson.objects.visible_to`), not to
every contact of an organisation added from the shared registry."""

from pulse import services
from pulse.models import PulseRecipient


def test_pulse_survey_goes_only_to_the_contacts_the_project_sees(registered):
    world = registered
    pulse_round = services.open_round(world.project)
    recipients = set(PulseRecipient.objects.filter(round=pulse_round).values_list("contact__name", flat=True))
    assert recipients == {world.contact.name, "Ville Lisätty"}
