"""A management signatory of a project that requires strong identification, in a real browser: sent to a
local OpenID Connect provider (authlib, tests/commitments/oidc_provider.py), logs in on its own page,
comes back and signs; the evidence shows the provider and level. Another person's identity is refused."""

import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from commitments import services
from commitments.models import CommitmentSettings, Signature
from tests.commitments.helpers import draft_letter, publish_rules
from tests.commitments.oidc_provider import CLIENT_ID, CLIENT_SECRET, LOA, Person, Provider
from tests.factories import ContactFactory, CoordinatorFactory, MembershipFactory, ProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(live_server, settings):
    people = [Person("rehtori", "Riitta", "Rehtori", "010170-123A"), Person("toinen", "Tiina", "Toinen", "020280-456B")]
    running = Provider(f"{live_server.url}/sign/identified/", people).start()
    settings.SITE_URL = live_server.url
    settings.OIDC_PROVIDER_NAME = "Testitunnistus"
    settings.OIDC_DISCOVERY_URL = running.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ACR_VALUES = LOA
    yield running
    running.stop()


@pytest.fixture
def letter():
    coordinator = CoordinatorFactory()
    project = ProjectFactory(coordinators=[coordinator])
    membership = MembershipFactory(project=project)
    contact = ContactFactory(organisation=membership.organisation, language="fi")
    publish_rules(project, coordinator)
    CommitmentSettings.objects.update_or_create(
        project=project, defaults={"signing_order": "parallel", "strong_identification": True}
    )
    version = draft_letter(
        membership,
        coordinator,
        contact=contact,
        management_name="Riitta Rehtori",
        management_email="rehtori@example.org",
    )
    services.send_version(version, actor=coordinator)
    message = next(m for m in mail.outbox if m.to == ["rehtori@example.org"])
    return version, coordinator, re.search(r"https?://\S+/sign/\S+/", message.body).group(0)


def _identify(page, link, username, provider):
    page.goto(link)
    assert page.locator("#id_consent").count() == 0  # no signing before identifying
    page.get_by_role("button", name="Tunnistaudu: Testitunnistus").click()
    page.wait_for_url(f"{provider.issuer}/authorize?*")
    page.locator("#username").fill(username)
    page.locator("#password").fill("salasana")
    with page.expect_navigation(url=link):
        page.get_by_role("button", name="Log in").click()


def test_management_signatory_identifies_at_the_provider_and_signs(page, provider, letter):
    version, coordinator, link = letter
    _identify(page, link, "rehtori", provider)
    assert "Tunnistettu vahvasti henkilöksi Riitta Rehtori: Testitunnistus" in page.content()
    page.locator("#id_title").first.fill("Rehtori")  # the deputy form repeats the id
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Allekirjoita kirje").click()

    signature = Signature.objects.get(request__role="management")
    assert (signature.identity_provider, signature.identity_level, signature.identity_name) == (
        "Testitunnistus",
        LOA,
        "Riitta Rehtori",
    )
    client = Client()
    client.force_login(coordinator)
    membership = version.letter.membership
    letter_page = client.get(reverse("commitments:letter", args=[membership.project_id, membership.pk]))
    assert "tunnistettu vahvasti: Testitunnistus, taso korkea" in letter_page.content.decode()
    pdf = client.get(reverse("commitments:letter_pdf", args=[membership.project_id, membership.pk, version.number]))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "tunnistettu vahvasti: Testitunnistus" in text and "loa3" in text


def test_another_persons_identity_is_refused(page, provider, letter):
    _version, _coordinator, link = letter
    _identify(page, link, "toinen", provider)
    alert = page.get_by_text("Tunnistettu henkilö, Tiina Toinen, ei ole kirjeessä nimetty allekirjoittaja")
    assert alert.is_visible()
    assert page.locator("#id_consent").count() == 0
    assert not Signature.objects.filter(request__role="management").exists()
