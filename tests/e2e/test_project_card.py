"""Issue 22's project card in a real browser: a reviewer opens a red project's card from the programme overview's
row and sees the facts behind the red; a coordinator gets 404 on another project's card, a partner on every card.
The card does not scroll sideways at 320 px.

Dates come from the live server's today, as the other browser tests do.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from health.daily import take_daily_statuses
from health.models import HealthSnapshot
from health.panel import Status
from tests.e2e.test_overdue_report import _sign_in
from tests.factories import enrol_two_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_opens_a_red_projects_card_from_the_overview(page, browser, live_server, world):
    take_daily_statuses(timezone.localdate())
    red = list(HealthSnapshot.objects.filter(project=world.project, status=Status.RED).values_list("key", flat=True))
    assert red
    _sign_in(page, world.funder.email, enrol_two_factor(world.funder))
    page.goto(reverse("home:overview"))
    page.locator(f'main table tbody a[href="{reverse("reports:card", args=[world.project.pk])}"]').click()
    page.wait_for_url(re.compile(r"/card/$"))
    for key in red:
        item = page.locator(f'[data-health-item="{key}"]')
        assert item.get_attribute("data-health-status") == "red"
        assert item.locator("ul li").count() >= 1  # the facts behind the red
    assert world.coordinator.email in page.locator("section[aria-labelledby=contacts-heading]").inner_text()

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_coordinator_and_a_partner_get_404_on_cards(page, live_server, world):
    _sign_in(page, world.coordinator.email)
    assert page.goto(reverse("reports:card", args=[world.other_project.pk])).status == 404
    page.context.clear_cookies()
    _sign_in(page, world.partner.email)
    for project in (world.project, world.other_project):
        assert page.goto(reverse("reports:card", args=[project.pk])).status == 404
