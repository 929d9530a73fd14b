"""The shared organisation registry: contact details belong to the organisation and the person (issue 11).

A coordinator who adds a registered organisation sees only the contacts who consented to sharing and those
the project added or invited (who accepted); a contact who serves another project is edited only by the person.
"""

import pytest
from django.urls import reverse

from networkhub.models import AuditEvent, LinkToken, Message, SecurityEvent, SecurityEventKind
from partners import services
from partners.access import visible_projects
from partners.models import ContactPerson, Membership, ProjectContact
from partners.tasks import send_contact_changed
from tests.conftest import assert_one_mail
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def helmi(world):
    """An organisation that is a member of the other project only, with a consenting and a non-consenting contact
    (both known to the other project, which added them)."""
    organisation = OrganisationFactory(name="Helmijoen ammattiopisto")
    MembershipFactory(project=world.other_project, organisation=organisation)
    world.helmi = organisation
    world.anna = ContactFactory(
        organisation=organisation, name="Anna Jakaja", email="anna@helmijoki.example", consent_to_share=True
    )
    world.pekka = ContactFactory(
        organisation=organisation, name="Pekka Laine", email="pekka.laine@helmijoki.example", consent_to_share=False
    )
    return world


def _add_to_project(client, world):
    """This project's coordinator adds Helmijoki from the registry, as the page does; returns the membership."""
    client.force_login(world.coordinator)
    add_page = client.get(reverse("partners:add_existing", args=[world.project.pk, world.helmi.pk]))
    body = add_page.content.decode()
    assert world.helmi.name in body
    assert world.anna.email not in body and world.pekka.email not in body and "Pekka" not in body
    response = client.post(
        reverse("partners:add_existing", args=[world.project.pk, world.helmi.pk]), {"role": "partner"}
    )
    assert response.status_code == 302
    return Membership.objects.get(project=world.project, organisation=world.helmi)


def test_adding_a_registered_organisation_does_not_show_its_non_consenting_contacts(helmi, client):
    world = helmi
    membership = _add_to_project(client, world)

    detail = client.get(reverse("partners:detail", args=[world.project.pk, membership.pk])).content.decode()
    members = client.get(reverse("partners:list", args=[world.project.pk])).content.decode()
    for page in (detail, members):
        assert world.pekka.email not in page and "Pekka Laine" not in page
        assert world.anna.email in page  # she consented to sharing
    # Nor through the contact's own URLs.
    edit = reverse("partners:contact_edit", args=[world.project.pk, membership.pk, world.pekka.pk])
    invite = reverse("partners:contact_invite", args=[world.project.pk, membership.pk, world.pekka.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"name": "X", "email": "x@attacker.example", "language": "fi"}).status_code == 404
    assert client.post(invite).status_code == 404
    world.pekka.refresh_from_db()
    assert world.pekka.email == "pekka.laine@helmijoki.example"

    # The other project, which added him, still sees him.
    client.force_login(world.other_coordinator)
    other = Membership.objects.get(project=world.other_project, organisation=world.helmi)
    assert (
        world.pekka.email
        in client.get(reverse("partners:detail", args=[world.other_project.pk, other.pk])).content.decode()
    )


def test_editing_a_contact_who_serves_another_project_is_refused(helmi, client):
    world = helmi
    membership = _add_to_project(client, world)
    url = reverse("partners:contact_edit", args=[world.project.pk, membership.pk, world.anna.pk])

    detail = client.get(reverse("partners:detail", args=[world.project.pk, membership.pk])).content.decode()
    assert f'href="{url}"' not in detail  # no edit button, an explanation instead
    assert "Yhteyshenkilö myös muissa hankkeissa" in detail  # Finnish, the default

    page = client.get(url)
    assert page.status_code == 403
    assert "muissa hankkeissa" in page.content.decode() and "kirjauduttuaan" in page.content.decode()
    response = client.post(
        url, {"name": "Anna Jakaja", "email": "attacker@evil.example", "language": "fi", "consent": "yes"}
    )
    assert response.status_code == 403
    world.anna.refresh_from_db()
    assert world.anna.email == "anna@helmijoki.example"
    assert not AuditEvent.objects.filter(action="contact.updated", target_id=world.anna.pk).exists()

    # The other project's coordinator still sees the address its letters go to.
    client.force_login(world.other_coordinator)
    other = Membership.objects.get(project=world.other_project, organisation=world.helmi)
    assert (
        "anna@helmijoki.example"
        in client.get(reverse("partners:detail", args=[world.other_project.pk, other.pk])).content.decode()
    )


