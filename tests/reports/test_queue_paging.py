"""The review queue and the reviewers' project list are paged in the database: a page costs the same
queries at 2 and at 200 reports or projects, and the CSV export still holds every row."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import Project, ReportType
from reports.models import Report, ReportStatus
from reports.review_views import QUEUE_PAGE_SIZE
from tests.factories import ProgrammeFactory, sign_in
from tests.home.landing_helpers import many_projects
from tests.reports.helpers import submitted

pytestmark = pytest.mark.django_db


def _submitted_reports(projects):
    """Reports as the queue sees them after submission, inserted at once (the submit flow per report takes seconds)."""
    Report.objects.bulk_create(
        [
            Report(
                project=project,
                report_type=ReportType.STATUS,
                period_start=date(2026, 8, 1),
                period_end=date(2026, 12, 31),
                due_date=date(2027, 1, 31),
                status=ReportStatus.SUBMITTED,
                version_count=1,
                submitted_at=timezone.now(),
            )
            for project in projects
        ]
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("url_name", ["reports:queue", "reports:projects"])
def test_a_page_costs_the_same_at_2_and_200(world, client, url_name, django_assert_max_num_queries):
    submitted(world.project, world.coordinator)
    submitted(world.other_project, world.other_coordinator)
    sign_in(client, world.funder)
    small, _response = _count(client, reverse(url_name))
    grown = many_projects(198, programme=ProgrammeFactory())
    _submitted_reports(grown)
    with django_assert_max_num_queries(small):
        response = client.get(reverse(url_name))
    page = response.context["page"]
    assert page.paginator.count == 200
    assert len(page.object_list) == QUEUE_PAGE_SIZE
    assert _count(client, reverse(url_name) + "?page=8")[0] == small
    assert 'href="?page=2"' in response.content.decode()  # the pager works without JavaScript


def test_the_csv_export_has_every_row_not_one_page(world, client):
    submitted(world.project, world.coordinator)
    _submitted_reports(many_projects(60, programme=ProgrammeFactory()))
    sign_in(client, world.funder)
    response = client.get(reverse("reports:queue_csv"))
    assert response.streaming
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(lines) == 1 + 61
    assert Project.objects.count() == 62
