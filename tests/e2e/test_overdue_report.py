"""Issue 19's overdue reports, in a real browser: an interim report one day late and unsubmitted is overdue on
the coordinator's landing page, on the project home and in the first row of OPH's programme overview; the
coordinator starts it, the PDF is generated, the coordinator submits it, and it is gone from all three.

Dates are built from the live server's today, as the other browser tests do.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from health.panel import ITEMS, Status
from projects.models import ProgrammeDeadline, ReportType
from reports.models import Report, ReportStatus
from tests.factories import PASSWORD, enrol_two_factor
from tests.home.landing_helpers import store_statuses
from tests.reports.helpers import fake_render

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERDUE = "Väliselvitys myöhässä 1 päivän"  # "Interim report overdue by 1 day" in Finnish


def _sign_in(page, email, device=None):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    if device is not None:
        page.wait_for_url(re.compile(r"/two-factor/"))
        page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/(two-factor|accounts/login)/)"))


def _attention(page):
    page.goto(reverse("home:projects"))
    return page.locator("section[aria-labelledby=attention-heading]").inner_text()


def _home(page, project):
    page.goto(reverse("home:project", args=[project.pk]))
    return page.locator("section[aria-labelledby=report-deadline-heading]").inner_text()


def _first_row(page):
    page.goto(reverse("home:overview"))
    return page.locator("main table tbody tr").first.inner_text()


def test_an_overdue_report_shows_until_the_coordinator_submits_it(page, browser, live_server, world):
    today = timezone.localdate()
    project = world.project
    project.start_date = today - timedelta(days=400)
    project.end_date = today + timedelta(days=400)
    project.save()
    ProgrammeDeadline.objects.create(
        programme=project.programme, report_type=ReportType.INTERIM, due_date=today - timedelta(days=1)
    )
    # The other project has the more red items: only the overdue report puts this one first. (The
    # coordinator's changes below store this project's real statuses again, health.live: every item of the
    # other project is red, more than this one's real panel can be.)
    store_statuses([project], today)
    store_statuses([world.other_project], today, dict.fromkeys(ITEMS, Status.RED))

    _sign_in(page, world.coordinator.email)
    assert OVERDUE in _attention(page)
    assert OVERDUE in _home(page, project)

    funder = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    funder.set_default_timeout(15000)
    _sign_in(funder, world.funder.email, enrol_two_factor(world.funder))
    first = _first_row(funder)
    assert project.acronym in first and "Myöhässä" in first

    # The coordinator follows the entry's link, starts the report and submits the generated PDF.
    page.goto(reverse("home:projects"))
    page.get_by_role("link", name=re.compile(f"Kirjoita raportti \\({project.acronym}\\)")).click()
    page.wait_for_url(re.compile(r"/reports/$"))
    page.get_by_role("button", name="Aloita raportti").click()
    page.wait_for_url(re.compile(r"/reports/\d+/edit/"))
    report = Report.objects.get(project=project)
    fake_render(report)  # what the worker stores (the PDF itself is tested elsewhere)
    page.goto(reverse("reports:detail", args=[project.pk, report.pk]))
    page.get_by_role("link", name="Jätä rahoittajalle…").click()
    page.get_by_role("button", name="Jätä rahoittajalle").click()
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    assert "myöhässä" not in _attention(page)
    assert "myöhässä" not in _home(page, project)
    first = _first_row(funder)
    assert world.other_project.acronym in first and "Myöhässä" not in first
    funder.context.close()
