"""Status badges: the status as text on a tint, one tone per kind of state, the same in every list."""

import re

import pytest
from django.urls import reverse

from commitments.overview import CommitmentState
from meetings.models import MeetingStatus
from networkhub import status
from reports.models import ReportStatus
from tests.factories import sign_in
from tests.meetings.factories import MeetingFactory, in_days
from tests.reports.helpers import submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "tone"),
    [
        (CommitmentState.SIGNED, "success"),
        (CommitmentState.PARTIALLY_SIGNED, "warning"),
        (CommitmentState.DECLINED, "danger"),
        (CommitmentState.NOT_SENT, "neutral"),
        (MeetingStatus.CANCELLED, "danger"),
        (MeetingStatus.HELD, "success"),
        (MeetingStatus.PLANNED, "info"),
        (ReportStatus.SUBMITTED, "info"),
        (ReportStatus.INFO_REQUESTED, "warning"),
        (ReportStatus.ACCEPTED, "success"),
        (ReportStatus.DRAFT, "neutral"),
    ],
)
def test_each_state_has_a_tone_and_keeps_its_text(value, tone):
    html = str(status.badge(value))
    assert f'class="status-badge status-{tone}"' in html
    assert f">{value.label}</span>" in html


def test_an_unknown_state_is_quiet_and_none_is_a_dash():
    assert "status-neutral" in status.badge("something_new", "Something new")
    assert status.badge(None) == "–"


def test_the_review_queue_shows_the_status_as_a_badge(world, client):
    report = submitted(world.project, world.coordinator)
    sign_in(client, world.funder)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reports:queue")).content.decode()
    row = re.search(rf"<tr>.*?{report.project.acronym}.*?</tr>", page, re.S).group(0)
    assert '<span class="status-badge status-info" data-status="submitted">Submitted</span> (v1)' in row
    assert 'data-label="Status"' in row  # the column's name for the stacked layout on a phone


def test_a_past_meeting_shows_its_status_as_a_badge(world, client):
    MeetingFactory(
        project=world.project, created_by=world.coordinator, start=in_days(-10), status=MeetingStatus.CANCELLED
    )
    sign_in(client, world.partner)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("meetings:list", args=[world.project.pk])).content.decode()
    assert 'class="status-badge status-danger" data-status="cancelled">Cancelled</span>' in page


def test_something_that_is_not_a_state_takes_a_given_tone():
    assert str(status.badge("best", "best", tone="success")) == (
        '<span class="status-badge status-success" data-status="best">best</span>'
    )
    assert (
        str(status.badge(None, "ecology", tone="neutral")) == '<span class="status-badge status-neutral">ecology</span>'
    )
    assert "status-danger" in status.badge("overdue", "overdue")  # a state's own tone needs no `tone`
    with pytest.raises(ValueError, match="tone"):
        status.badge("best", "best", tone="primary")
