"""Branded, translated error pages and the favicon (issue 13, defect 13)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import permission_denied, server_error

pytestmark = pytest.mark.django_db


def test_not_found_is_the_branded_page_in_the_users_language(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Sivua ei löytynyt" in page
    assert 'class="skip-link"' in page
    assert "Page not found at" not in page  # Django's debug page


def test_not_found_in_swedish(client):
    client.cookies["django_language"] = "sv"
    response = client.get("/projects/999999/")
    assert response.status_code in (302, 404)
    response = client.get("/no-such-page/")
    assert "Sidan hittades inte" in response.content.decode()


def test_forbidden_is_the_branded_page():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("fi"):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Ei käyttöoikeutta" in response.content.decode()


def test_expired_form_is_explained_not_djangos_csrf_page(client, world):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("login"), {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Lomake vanheni" in page
    assert "CSRF" not in page


def test_server_error_page_needs_no_request_context_and_is_translated():
    request = RequestFactory().get("/")
    with translation.override("sv"):
        response = server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Något gick fel" in page
    assert "Traceback" not in page


def test_expired_link_page_is_the_branded_410(client):
    response = client.get(reverse("partners:invitation", args=["not-a-token"]))
    assert response.status_code == 410
    assert "Linkki ei toimi" in response.content.decode()


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")
    assert finders.find("favicon.svg")
