"""OPH's programme overview: one row per project with its stored statuses, trend and next report, the most
red first, filtered and paged in the database; the funder reviewer lands on it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health.panel import Status
from home.overview import PAGE_SIZE
from projects.models import ProgrammeDeadline, ProjectStatus, Region, ReportType
from reports.models import ReportStatus
from tests.factories import ProgrammeFactory, sign_in
from tests.health.helpers import TODAY
from tests.home.landing_helpers import many_projects, store_statuses
from tests.reports.helpers import submitted

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("home:overview")


def _rows(response):
    return [row.project.acronym for row in response.context["page"].object_list]


def test_the_reviewer_lands_on_the_overview(world, client):
    sign_in(client, world.funder)
    assert client.get(reverse("home"))["Location"] == OVERVIEW
    assert client.get(reverse("home:projects"))["Location"] == OVERVIEW


def test_rows_are_sorted_by_the_most_red_with_status_words_and_the_date(world, client, english):
    world.project.acronym, world.other_project.acronym = "CALM", "STORMY"
    world.project.save()
    world.other_project.save()
    store_statuses([world.project], TODAY, {"rules": Status.AMBER})
    store_statuses([world.other_project], TODAY, {"rules": Status.RED, "meetings": Status.RED})
    sign_in(english, world.funder)
    response = english.get(OVERVIEW)
    assert _rows(response) == ["STORMY", "CALM"]
    body = response.content.decode()
    assert "Red</span>" in body and "Amber</span>" in body and "Green</span>" in body  # words, not colour alone
    assert "Statuses as of" in body and "02/11/2026" in body
    assert '<th scope="col"' in body


def test_the_trend_compares_with_an_earlier_snapshot(world, english):
    # The oldest weekly snapshot of the eight-week window (TODAY is a Monday): what the arrows compare with.
    store_statuses([world.project], TODAY - timedelta(weeks=7), {"rules": Status.GREEN, "meetings": Status.RED})
    store_statuses([world.project], TODAY, {"rules": Status.RED, "meetings": Status.GREEN})
    sign_in(english, world.funder)
    row = english.get(OVERVIEW).context["page"].object_list[0]
    cells = {cell.column.key: cell for cell in row.cells}
    assert (cells["rules"].trend, cells["meetings"].trend, cells["tasks"].trend) == ("worse", "better", "same")
    assert "worse than on" in cells["rules"].trend_text


def test_a_project_without_statuses_says_so_and_sorts_last(world, english):
    store_statuses([world.other_project], TODAY)
    sign_in(english, world.funder)
    response = english.get(OVERVIEW)
    assert _rows(response) == [world.other_project.acronym, world.project.acronym]
    assert "No statuses yet" in response.content.decode()
    row = response.context["page"].object_list[-1]
    assert {cell.status for cell in row.cells} == {Status.NO_DATA}


def test_filters_by_programme_status_and_region(world, client):
    world.project.region = Region.LAPLAND
    world.project.save()
    store_statuses([world.project], TODAY, {"rules": Status.RED})
    store_statuses([world.other_project], TODAY)
    sign_in(client, world.funder)

    def acronyms(**query):
        return _rows(client.get(OVERVIEW, query))

    assert acronyms(status="red") == [world.project.acronym]
    assert acronyms(status="green") == [world.other_project.acronym]
    assert acronyms(status="none") == []
    assert acronyms(region=Region.LAPLAND) == [world.project.acronym]
    assert acronyms(region="none") == [world.other_project.acronym]
    assert acronyms(programme=world.other_project.programme_id) == [world.other_project.acronym]


def test_grey_is_not_healthy_and_not_in_use_is_counted_apart(world, client, english):
    """docs/health.md: the healthy filter leaves out a project with a grey item; "not in use" has its own filter
    and is neither healthy's fault nor green."""
    store_statuses([world.project], TODAY, {"meetings": Status.NO_DATA})
    store_statuses([world.other_project], TODAY, {"trust": Status.NOT_IN_USE, "application": Status.HISTORY})
    sign_in(client, world.funder)

    def acronyms(**query):
        return _rows(client.get(OVERVIEW, query))

    assert acronyms(status="green") == [world.other_project.acronym]
    assert acronyms(status="no_data") == [world.project.acronym]
    assert acronyms(status="not_in_use") == [world.other_project.acronym]
    assert acronyms(status="red") == acronyms(status="amber") == []  # history is never red or amber
    sign_in(english, world.funder)
    body = english.get(OVERVIEW).content.decode()
    assert "Not in use</span>" in body and "History</span>" in body


