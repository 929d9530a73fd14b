"""The report page's PDF panel updates itself with htmx, under the site's Content Security Policy."""

import re

import pytest
from django.urls import reverse

from reports.models import RenderStatus, Report
from tests.factories import PASSWORD, CoordinatorFactory, ProjectFactory
from tests.reports.helpers import draft, fake_render

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pdf_panel_shows_the_ready_pdf_without_reloading_the_page(page, live_server):
    coordinator = CoordinatorFactory()
    project = ProjectFactory(coordinators=[coordinator])
    report = draft(project, coordinator)
    Report.objects.filter(pk=report.pk).update(render_status=RenderStatus.QUEUED)
    problems = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")  # /favicon.ico
            and problems.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto("/accounts/login/")
    page.locator("#id_username").fill(coordinator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/projects/$"))
    page.goto(reverse("reports:detail", args=[project.pk, report.pk]))
    assert page.locator("#report-pdf[hx-trigger]").count() == 1
    page.evaluate("window.notReloaded = true")

    fake_render(report)  # the worker finishes
    pdf_link = page.locator(f'#report-pdf a[href="{reverse("reports:pdf", args=[project.pk, report.pk])}"]')
    pdf_link.wait_for(timeout=10000)
    assert page.evaluate("window.notReloaded") is True  # the panel was swapped, the page stayed
    assert page.locator("#report-pdf[hx-trigger]").count() == 0  # and it stopped polling
    assert page.locator(f'a[href="{reverse("reports:submit", args=[project.pk, report.pk])}"]').is_visible()
    assert not problems, problems  # no CSP violation, no script error
