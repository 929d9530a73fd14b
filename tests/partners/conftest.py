import pytest

from partners import services
from partners.models import MembershipStatus
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def network(world):
    """The world's project plus a profiled member (network.konepaja) with a consenting contact and one who did not
    consent (network.secret_email), and a withdrawn member."""
    konepaja = OrganisationFactory(name="Konepaja Kaira Oy", org_type="company")
    ContactFactory(
        organisation=konepaja,
        name="Jaana Jakaja",
        title="Koulutuspäällikkö",
        email="jaana@konepaja.example",
        phone="+358 40 111 2222",
        language="sv",
    )
    world.secret_email = "salli.salainen@secret.example"
    ContactFactory(
        organisation=konepaja,
        name="Salli Salainen",
        email=world.secret_email,
        phone="+358 50 999 0000",
        consent_to_share=False,
    )
    world.konepaja = MembershipFactory(project=world.project, organisation=konepaja)
    services.save_expertise_profile(
        konepaja,
        tags=["Digital Pedagogy", "welding"],
        description="Hitsauksen oppimisympäristöt ja virtuaaliset simulaattorit.",
        actor=None,
    )
    gone = OrganisationFactory(name="Poistunut Oy")
    ContactFactory(organisation=gone, name="Ville Vetäytynyt")
    MembershipFactory(project=world.project, organisation=gone, status=MembershipStatus.WITHDRAWN)
    return world
