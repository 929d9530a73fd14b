"""A report's health section is computed as of the earlier of its period's end and its submission (for a draft:
today), never as of a day still to come; the report page and the PDF say which day."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from projects.models import ReportType
from reports import data, services
from reports.demo import render_now
from tests.health.helpers import at as _at
from tests.meetings.factories import HeldMeetingFactory

from .helpers import pdftotext

pytestmark = pytest.mark.django_db

SUBMITTED_ON = date(2026, 12, 7)
PERIOD = (date(2026, 11, 1), date(2027, 1, 31))  # ends after the submission


@pytest.fixture
def report(world):
    with time_machine.travel(_at(SUBMITTED_ON - timedelta(days=30)), tick=False):
        HeldMeetingFactory(project=world.project, start=_at(SUBMITTED_ON - timedelta(days=30)))
    return services.create_report(
        world.project, actor=world.coordinator, report_type=ReportType.STATUS, period=PERIOD, language="fi"
    )


def test_a_draft_is_computed_as_of_today_and_never_after_its_period(report, monkeypatch):
    seen = []
    real = data.report_health
    monkeypatch.setattr(data, "report_health", lambda project, as_of: seen.append(as_of) or real(project, as_of))
    with time_machine.travel(_at(SUBMITTED_ON), tick=False):
        built = data.build(report)
    assert seen == [SUBMITTED_ON]
    assert built["meta"]["health_as_of"] == "7.12.2026" and built["network_map"]["as_of"] == "7.12.2026"
    with time_machine.travel(_at(date(2027, 3, 1)), tick=False):  # a late draft: as of its period's end
        assert data.health_as_of(report) == PERIOD[1]


def test_a_report_submitted_before_its_period_ends_is_computed_as_of_its_submission(report, client):
    with time_machine.travel(_at(SUBMITTED_ON), tick=False):
        render_now(report)
        version = services.submit(report, actor=report.created_by)
    report.refresh_from_db()
    assert version.data["meta"]["health_as_of"] == "7.12.2026"
    with time_machine.travel(_at(date(2027, 2, 15)), tick=False):  # read after the period: still the day it was sent
        assert data.health_as_of(report) == SUBMITTED_ON
        client.force_login(report.created_by)
        page = client.get(reverse("reports:detail", args=[report.project_id, report.pk])).content.decode()
    assert "Verkoston terveys 7.12.2026" in page
    text = " ".join(pdftotext(version.read_pdf()).split())
    assert "Verkoston terveys 7.12.2026" in text
    assert "31.1.2027" in text  # the period's end is still stated, as the period