def test_the_service_refuses_too(helmi):
    world = helmi
    MembershipFactory(project=world.project, organisation=world.helmi)
    world.anna.email = "attacker@evil.example"
    with pytest.raises(services.ContactEditRefused):
        services.save_contact(world.anna, project=world.project, actor=world.coordinator, created=False)
    assert ContactPerson.objects.get(pk=world.anna.pk).email == "anna@helmijoki.example"


def test_a_withdrawn_membership_elsewhere_does_not_block_editing(helmi):
    world = helmi
    Membership.objects.filter(project=world.other_project).update(status="withdrawn")
    MembershipFactory(project=world.project, organisation=world.helmi)
    world.anna.title = "Rehtori"
    services.save_contact(world.anna, project=world.project, actor=world.coordinator, created=False)
    assert ContactPerson.objects.get(pk=world.anna.pk).title == "Rehtori"


def test_coordinator_edits_a_contact_who_serves_only_this_project(world, client):
    client.force_login(world.coordinator)
    url = reverse("partners:contact_edit", args=[world.project.pk, world.membership.pk, world.contact.pk])
    response = client.post(url, {"name": "Pia Partneri", "email": "pia.uusi@example.org", "language": "sv"})
    assert response.status_code == 302
    world.contact.refresh_from_db()
    assert (world.contact.email, world.contact.language) == ("pia.uusi@example.org", "sv")


def test_a_contact_the_project_adds_is_shown_to_it(helmi, client):
    world = helmi
    membership = _add_to_project(client, world)
    response = client.post(
        reverse("partners:contact_create", args=[world.project.pk, membership.pk]),
        {"name": "Uusi Yhteyshenkilö", "email": "uusi@helmijoki.example", "language": "fi", "consent": "no"},
    )
    assert response.status_code == 302
    detail = client.get(reverse("partners:detail", args=[world.project.pk, membership.pk])).content.decode()
    assert "uusi@helmijoki.example" in detail and world.pekka.email not in detail
    # The other project did not add him and he did not consent: it does not see him.
    client.force_login(world.other_coordinator)
    other = Membership.objects.get(project=world.other_project, organisation=world.helmi)
    assert (
        "uusi@helmijoki.example"
        not in client.get(reverse("partners:detail", args=[world.other_project.pk, other.pk])).content.decode()
    )


def test_a_hidden_contact_is_invited_and_shown_once_they_accept(
    helmi, client, mailoutbox, django_capture_on_commit_callbacks
):
    world = helmi
    membership = _add_to_project(client, world)
    url = reverse("partners:contact_create", args=[world.project.pk, membership.pk])
    typed = {"name": "Kuka Tahansa", "email": "Pekka.Laine@helmijoki.example", "language": "en", "consent": "yes"}
    page = client.post(url, typed)
    assert page.status_code == 200 and page.context["offer_invite"] == world.pekka
    assert "Pekka Laine" not in page.content.decode()  # nothing the coordinator did not type
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**typed, "invite_existing": "1"})
    assert response.status_code == 302
    assert_one_mail(mailoutbox, to="pekka.laine@helmijoki.example")
    world.pekka.refresh_from_db()
    assert (world.pekka.name, world.pekka.language) == ("Pekka Laine", "fi")  # nothing typed was saved
    link = ProjectContact.objects.get(project=world.project, contact=world.pekka)
    assert not link.accepted
    detail_url = reverse("partners:detail", args=[world.project.pk, membership.pk])
    assert "Pekka Laine" not in client.get(detail_url).content.decode()  # (its message names the typed address)
    assert world.pekka.email not in client.get(detail_url).content.decode()

    token = LinkToken.objects.get(target_id=world.pekka.pk, purpose="invitation")
    services.accept_invitation(token, full_name="Pekka Laine", password="x-Salasana-2026!")
    link.refresh_from_db()
    assert link.accepted
    assert world.pekka.email in client.get(detail_url).content.decode()


