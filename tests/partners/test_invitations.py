import re
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from networkhub.models import LinkToken, Role
from partners.models import TokenPurpose as PartnerLink
from tests.conftest import assert_one_mail
from tests.factories import PASSWORD, ContactFactory, ProjectFactory


def _invite(client, world, contact, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    url = reverse("partners:contact_invite", args=[world.project.pk, world.membership.pk, contact.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    message = mailoutbox[-1]
    link = re.search(r"http://testserver(/invitations/[^/\s]+/)", message.body).group(1)
    client.logout()
    return link


def test_invited_contact_joins_and_sees_only_their_projects(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    contact = ContactFactory(
        organisation=world.membership.organisation, email="uusi.kumppani@example.org", language="sv"
    )
    link = _invite(client, world, contact, mailoutbox, django_capture_on_commit_callbacks)
    message = assert_one_mail(mailoutbox, to="uusi.kumppani@example.org", contains=[world.project.name])
    assert message.extra_headers["Content-Language"] == "sv"
    assert "Inbjudan" in message.subject  # Swedish, the contact's language
    html = message.alternatives[0][0]
    assert link in html

    # GET (a mail scanner, a preview) shows the page and changes nothing.
    page = client.get(link)
    assert page.status_code == 200
    assert client.get(link).status_code == 200
    token = LinkToken.objects.get(purpose=PartnerLink.INVITATION)
    assert token.used_at is None and token.last_opened_at is not None
    assert not User.objects.filter(email=contact.email).exists()

    response = client.post(link, {"full_name": "Nina Nyberg", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email=contact.email)
    assert (user.role, user.language, user.full_name) == (Role.PARTNER, "sv", "Nina Nyberg")
    contact.refresh_from_db()
    assert contact.user == user

    projects = client.get(reverse("home:projects")).context["projects"]
    assert list(projects) == [world.project]
    assert client.get(world.other_project.get_absolute_url()).status_code == 404
    assert client.get(world.project.get_absolute_url()).status_code == 200


def test_token_is_stored_hashed_and_long(world, client, mailoutbox, django_capture_on_commit_callbacks):
    contact = ContactFactory(organisation=world.membership.organisation)
    link = _invite(client, world, contact, mailoutbox, django_capture_on_commit_callbacks)
    raw = link.split("/")[2]
    assert len(raw) >= 43  # 256 bits in URL-safe base64
    token = LinkToken.objects.get()
    assert raw not in token.token_hash and len(token.token_hash) == 64
    assert token.sent_to == contact.email
    assert (token.expires_at - token.created_at) == timedelta(days=14)


def test_used_link_is_refused(world, client, mailoutbox, django_capture_on_commit_callbacks):
    contact = ContactFactory(organisation=world.membership.organisation)
    link = _invite(client, world, contact, mailoutbox, django_capture_on_commit_callbacks)
    data = {"full_name": "A B", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(link, data).status_code == 302
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "Linkkiä on jo käytetty." in again.content.decode()


def test_expired_link_keeps_typed_values_and_explains(world, client, mailoutbox, django_capture_on_commit_callbacks):
    contact = ContactFactory(organisation=world.membership.organisation)
    link = _invite(client, world, contact, mailoutbox, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert client.get(link).status_code == 410
        response = client.post(link, {"full_name": "Kirjoitettu Nimi", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Linkki on vanhentunut." in body
    assert 'value="Kirjoitettu Nimi"' in body
    assert not User.objects.filter(email=contact.email).exists()


def test_resending_kills_the_old_link(world, client, mailoutbox, django_capture_on_commit_callbacks):
    contact = ContactFactory(organisation=world.membership.organisation)
    first = _invite(client, world, contact, mailoutbox, django_capture_on_commit_callbacks)
    second = _invite(client, world, contact, mailoutbox, django_capture_on_commit_callbacks)
    assert first != second
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_weak_or_mismatched_password_is_explained(world, client, mailoutbox, django_capture_on_commit_callbacks):
    contact = ContactFactory(organisation=world.membership.organisation)
    link = _invite(client, world, contact, mailoutbox, django_capture_on_commit_callbacks)
    weak = client.post(link, {"full_name": "A B", "password1": "123", "password2": "123"})
    assert "password1" in weak.context["form"].errors
    mismatch = client.post(link, {"full_name": "A B", "password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "password2" in mismatch.context["form"].errors
    assert LinkToken.objects.get().used_at is None


def test_existing_account_links_with_its_password(world, client, mailoutbox, django_capture_on_commit_callbacks):
    # The partner of another project is also a contact in this project's member organisation.
    contact = ContactFactory(organisation=world.membership.organisation, email=world.other_partner.email)
    link = _invite(client, world, contact, mailoutbox, django_capture_on_commit_callbacks)
    wrong = client.post(link, {"password": "wrong"})
    assert "password" in wrong.context["form"].errors
    assert client.post(link, {"password": PASSWORD}).status_code == 302
    contact.refresh_from_db()
    assert contact.user == world.other_partner
    visible = set(client.get(reverse("home:projects")).context["projects"])
    assert visible == {world.project, world.other_project}


def test_unknown_link(db, client):
    response = client.get(reverse("partners:invitation", args=["not-a-real-token"]))
    assert response.status_code == 410
    assert "Linkki ei ole kelvollinen." in response.content.decode()


def test_invitation_for_unrelated_project_is_404(world, client):
    contact = ContactFactory(organisation=world.membership.organisation)
    client.force_login(world.coordinator)
    url = reverse("partners:contact_invite", args=[ProjectFactory().pk, world.membership.pk, contact.pk])
    assert client.post(url).status_code == 404


def test_invitation_page_speaks_the_contacts_language(world, client, mailoutbox, django_capture_on_commit_callbacks):
    contact = ContactFactory(organisation=world.membership.organisation, email="svensk@example.org", language="sv")
    link = _invite(client, world, contact, mailoutbox, django_capture_on_commit_callbacks)
    assert '<html lang="sv">' in client.get(link).content.decode()
