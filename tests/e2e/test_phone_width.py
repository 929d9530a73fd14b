"""The project's pages on a phone (390 × 844) and a laptop (1280 px), in a real browser with the demo's data:
no sideways page scroll on a phone, and the project's tabs in one row on a laptop (issue 13, "Pages that
read well")."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from commitments import services as commitment_services
from meetings.models import Invitation
from meetings.tasks import rsvp_url
from partners.models import Membership
from projects.models import Project
from tests.commitments.helpers import draft_letter
from tests.factories import ContactFactory

from .test_accessibility import PASSWORD, WCAG_AA, _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def _overflow(page, path):
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    page.goto(path)
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _signing_link(project, coordinator):
    """A letter sent for signing to a new member's contact, with a long task; the e-mailed link."""
    membership = Membership.objects.filter(project=project, letter__isnull=True).order_by("pk").first()
    contact = ContactFactory(organisation=membership.organisation, language="fi", name="Sanni Signeeraaja")
    task = "Vastaanottaa kaksi työssäoppijaa vuosittain ja osallistua oppimisympäristöjen yhteiskehittämiseen"
    version = draft_letter(membership, coordinator, contact=contact, tasks=[task])
    commitment_services.send_version(version, actor=coordinator)
    message = next(m for m in mail.outbox if m.to == [contact.email])
    return urlsplit(re.search(r"https?://\S+/sign/\S+/", message.body).group(0)).path


@pytest.fixture
def demo(live_server, settings):
    settings.SITE_URL = live_server.url
    call_command("seed_demo", password=PASSWORD)
    return Project.objects.get(case_number="OPH-1234-2026")


def test_a_phone_shows_the_project_without_sideways_scrolling(page, demo):
    page.set_viewport_size(PHONE)
    pk = demo.pk
    invitation = Invitation.objects.filter(meeting__project=demo).order_by("pk").first()
    link_pages = [_signing_link(demo, demo.coordinators.first()), urlsplit(rsvp_url(invitation)).path]
    for path in link_pages:
        assert _overflow(page, path) <= 0, path
    _sign_in(page, "koordinaattori@demo.networkhub.fi")
    pages = [
        reverse("home:project", args=[pk]),
        reverse("partners:list", args=[pk]),
        reverse("commitments:overview", args=[pk]),
        reverse("meetings:list", args=[pk]),
        reverse("mobility:list", args=[pk]),
        reverse("mobility:create", args=[pk]),
        reverse("health:network_map", args=[pk]),  # its figures, tie table and comparison
    ]
    axe, problems = Axe(), []
    for path in pages:
        assert _overflow(page, path) <= 0, path
        # On a phone the sections are one disclosure menu, not rows of tabs.
        assert page.locator(".project-nav-menu").is_visible() and not page.locator(".project-tabs").is_visible()
        violations = axe.run(page, options=WCAG_AA).response["violations"]
        problems += [f"{path}: {v['id']} {[node['target'] for node in v['nodes'][:3]]}" for v in violations]
    assert not problems, problems

    # The list's rows are cards: the member's commitment state is on screen with its column's name.
    page.goto(reverse("partners:list", args=[pk]))
    badge = page.locator("table.table-stack .status-badge").first
    assert badge.is_visible()
    box = badge.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    # The menu opens with the keyboard and lists every section.
    page.locator(".project-nav-menu summary").focus()
    page.keyboard.press("Enter")
    assert page.locator(".project-nav-menu a").first.is_visible()
    assert page.locator(".project-nav-menu a[aria-current=page]").inner_text().strip() != ""


def test_a_laptop_shows_the_project_tabs_in_one_row(page, demo):
    page.set_viewport_size(LAPTOP)
    _sign_in(page, "koordinaattori@demo.networkhub.fi")
    for language in ("fi", "sv"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
        for name in ("home:project", "partners:list", "meetings:list"):
            page.goto(reverse(name, args=[demo.pk]))
            tops = page.eval_on_selector_all(".project-tabs > .nav-item", "items => items.map(i => i.offsetTop)")
            assert len(tops) == 5 and len(set(tops)) == 1, (language, name, tops)
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
            assert not page.locator(".project-nav-menu").is_visible()
