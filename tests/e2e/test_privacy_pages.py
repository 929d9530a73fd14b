"""The administrator's Personal data pages in a real browser, without JavaScript doing the work: search,
the erasure's confirmation page and its result; axe-core finds no WCAG 2.1 A/AA violation on them."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django_otp.oath import totp

from networkhub.models import Role
from networkhub.privacy import ERASED_NAME
from partners.models import ContactPerson
from tests.factories import PASSWORD, UserFactory, enrol_two_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page, axe):
    result = axe.run(page, options=WCAG_AA)
    return [f"{page.url}: {v['id']} ({v['impact']})" for v in result.response["violations"]]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_an_administrator_finds_and_erases_a_person(page, live_server, world, language):
    administrator = UserFactory(email="yllapito@example.org", full_name="Aino Ylläpitäjä", role=Role.ADMINISTRATOR)
    device = enrol_two_factor(administrator)
    page.goto("/accounts/login/")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    page.locator("#id_username").fill("yllapito@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/two-factor/"))
    # Administrators reach nothing before the second step: the code from their authenticator.
    page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/(two-factor|accounts/login)/)"))
    axe, problems = Axe(), []

    page.goto(reverse("privacy:search"))
    page.locator("#id_q").fill("partner@example")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"q=partner"))
    assert world.contact.name in page.locator("main").inner_text()
    problems += _violations(page, axe)

    page.locator(f"main a[href='{reverse('privacy:erase', args=['contact', world.contact.pk])}']").click()
    page.wait_for_url(re.compile(r"/erase/$"))
    assert world.partner.email in page.locator("main").inner_text()
    problems += _violations(page, axe)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/privacy/$"))
    problems += _violations(page, axe)
    assert not problems, "\n".join(problems)
    assert ContactPerson.objects.get(pk=world.contact.pk).name == ERASED_NAME
