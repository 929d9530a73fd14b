import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from partners.models import Membership, Organisation, OrganisationType
from partners.queries import network_composition
from tests.factories import ForeignOrganisationFactory, MembershipFactory, OrganisationFactory


def _organisation(**overrides):
    data = {
        "name": "Uusi Kumppani Oy",
        "org_type": OrganisationType.COMPANY,
        "country": "FI",
        "business_id": "0778800-5",
        "foreign_registration_number": "",
        "website": "",
        "role": "partner",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("typed", "stored"), [("07788005", "0778800-5"), (" 0778800-5 ", "0778800-5")])
def test_business_id_is_validated_and_normalised(world, client, typed, stored):
    client.force_login(world.coordinator)
    response = client.post(reverse("partners:add", args=[world.project.pk]), _organisation(business_id=typed))
    assert response.status_code == 302
    assert Organisation.objects.get(name="Uusi Kumppani Oy").business_id == stored


def test_invalid_business_id_is_explained_at_the_field(world, client):
    client.force_login(world.coordinator)
    response = client.post(reverse("partners:add", args=[world.project.pk]), _organisation(business_id="0778800-4"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["business_id"]
    assert "0778800-4" in errors["business_id"][0]
    assert 'value="Uusi Kumppani Oy"' in response.content.decode()
    assert not Organisation.objects.filter(name="Uusi Kumppani Oy").exists()


def test_finnish_organisation_needs_business_id(world, client):
    client.force_login(world.coordinator)
    response = client.post(reverse("partners:add", args=[world.project.pk]), _organisation(business_id=""))
    assert "business_id" in response.context["form"].errors


def test_foreign_organisation_takes_a_vat_or_registration_number(world, client):
    client.force_login(world.coordinator)
    url = reverse("partners:add", args=[world.project.pk])
    bad = client.post(
        url, _organisation(name="Svensk AB", country="SE", business_id="", foreign_registration_number="SE556036079300")
    )
    assert "foreign_registration_number" in bad.context["form"].errors
    good = client.post(
        url,
        _organisation(name="Svensk AB", country="SE", business_id="", foreign_registration_number="SE 5560 3607 9301"),
    )
    assert good.status_code == 302
    organisation = Organisation.objects.get(name="Svensk AB")
    assert organisation.foreign_registration_number == "SE556036079301"
    assert organisation.business_id is None
    assert not organisation.is_domestic and organisation.is_business


def test_foreign_organisation_cannot_have_finnish_business_id(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("partners:add", args=[world.project.pk]), _organisation(country="EE", business_id="0778800-5")
    )
    assert "business_id" in response.context["form"].errors


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"business_id": "DUPLICATE"}, "business_id"),
        ({"name": "kumppaniopisto", "business_id": "2889911-8"}, "name"),
    ],
)
def test_duplicate_organisation_links_to_the_existing_one(world, client, overrides, field):
    existing = world.other_membership.organisation
    existing.name = "Kumppaniopisto"
    existing.save()
    if overrides.get("business_id") == "DUPLICATE":
        overrides["business_id"] = existing.business_id.replace("-", "")
    client.force_login(world.coordinator)
    world.membership.organisation.name = "Jokin muu"
    world.membership.organisation.save()
    response = client.post(reverse("partners:add", args=[world.project.pk]), _organisation(**overrides))
    assert response.status_code == 200
    link = reverse("partners:add_existing", args=[world.project.pk, existing.pk])
    assert link in str(response.context["form"].errors[field])
    assert f'href="{link}"' in response.content.decode()
    assert Organisation.objects.filter(name__iexact="Uusi Kumppani Oy").count() == 0


