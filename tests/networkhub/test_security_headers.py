"""The response headers and cookies that docs/security.md promises, read off real responses."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture
def signed_in_page(world, client):
    client.force_login(world.coordinator)
    return client.get(reverse("home:project", args=[world.project.pk]))


def test_every_page_carries_the_content_security_policy_and_framing_headers(signed_in_page):
    response = signed_in_page
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_is_http_only(db, world, client):
    response = client.post(reverse("login"), {"username": world.coordinator.email, "password": PASSWORD}, follow=False)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_sign_in_page_is_not_framed_either(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
