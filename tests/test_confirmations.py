"""Irreversible actions ask first, without JavaScript (issue 13, defect 12): sending a letter for
signing, submitting a report to the funder and the reviewer's acceptance. GET shows what will happen
and to whom and changes nothing; the page's button POSTs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import SignatureRequest
from reports import services as report_services
from reports.models import ReportStatus
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import sign_in
from tests.reports.helpers import draft, fake_render, submitted

pytestmark = pytest.mark.django_db


def _post_form_actions(page):
    return [part.split('"')[0] for part in page.split('<form method="post" action="')[1:]]


def test_sending_a_letter_asks_first_and_names_the_signers(world, client, mailoutbox):
    publish_rules(world.project, world.coordinator)
    draft_letter(world.membership, world.coordinator, management_email="boss@example.org")
    client.force_login(world.coordinator)
    url = reverse("commitments:letter_send", args=[world.project.pk, world.membership.pk])
    letter_page = client.get(reverse("commitments:letter", args=[world.project.pk, world.membership.pk]))
    assert url not in _post_form_actions(letter_page.content.decode())  # no one-click send
    assert f'href="{url}"' in letter_page.content.decode()
    confirm = client.get(url)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "boss@example.org" in page and world.contact.email in page
    assert url in _post_form_actions(page)
    assert not SignatureRequest.objects.exists() and not mailoutbox
    assert client.post(url).status_code == 302
    assert SignatureRequest.objects.count() == 2


def test_submitting_a_report_asks_first_and_warns_when_the_period_has_not_ended(world, client):
    report = draft(world.project, world.coordinator)
    report.period_end = timezone.localdate() + timedelta(days=10)
    report.save(update_fields=["period_end"])
    fake_render(report)
    client.force_login(world.coordinator)
    url = reverse("reports:submit", args=[world.project.pk, report.pk])
    detail = client.get(reverse("reports:detail", args=[world.project.pk, report.pk])).content.decode()
    assert url not in _post_form_actions(detail)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Opetushallitus" in page or world.project.programme.funder in page
    assert "ole vielä päättynyt" in page, page[page.find("<main") :]
    report.refresh_from_db()
    assert report.version_count == 0
    assert client.post(url).status_code == 302
    report.refresh_from_db()
    assert report.version_count == 1


def test_accepting_a_report_asks_first(world, client):
    report = submitted(world.project, world.coordinator)
    for action in ("content_check", "financial_check"):
        report_services.review(report, action, actor=world.funder)
    sign_in(client, world.funder)
    url = reverse("reports:transition", args=[report.pk, "accept"])
    review_page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert url not in _post_form_actions(review_page)
    page = client.get(url).content.decode()
    assert world.project.acronym in page and url in _post_form_actions(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.FINANCIAL_CHECK
    client.post(url)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    # Only acceptance has a confirmation page; other steps are POST only.
    assert client.get(reverse("reports:transition", args=[report.pk, "content_check"])).status_code == 404
