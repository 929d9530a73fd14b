"""The report's PDF survives a killed worker or a lost task: its render has a lease and a sweep takes it
up again; one request never yields two PDFs (issue 12)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reports import rendering
from reports.models import RenderStatus, Report
from reports.tasks import render_report, sweep_stale_renders

from .helpers import draft

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
LEASE = timedelta(minutes=15)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def report(clock, world):
    report = draft(world.project, world.coordinator)
    Report.objects.filter(pk=report.pk).update(render_seq=1, render_status=RenderStatus.QUEUED, render_claimed_at=NOW)
    return report


def _stored(report):
    with report.rendered_pdf.open("rb") as handle:
        return handle.read()


def _state(report):
    report.refresh_from_db()
    return report.render_status


def test_a_worker_killed_mid_render_leaves_the_pdf_to_be_made_again_once(report, clock):
    assert rendering.claim_render(report.pk, 1) == NOW  # a worker took it, and was killed

    clock.move_to(NOW + LEASE - timedelta(seconds=1))
    render_report(report.pk, 1)  # the broker's redelivery while the claim may still be alive: nothing
    assert sweep_stale_renders() == 0
    assert _state(report) == RenderStatus.RENDERING and not report.rendered_pdf

    later = NOW + LEASE + timedelta(seconds=1)
    clock.move_to(later)
    assert sweep_stale_renders() == 1  # queued again; the eager task renders it
    assert _state(report) == RenderStatus.DONE
    pdf, rendered_at = report.rendered_pdf.name, report.rendered_at
    assert _stored(report).startswith(b"%PDF") and rendered_at == later

    clock.move_to(NOW + timedelta(hours=2))
    render_report(report.pk, 1)  # a late duplicate of the task
    assert sweep_stale_renders() == 0
    report.refresh_from_db()
    assert (report.rendered_pdf.name, report.rendered_at) == (pdf, rendered_at)  # one PDF for the request


def test_a_render_whose_task_was_lost_in_the_queue_is_queued_again(report, clock):
    clock.move_to(NOW + LEASE - timedelta(seconds=1))
    assert sweep_stale_renders() == 0 and _state(report) == RenderStatus.QUEUED
    clock.move_to(NOW + LEASE + timedelta(seconds=1))
    assert sweep_stale_renders() == 1 and _state(report) == RenderStatus.DONE


def test_only_the_task_holding_the_claim_stores_its_pdf(report, clock):
    first = rendering.claim_render(report.pk, 1)
    clock.move_to(NOW + LEASE + timedelta(seconds=1))
    second = rendering.claim_render(report.pk, 1)  # the first worker seemed dead and was taken over
    assert second and second != first
    assert rendering.store_render(report.pk, 1, claimed_at=first, pdf=b"%PDF first", data={}) == 0
    assert rendering.store_render(report.pk, 1, claimed_at=second, pdf=b"%PDF second", data={}) == 1
    report.refresh_from_db()
    assert _stored(report) == b"%PDF second"
    assert rendering.claim_render(report.pk, 1) is None  # done: nobody takes it again


def test_a_newer_request_supersedes_a_lapsed_render(report, clock):
    rendering.claim_render(report.pk, 1)
    Report.objects.filter(pk=report.pk).update(render_seq=2, render_status=RenderStatus.QUEUED, render_claimed_at=NOW)
    clock.move_to(NOW + LEASE + timedelta(seconds=1))
    assert rendering.lapsed_renders() == [(report.pk, 2)]  # the newer request, not the old one


def test_a_render_from_before_the_lease_existed_is_taken_up(report):
    Report.objects.filter(pk=report.pk).update(render_status=RenderStatus.RENDERING, render_claimed_at=None)
    assert sweep_stale_renders() == 1 and _state(report) == RenderStatus.DONE
