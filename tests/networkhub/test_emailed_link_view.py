"""The kernel's base view for pages reached from an e-mailed link (networkhub/links.py), on a view of its own:
a dead link gets the "this link does not work" page with its reason, in the recipient's language; GET never
consumes the link."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from config import urls as site_urls
from networkhub import tokens
from networkhub.links import EmailedLinkView
from networkhub.models import LinkToken
from partners.models import ContactPerson
from partners.models import TokenPurpose as PartnerLink
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.urls(__name__)


class ContactLinkView(EmailedLinkView):
    purpose = PartnerLink.INVITATION
    target_model = ContactPerson

    def get(self, request, link, contact):
        return HttpResponse(f"hello {contact.name}")

    def post(self, request, link, contact):
        tokens.consume(link)
        return HttpResponse("done")


class MultiUseLinkView(ContactLinkView):
    check_on_post = True

    def post(self, request, link, contact):
        return HttpResponse("recorded")


class DonePageView(ContactLinkView):
    def link_failed(self, request, link, contact, error):
        if error.reason == "used":
            return HttpResponse(f"already done, {contact.name}")
        return super().link_failed(request, link, contact, error)


urlpatterns = [
    path("test-link/<str:token>/", ContactLinkView.as_view(), name="test_link"),
    path("test-multi/<str:token>/", MultiUseLinkView.as_view()),
    path("test-done/<str:token>/", DonePageView.as_view()),
    *site_urls.urlpatterns,
]

# (reason, the reason in Swedish)
SWEDISH = {
    "expired": "Länken har gått ut.",
    "used": "Länken har redan använts.",
    "revoked": "Länken har återkallats och fungerar inte längre.",
}


@pytest.fixture
def contact(db):
    return ContactFactory(name="Stina Svensson", language="sv")


def _issue(contact, **kwargs):
    return tokens.issue(PartnerLink.INVITATION, contact, sent_to=contact.email, **kwargs)


def _dead(reason, contact):
    """A raw link to `contact` that is dead for `reason`, and the moment to open it at."""
    token, raw = _issue(contact, ttl=timedelta(days=1))
    now = timezone.now()
    if reason == "expired":
        now += timedelta(days=2)
    elif reason == "used":
        tokens.consume(token)
    else:
        tokens.revoke(PartnerLink.INVITATION, contact)
    return raw, now


def test_an_unknown_link_gets_the_invalid_page(client, db):
    response = client.get("/test-link/not-a-real-token/")
    assert response.status_code == 410
    assert response.templates[0].name == "networkhub/link_invalid.html"
    page = response.content.decode()
    assert "Linkki ei toimi" in page and "Linkki ei ole kelvollinen." in page  # no recipient: the site's language


def test_a_link_to_an_object_of_another_type_is_unknown(client, db):
    _token, raw = tokens.issue(PartnerLink.INVITATION, UserFactory(language="sv"))
    response = client.get(f"/test-link/{raw}/")
    assert response.status_code == 410
    assert "Linkki ei ole kelvollinen." in response.content.decode()


@pytest.mark.parametrize("reason", ["expired", "used", "revoked"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_dead_link_gets_the_invalid_page_with_its_reason_in_the_recipients_language(client, contact, reason, method):
    raw, now = _dead(reason, contact)
    with time_machine.travel(now):
        response = getattr(client, method)(f"/test-multi/{raw}/" if method == "post" else f"/test-link/{raw}/")
    assert response.status_code == 410
    page = response.content.decode()
    assert "Länken fungerar inte" in page and SWEDISH[reason] in page
    assert 'lang="sv"' in page


def test_the_language_switcher_wins_over_the_recipients_language(client, contact):
    raw, _now = _dead("revoked", contact)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/test-link/{raw}/").content.decode()
    assert "This link has been withdrawn and no longer works." in page


def test_get_never_consumes_and_records_the_opening(client, contact):
    token, raw = _issue(contact)
    for _ in range(2):
        response = client.get(f"/test-link/{raw}/")
        assert response.status_code == 200 and response.content == b"hello Stina Svensson"
    token.refresh_from_db()
    assert token.used_at is None and token.last_opened_at is not None
    assert client.post(f"/test-link/{raw}/").content == b"done"
    token.refresh_from_db()
    assert token.used_at is not None
    assert client.get(f"/test-link/{raw}/").status_code == 410


def test_a_single_use_link_is_checked_by_its_post_and_a_multi_use_one_before(client, contact):
    raw, _now = _dead("used", contact)
    assert client.post(f"/test-multi/{raw}/").status_code == 410
    # Without check_on_post the flow's own consume() refuses it, inside the POST.
    with pytest.raises(tokens.TokenInvalid):
        client.post(f"/test-link/{raw}/")


def test_a_used_link_may_still_show_its_done_page(client, contact):
    raw, _now = _dead("used", contact)
    assert client.get(f"/test-done/{raw}/").content == b"already done, Stina Svensson"
    raw, _now = _dead("revoked", contact)
    assert client.get(f"/test-done/{raw}/").status_code == 410


def test_other_methods_are_refused_without_touching_the_link(client, contact):
    token, raw = _issue(contact)
    assert client.put(f"/test-link/{raw}/").status_code == 405
    assert LinkToken.objects.get(pk=token.pk).last_opened_at is None
