"""While the PDF is generated, its panel polls with htmx; without JavaScript the page reloads itself."""

import pytest
from django.conf import settings
from django.urls import reverse

from networkhub import heartbeat
from reports.models import RenderStatus, Report
from tests.factories import sign_in

from .helpers import draft, fake_render, submitted

HTMX = {"HTTP_HX_REQUEST": "true"}


def _detail(report):
    return reverse("reports:detail", args=[report.project_id, report.pk])


@pytest.fixture
def rendering(world, client):
    report = draft(world.project, world.coordinator)
    Report.objects.filter(pk=report.pk).update(render_status=RenderStatus.QUEUED, render_seq=1)
    client.force_login(world.coordinator)
    return report


def test_the_page_polls_its_pdf_panel_and_reloads_itself_without_javascript(rendering, client):
    response = client.get(_detail(rendering))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and "<h1" in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert page.count("http-equiv") == 1  # only inside <noscript>
    assert f'id="report-pdf" hx-get="{_detail(rendering)}" hx-trigger="every 2s" hx-swap="outerHTML"' in page
    assert f'href="{_detail(rendering)}"' in page  # "Refresh now", for a browser without JavaScript
    assert "HX-Request" in response["Vary"]  # the page and its panel share a URL: caches keep them apart


def test_an_htmx_poll_gets_the_panel_alone(rendering, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):  # the panel only: no report data is built for it
        response = client.get(_detail(rendering), **HTMX)
    assert response.status_code == 200
    panel = response.content.decode().strip()
    assert panel.startswith('<div id="report-pdf"') and panel.endswith("</div>")
    assert "<html" not in panel and "<noscript" not in panel and "<h1" not in panel
    assert 'hx-trigger="every 2s"' in panel
    assert reverse("reports:submit", args=[rendering.project_id, rendering.pk]) not in panel
    assert "HX-Request" in response["Vary"]


def test_the_panel_stops_polling_once_the_pdf_is_ready(rendering, client):
    fake_render(rendering)
    assert rendering.render_status == RenderStatus.DONE
    panel = client.get(_detail(rendering), **HTMX).content.decode()
    assert "hx-trigger" not in panel and "hx-get" not in panel
    assert reverse("reports:pdf", args=[rendering.project_id, rendering.pk]) in panel
    assert reverse("reports:submit", args=[rendering.project_id, rendering.pk]) in panel
    assert 'name="csrfmiddlewaretoken"' in panel  # the swapped-in forms post
    page = client.get(_detail(rendering)).content.decode()
    assert "hx-trigger" not in page and "http-equiv" not in page


def test_the_panel_stops_polling_when_the_pdf_failed(rendering, client):
    Report.objects.filter(pk=rendering.pk).update(render_status=RenderStatus.FAILED, render_error="fonts missing")
    panel = client.get(_detail(rendering), **HTMX).content.decode()
    assert "hx-trigger" not in panel
    assert "fonts missing" in panel
    assert reverse("reports:render", args=[rendering.project_id, rendering.pk]) in panel  # try again


def test_a_report_submitted_meanwhile_reloads_the_whole_page(world, client):
    report = submitted(world.project, world.coordinator)
    client.force_login(world.coordinator)
    response = client.get(_detail(report), **HTMX)
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"


@pytest.mark.parametrize("who", ["partner", "other_coordinator", "funder"])
def test_the_panel_is_for_the_coordinator_only(rendering, world, client, who):
    sign_in(client, getattr(world, who))
    assert client.get(_detail(rendering), **HTMX).status_code == 404


def test_htmx_runs_under_the_content_security_policy(rendering, client):
    response = client.get(_detail(rendering))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    page = response.content.decode()
    assert f'<script src="{settings.STATIC_URL}vendor/htmx/htmx.min.js"></script>' in page
    assert '"includeIndicatorStyles": false, "allowEval": false' in page  # htmx adds no inline style, runs no eval


def test_without_a_worker_the_panel_says_generation_waits(rendering, client):
    """Issue 23: with no worker the PDF never comes; the panel says why instead of spinning."""
    page = client.get(_detail(rendering)).content.decode()
    assert 'id="no-worker"' in page and "Taustatyöprosessi ei ole käynnissä" in page
    assert "luominen odottaa" in page
    heartbeat.beat("celery@test")
    page = client.get(_detail(rendering)).content.decode()
    assert 'id="no-worker"' not in page
    panel = client.get(_detail(rendering), **HTMX).content.decode()
    assert 'id="no-worker"' not in panel and 'hx-trigger="every 2s"' in panel


def test_before_generating_the_panel_says_that_no_worker_runs(world, client):
    report = draft(world.project, world.coordinator)
    client.force_login(world.coordinator)
    page = client.get(_detail(report)).content.decode()
    assert 'id="no-worker"' in page and "PDF luodaan vasta" in page