@pytest.mark.parametrize("size", [(3, 30)])
def test_member_pages_query_counts_stay_constant(world, client, django_assert_max_num_queries, size):
    client.force_login(world.coordinator)
    small, large = size

    def add(count):
        for _ in range(count):
            organisation = OrganisationFactory()
            MembershipFactory(project=world.other_project, organisation=organisation)
            membership = MembershipFactory(project=world.project, organisation=organisation, known_contacts=False)
            ContactFactory(organisation=organisation, consent_to_share=False, known_to=[world.other_project])
            ContactFactory(organisation=organisation, consent_to_share=True, known_to=[])
            ContactFactory(organisation=world.membership.organisation, known_to=[world.project])
        return membership

    counts = []
    for count in (small, large - small):
        membership = add(count)
        urls = [
            reverse("partners:list", args=[world.project.pk]),
            reverse("partners:detail", args=[world.project.pk, world.membership.pk]),
            reverse("partners:detail", args=[world.project.pk, membership.pk]),
        ]
        with django_assert_max_num_queries(60) as queries:
            for url in urls:
                assert client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_a_signed_in_contact_edits_their_own_details(
    world, client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    contact = world.contact
    ContactPerson.objects.filter(pk=contact.pk).update(
        language="sv", email="pia.vanha@example.org", consent_to_share=False
    )
    contact.refresh_from_db()
    client.force_login(world.partner)
    listing = client.get(reverse("partners:own_list"))
    assert listing.status_code == 200 and "pia.vanha@example.org" in listing.content.decode()
    url = reverse("partners:own_edit", args=[contact.pk])
    assert client.get(url).status_code == 200

    data = {"name": contact.name, "email": "pia.uusi@example.org", "phone": "+358 40 123 4567", "language": "sv"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "consent": "yes"}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.email, contact.phone, contact.consent_to_share) == (
        "pia.uusi@example.org",
        "+358 40 123 4567",
        True,
    )

    event = AuditEvent.objects.get(action="contact.self_updated", target_id=contact.pk)
    assert event.actor == world.partner
    assert {"email", "phone", "consent_to_share"} <= set(event.data["fields"])
    security = SecurityEvent.objects.get(kind=SecurityEventKind.CONTACT_DETAILS_CHANGED)
    assert (security.user, security.ip_address) == (world.partner, "192.0.2.7")
    assert security.data["contact"] == contact.pk

    # To the OLD address, in the contact's language (Swedish), once.
    message = assert_one_mail(mailoutbox, to="pia.vanha@example.org", contains=["pia.uusi@example.org"])
    assert message.extra_headers["Content-Language"] == "sv"
    assert "kontaktuppgifter" in message.subject
    record = Message.objects.get(recipient="pia.vanha@example.org", kind="contact_changed")
    assert record.status == "sent"
    # A second run of the same task (a retry, a duplicate delivery) sends nothing.
    send_contact_changed.apply(args=[contact.pk, "pia.vanha@example.org", event.pk, event.data["fields"]])
    assert len(mailoutbox) == 1

    # Saving the same again changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "consent": "yes"})
    assert AuditEvent.objects.filter(action="contact.self_updated").count() == 1
    assert len(mailoutbox) == 1


def test_own_details_page_shows_only_the_users_own_contacts(world, client):
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("partners:own_edit", args=[world.contact.pk])).status_code == 404
    response = client.post(
        reverse("partners:own_edit", args=[world.contact.pk]),
        {"name": "X", "email": "x@evil.example", "language": "fi"},
    )
    assert response.status_code == 404
    world.contact.refresh_from_db()
    assert world.contact.email == world.partner.email