def test_search_finds_existing_before_creating(world, client):
    existing = world.other_membership.organisation
    client.force_login(world.coordinator)
    by_name = client.get(reverse("partners:add", args=[world.project.pk]), {"q": existing.name[:6]})
    assert existing in list(by_name.context["results"])
    by_id = client.get(reverse("partners:add", args=[world.project.pk]), {"q": existing.business_id.replace("-", "")})
    assert list(by_id.context["results"]) == [existing]
    response = client.post(
        reverse("partners:add_existing", args=[world.project.pk, existing.pk]), {"role": "associate"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(project=world.project, organisation=existing).role == "associate"


def test_second_lead_is_refused_with_a_message(world, client):
    MembershipFactory(project=world.project, role="lead")
    client.force_login(world.coordinator)
    organisation = OrganisationFactory()
    response = client.post(reverse("partners:add_existing", args=[world.project.pk, organisation.pk]), {"role": "lead"})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors


def test_derived_flags_and_composition(world):
    project = world.project
    MembershipFactory(project=project, organisation=ForeignOrganisationFactory(org_type=OrganisationType.COMPANY))
    MembershipFactory(
        project=project, organisation=OrganisationFactory(org_type=OrganisationType.NGO, new_to_international=True)
    )
    MembershipFactory(
        project=project,
        organisation=OrganisationFactory(org_type=OrganisationType.HIGHER_EDUCATION, new_to_international=True),
    )
    MembershipFactory(project=project, organisation=OrganisationFactory(), status="withdrawn")
    composition = network_composition(project)
    assert composition["total"] == 4
    assert (composition["domestic"], composition["foreign"], composition["business"]) == (3, 1, 1)
    # The funder's criterion counts domestic education providers only: the NGO new to it does not count.
    assert composition["education_providers"] == 2  # the world's VET provider and the university
    assert composition["new_to_international"] == 1
    assert composition["new_to_international_share"] == 50


def test_database_enforces_business_id_rules(db):
    with pytest.raises(IntegrityError):
        Organisation.objects.create(name="Ilman tunnusta", org_type="company", country="FI", business_id=None)


def test_model_clean_mirrors_constraint(db):
    organisation = Organisation(name="X", org_type="company", country="FI")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "business_id" in error.value.message_dict


def test_contact_email_unique_within_organisation(world, client):
    client.force_login(world.coordinator)
    url = reverse("partners:contact_create", args=[world.project.pk, world.membership.pk])
    data = {"name": "Toinen", "email": world.contact.email.upper(), "language": "sv"}
    response = client.post(url, data)
    assert "email" in response.context["form"].errors
    assert client.post(url, {**data, "email": "uusi@example.org"}).status_code == 302


def test_partner_sees_only_consenting_contacts_of_other_members(world, client):
    hidden = MembershipFactory(project=world.project)
    from tests.factories import ContactFactory

    secret = ContactFactory(organisation=hidden.organisation, consent_to_share=False, email="secret@example.org")
    shared = ContactFactory(organisation=hidden.organisation, consent_to_share=True, email="shared@example.org")
    client.force_login(world.partner)
    body = client.get(reverse("partners:list", args=[world.project.pk])).content.decode()
    assert shared.email in body and secret.email not in body
    client.force_login(world.coordinator)
    assert secret.email in client.get(reverse("partners:list", args=[world.project.pk])).content.decode()


def test_duplicate_foreign_registration_shows_only_the_helpful_message(world, client):
    existing = ForeignOrganisationFactory(country="DE", foreign_registration_number="HRB 12345")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("partners:add", args=[world.project.pk]),
        _organisation(name="Andere GmbH", country="DE", business_id="", foreign_registration_number="hrb 12345"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["foreign_registration_number"]
    assert existing.name in str(errors["foreign_registration_number"])
    page = response.content.decode()
    assert "organisation_foreign_registration_unique" not in page
    assert "Rajoitetta" not in page


@pytest.mark.parametrize("typed", ["FI07375462", "fi 0737 5462", "FI0737546-2"])
def test_finnish_vat_number_is_accepted_as_the_business_id(world, client, typed):
    client.force_login(world.coordinator)
    response = client.post(reverse("partners:add", args=[world.project.pk]), _organisation(business_id=typed))
    assert response.status_code == 302
    assert Organisation.objects.get(name="Uusi Kumppani Oy").business_id == "0737546-2"


@pytest.mark.parametrize("typed", ["FI07375463", "ABC", "12345678901"])
def test_refused_business_id_gets_one_accurate_message(world, client, typed):
    client.force_login(world.coordinator)
    response = client.post(reverse("partners:add", args=[world.project.pk]), _organisation(business_id=typed))
    errors = response.context["form"].errors
    assert list(errors) == ["business_id"]
    assert len(errors["business_id"]) == 1
    assert "1234567-8" in errors["business_id"][0]
