import re

from django.urls import reverse

from tests.conftest import assert_one_mail
from tests.factories import PASSWORD


def test_password_reset_by_email_in_users_language(world, client, mailoutbox, django_capture_on_commit_callbacks):
    world.partner.language = "en"
    world.partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": world.partner.email.upper()})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    message = assert_one_mail(mailoutbox, to=world.partner.email, contains=["Choose it here"])
    assert message.subject == "A new password for networkhub"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    new_password = "uusi-salasana-2027-x"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    world.partner.refresh_from_db()
    assert world.partner.check_password(new_password)
    # The same link does not work twice.
    assert not client.get(link, follow=True).context["validlink"]


def test_password_reset_does_not_reveal_unknown_addresses(db, client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_sign_in_by_email_and_lockout(world, client):
    url = reverse("login")
    response = client.post(url, {"username": world.coordinator.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    for _ in range(8):
        client.post(url, {"username": world.partner.email, "password": "wrong"})
    locked = client.post(url, {"username": world.partner.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Liian monta yritystä" in locked.content.decode()


def test_wrong_password_is_explained_and_email_kept(world, client):
    response = client.post(reverse("login"), {"username": world.partner.email, "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'value="{world.partner.email}"' in body
    assert response.context["form"].non_field_errors()