def test_own_details_keep_bad_input_with_a_message(world, client):
    client.force_login(world.partner)
    url = reverse("partners:own_edit", args=[world.contact.pk])
    response = client.post(url, {"name": "Pia Partneri", "email": "ei-osoite", "language": "fi"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'value="ei-osoite"' in response.content.decode()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.CONTACT_DETAILS_CHANGED).exists()


def test_editing_an_organisation_that_is_a_member_of_another_project_is_refused(helmi, client):
    """Issue 11: the organisation's details belong to it, not to whichever coordinator touched them last."""
    world = helmi
    membership = _add_to_project(client, world)
    url = reverse("partners:organisation_edit", args=[world.project.pk, membership.pk])
    detail = client.get(reverse("partners:detail", args=[world.project.pk, membership.pk])).content.decode()
    assert f'href="{url}"' not in detail and "Jäsenenä myös muissa hankkeissa" in detail

    page = client.get(url)
    assert page.status_code == 403
    assert "jäsenenä myös muissa hankkeissa" in page.content.decode()  # Finnish, the default
    data = {"name": "Kaapattu Oy", "org_type": world.helmi.org_type, "country": "FI", "business_id": ""}
    refused = client.post(url, data)
    assert refused.status_code == 403
    world.helmi.refresh_from_db()
    assert world.helmi.name == "Helmijoen ammattiopisto"
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()
    with pytest.raises(services.OrganisationEditRefused):
        world.helmi.name = "Kaapattu Oy"
        services.save_organisation(world.helmi, project=world.project, actor=world.coordinator)


def test_refused_organisation_edit_is_translated(helmi, client, settings):
    world = helmi
    membership = _add_to_project(client, world)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    page = client.get(reverse("partners:organisation_edit", args=[world.project.pk, membership.pk]))
    assert "Organisationen är medlem även i andra projekt" in page.content.decode()


def test_coordinator_edits_an_organisation_of_this_project_only(world, client):
    """A withdrawn membership elsewhere does not block editing either."""
    MembershipFactory(project=world.other_project, organisation=world.membership.organisation, status="withdrawn")
    client.force_login(world.coordinator)
    url = reverse("partners:organisation_edit", args=[world.project.pk, world.membership.pk])
    detail = client.get(reverse("partners:detail", args=[world.project.pk, world.membership.pk]))
    assert f'href="{url}"' in detail.content.decode()
    form = client.get(url)
    assert form.status_code == 200
    data = {
        key: value
        for key, value in form.context["form"].initial.items()
        if value is not None and key in form.context["form"].fields
    }
    data.update(name="Kumppaniopisto uusi nimi", country="FI")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    world.membership.organisation.refresh_from_db()
    assert world.membership.organisation.name == "Kumppaniopisto uusi nimi"


def test_a_partner_sees_a_project_only_if_the_project_sees_their_contact(helmi, client):
    """An account of a contact the project does not see (no consent, not added, invitation not accepted) does
    not open the project because its organisation was added from the registry."""
    world = helmi
    _add_to_project(client, world)
    pekka_user = UserFactory(email="pekka.laine@helmijoki.example")
    anna_user = UserFactory(email="anna@helmijoki.example")
    ContactPerson.objects.filter(pk=world.pekka.pk).update(user=pekka_user)
    ContactPerson.objects.filter(pk=world.anna.pk).update(user=anna_user)
    members = reverse("partners:list", args=[world.project.pk])
    other_members = reverse("partners:list", args=[world.other_project.pk])

    client.force_login(pekka_user)
    assert client.get(other_members).status_code == 200  # the other project added him
    assert client.get(members).status_code == 404
    assert world.project not in visible_projects(pekka_user)

    link = ProjectContact.objects.create(project=world.project, contact=world.pekka, accepted=False)
    assert client.get(members).status_code == 404  # invited, not yet accepted
    link.accepted = True
    link.save()
    assert client.get(members).status_code == 200

    client.force_login(anna_user)  # she consented to sharing: every project of her organisation sees her
    assert client.get(members).status_code == 200
    assert client.get(other_members).status_code == 200
