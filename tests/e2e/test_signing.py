"""A signer with no account signs a commitment letter from the e-mailed link, in a real browser."""

import re

import pytest
from django.core import mail

from commitments import services
from commitments.models import CommitmentSettings, Signature, VersionStatus
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import ContactFactory, CoordinatorFactory, MembershipFactory, ProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_signer_reads_the_letter_and_signs_with_the_keyboard(page, live_server, settings):
    settings.SITE_URL = live_server.url
    coordinator = CoordinatorFactory()
    project = ProjectFactory(coordinators=[coordinator])
    membership = MembershipFactory(project=project)
    contact = ContactFactory(organisation=membership.organisation, language="fi", name="Sanni Signeeraaja")
    publish_rules(project, coordinator)
    CommitmentSettings.objects.update_or_create(project=project, defaults={"signing_order": "parallel"})
    version = draft_letter(membership, coordinator, contact=contact, tasks=["Vastaanottaa kaksi opiskelijaa"])
    services.send_version(version, actor=coordinator)

    message = next(m for m in mail.outbox if m.to == [contact.email])
    link = re.search(r"https?://\S+/sign/\S+/", message.body).group(0)
    page.goto(link)
    assert "Vastaanottaa kaksi opiskelijaa" in page.content()
    page.locator("#id_full_name").first.fill("Sanni Signeeraaja")
    page.locator("#id_title").fill("Opettaja")
    page.locator("#id_consent").focus()
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    page.locator("#id_consent").press("Tab")
    with page.expect_navigation():  # the form posts and the thank-you page loads
        page.keyboard.press("Enter")
    assert Signature.objects.filter(signer_name="Sanni Signeeraaja", request__role="contact").count() == 1
    signature = Signature.objects.get()
    assert "Chrome" in signature.user_agent and signature.ip_address == "127.0.0.1"
    version.refresh_from_db()
    assert version.status == VersionStatus.PARTIALLY_SIGNED