def test_closed_projects_drop_out_unless_asked_for(world, client):
    world.project.status = ProjectStatus.CLOSED
    world.project.save()
    world.other_project.end_date = TODAY - timedelta(days=1)  # its term is over
    world.other_project.save()
    store_statuses([world.project, world.other_project], TODAY)
    sign_in(client, world.funder)
    assert _rows(client.get(OVERVIEW)) == []
    assert sorted(_rows(client.get(OVERVIEW, {"include_closed": "on"}))) == sorted(
        [world.project.acronym, world.other_project.acronym]
    )


def test_bad_filters_keep_the_page(world, client):
    sign_in(client, world.funder)
    response = client.get(OVERVIEW, {"programme": "x", "status": "purple", "region": "<b>", "page": "-3"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(_rows(response)) == 2


def test_the_next_report_and_its_review_state(world, client, english):
    report = submitted(world.project, world.coordinator)
    ProgrammeDeadline.objects.create(
        programme=world.other_project.programme, report_type=ReportType.FINAL, due_date=TODAY + timedelta(days=40)
    )
    sign_in(english, world.funder)
    rows = {row.project.pk: row for row in english.get(OVERVIEW).context["page"].object_list}
    mine = rows[world.project.pk].next_report
    assert mine["report"] == report and report.status == ReportStatus.SUBMITTED
    assert mine["due_date"] == report.due_date
    other = rows[world.other_project.pk].next_report
    assert other["report"] is None and other["due_date"] == TODAY + timedelta(days=40)
    body = english.get(OVERVIEW).content.decode()
    assert reverse("reports:report", args=[report.pk]) in body
    assert "not submitted yet" in body
    assert "1 submitted report is in the review queue." in body


def test_a_draft_is_not_the_reviewers_to_see(world, english):
    from tests.reports.helpers import draft

    draft(world.project, world.coordinator)
    sign_in(english, world.funder)
    row = {row.project.pk: row for row in english.get(OVERVIEW).context["page"].object_list}[world.project.pk]
    assert row.next_report["report"] is None
    assert "0 submitted reports are in the review queue." in english.get(OVERVIEW).content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_paged_in_the_database_with_the_same_queries_at_2_and_200_projects(
    world, client, django_assert_max_num_queries
):
    store_statuses([world.project, world.other_project], TODAY - timedelta(weeks=1))
    store_statuses([world.project, world.other_project], TODAY, {"rules": Status.RED})
    submitted(world.project, world.coordinator)
    sign_in(client, world.funder)
    small = _queries(client, OVERVIEW)
    programme = ProgrammeFactory()
    ProgrammeDeadline.objects.create(programme=programme, report_type=ReportType.STATUS, due_date=TODAY)
    grown = many_projects(198, programme=programme)
    store_statuses(grown, TODAY - timedelta(weeks=1))
    store_statuses(grown[:30], TODAY, {"meetings": Status.RED, "rules": Status.RED})
    store_statuses(grown[30:], TODAY)
    with django_assert_max_num_queries(small):
        response = client.get(OVERVIEW)
    assert response.context["page"].paginator.count == 200
    assert len(response.context["page"].object_list) == PAGE_SIZE
    assert response.context["page"].object_list[0].project.pk in {project.pk for project in grown[:30]}
    assert _queries(client, OVERVIEW + "?page=8") == small
    assert small <= 16
