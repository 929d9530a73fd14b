"""Sign-in security events (sign-in, failure, lockout, sign-out, role change) and the rate limits."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from networkhub.models import Role, SecurityEvent, SecurityEventKind
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _kinds():
    return list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))


def test_sign_in_failure_and_sign_out_are_logged_with_user_and_address(world, client):
    url = reverse("login")
    client.post(url, {"username": world.partner.email.upper(), "password": "wrong"}, REMOTE_ADDR="192.0.2.7")
    failed = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert failed.user == world.partner and failed.identifier == world.partner.email.upper()
    assert failed.ip_address == "192.0.2.7" and failed.created_at is not None

    client.post(url, {"username": "nobody@example.org", "password": "wrong"})
    unknown = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN_FAILED).latest("id")
    assert unknown.user is None and unknown.identifier == "nobody@example.org"

    client.post(url, {"username": world.partner.email, "password": PASSWORD}, HTTP_USER_AGENT="Testiselain")
    signed_in = SecurityEvent.objects.get(kind=SecurityEventKind.SIGNED_IN)
    assert signed_in.user == world.partner and signed_in.ip_address == "127.0.0.1"
    assert signed_in.user_agent == "Testiselain"
    client.post(reverse("logout"))
    assert SecurityEvent.objects.get(kind=SecurityEventKind.SIGNED_OUT).user == world.partner


def test_a_lockout_is_logged(world, client):
    url = reverse("login")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": world.partner.email, "password": "wrong"})
    assert client.post(url, {"username": world.partner.email, "password": PASSWORD}).status_code == 429
    locked = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT)
    assert locked.count() >= 1
    assert locked.first().user == world.partner and locked.first().ip_address == "127.0.0.1"


def test_a_role_change_anywhere_is_logged_with_old_and_new(world):
    world.partner.role = Role.FUNDER
    world.partner.save()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_CHANGED)
    assert event.user == world.partner and event.actor is None
    assert event.data == {"changes": {"role": ["partner", "funder"]}}
    # Saving without a change, or a new user, logs nothing more.
    world.partner.full_name = "Pia Uusi"
    world.partner.save()
    User.objects.create_user("new@example.org", "x", full_name="Uusi", role=Role.FUNDER)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_CHANGED).count() == 1


def test_a_role_change_in_the_admin_names_the_administrator(world, admin_client):
    partner = world.partner
    url = reverse("admin:accounts_user_change", args=[partner.pk])
    response = admin_client.post(
        url,
        {
            "email": partner.email,
            "full_name": partner.full_name,
            "role": Role.COORDINATOR,
            "language": partner.language,
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": partner.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": partner.date_joined.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_CHANGED, user=partner)
    assert event.actor.email == "admin@example.com"
    assert event.data["changes"] == {"role": ["partner", "coordinator"], "is_staff": [False, True]}
    assert event.ip_address == "127.0.0.1"


def test_administrators_list_the_events(world, admin_client):
    Client().post(reverse("login"), {"username": world.partner.email, "password": "wrong"})
    page = admin_client.get(reverse("admin:networkhub_securityevent_changelist"))
    assert page.status_code == 200
    assert world.partner.email in page.content.decode()


LIMITED = {
    "password_reset": lambda c, w: c.post(reverse("password_reset"), {"email": w.partner.email}),
    "password_reset_confirm": lambda c, w: c.get(reverse("password_reset_confirm", args=["MQ", "set-password"])),
    "invitation": lambda c, w: c.get(reverse("partners:invitation", args=["x" * 43])),
    "sign": lambda c, w: c.get(reverse("commitments:sign", args=["x" * 43])),
    "rsvp": lambda c, w: c.get(reverse("meetings:rsvp", args=["x" * 43])),
    "poll": lambda c, w: c.get(reverse("meetings:poll", args=["x" * 43])),
    "pulse": lambda c, w: c.get(reverse("pulse:survey", args=["x" * 43])),
}


@pytest.mark.parametrize("endpoint", sorted(LIMITED))
def test_limited_endpoints_answer_429_with_a_translated_page(endpoint, world, client, settings):
    settings.RATE_LIMITS = {
        name: (prefixes, ("GET", "POST"), 3, seconds)
        for name, (prefixes, _methods, _limit, seconds) in django_settings.RATE_LIMITS.items()
    }
    request = LIMITED[endpoint]
    for _ in range(3):
        assert request(client, world).status_code != 429
    refused = request(client, world)
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Liian monta pyyntöä" in body and int(refused["Retry-After"]) > 0
    # One security event per window, however many refusals.
    request(client, world)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.RATE_LIMITED).count() == 1
    # Another address is not affected.
    assert request(client.__class__(REMOTE_ADDR="192.0.2.9"), world).status_code != 429


def test_the_429_page_speaks_english_too(world, client, settings):
    settings.RATE_LIMITS = {"pulse_links": (("/pulse/",), ("GET",), 0, 600)}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Too many requests" in client.get("/pulse/abc/").content.decode()


def test_the_real_limits_are_modest(settings):
    for prefixes, _methods, limit, seconds in settings.RATE_LIMITS.values():
        assert 0 < limit <= 60 and seconds >= 600, prefixes
    password_reset = settings.RATE_LIMITS["password_reset"]
    assert password_reset[0] == ("/accounts/password-reset/", "/accounts/reset/") and password_reset[2] == 5
