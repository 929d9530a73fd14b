"""Issue 13: the review queue's exports. A CSV that Excel set to Finnish opens in columns (semicolons, a UTF-8
byte order mark), and an .xlsx workbook with the same columns, dates as real dates and text never a formula;
both respect the queue's filters and read the reports with a constant number of queries."""

import csv
import io
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from reports import services
from reports.models import ReportStatus
from tests.factories import ProgrammeFactory, sign_in
from tests.home.landing_helpers import many_projects
from tests.reports.helpers import submitted
from tests.reports.test_queue_paging import _submitted_reports

pytestmark = pytest.mark.django_db

HEADER_FI = [
    "Diaarinumero",
    "Hanke",
    "Avustusohjelma",
    "Raporttityyppi",
    "Kausi alkaa",
    "Kausi päättyy",
    "Määräpäivä",
    "Tila",
    "Versio",
    "Jätetty",
]


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def _xlsx(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "report-queue.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


@pytest.fixture
def queue(world):
    report = submitted(world.project, world.coordinator)
    other = submitted(world.other_project, world.other_coordinator)
    services.review(other, "content_check", actor=world.funder)
    return report, other


def test_csv_is_semicolon_separated_with_a_bom_in_columns(world, client, queue):
    report, _other = queue
    sign_in(client, world.funder)
    response = client.get(reverse("reports:queue_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert rows[0] == HEADER_FI  # Finnish by default, every header in a column of its own
    assert len(rows) == 3 and all(len(row) == len(HEADER_FI) for row in rows)
    mine = next(row for row in rows if row[0] == report.project.case_number)
    assert mine[4:7] == [report.period_start.isoformat(), report.period_end.isoformat(), report.due_date.isoformat()]


def test_xlsx_has_the_csv_columns_with_real_dates(world, client, queue):
    report, other = queue
    sign_in(client, world.funder)
    sheet = _xlsx(client.get(reverse("reports:queue_xlsx")))
    rows = list(sheet.iter_rows(values_only=True))
    csv_rows = _csv(client.get(reverse("reports:queue_csv")))
    assert list(rows[0]) == csv_rows[0] == HEADER_FI
    assert len(rows) == len(csv_rows) == 3
    by_case = {row[0]: row for row in rows[1:]}
    mine = by_case[report.project.case_number]
    assert mine[1] == report.project.acronym and mine[2] == report.project.programme.name
    # Dates are dates (openpyxl reads a date cell back as a datetime), shown day first in Finnish.
    assert mine[4] == datetime.combine(report.period_start, datetime.min.time())
    assert mine[5] == datetime.combine(report.period_end, datetime.min.time())
    assert mine[6] == datetime.combine(report.due_date, datetime.min.time())
    assert isinstance(mine[9], datetime)
    assert mine[8] == 1 and isinstance(mine[8], int)
    with translation.override("fi"):
        assert mine[7] == str(ReportStatus.SUBMITTED.label) == "Jätetty"
        assert by_case[other.project.case_number][7] == str(ReportStatus.CONTENT_CHECK.label)
    cell = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == report.project.case_number)[4]
    assert cell.is_date and cell.number_format == "d.m.yyyy"


def test_xlsx_in_english_and_text_is_never_a_formula(world, client, settings, queue):
    report, _other = queue
    world.project.acronym = '=HYPERLINK("x.fi","x")'
    world.project.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_in(client, world.funder)
    sheet = _xlsx(client.get(reverse("reports:queue_xlsx")))
    assert next(sheet.iter_rows(values_only=True))[0] == "Case number"
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == report.project.case_number)
    assert row[1].value == '=HYPERLINK("x.fi","x")' and row[1].data_type == "s"
    assert row[6].number_format == "dd/mm/yyyy"
    # The CSV keeps the same text inert with an apostrophe.
    line = next(r for r in _csv(client.get(reverse("reports:queue_csv"))) if r[0] == report.project.case_number)
    assert line[1].startswith("'=")


def test_both_exports_respect_the_filters(world, client, queue):
    report, other = queue
    sign_in(client, world.funder)
    query = {"status": "content_check"}
    sheet = _xlsx(client.get(reverse("reports:queue_xlsx"), query))
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [other.project.case_number]
    assert [row[0] for row in _csv(client.get(reverse("reports:queue_csv"), query))[1:]] == [other.project.case_number]
    query = {"programme": report.project.programme_id}
    sheet = _xlsx(client.get(reverse("reports:queue_xlsx"), query))
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [report.project.case_number]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        content = b"".join(response.streaming_content)  # a streamed body reads the rows as it goes
    return len(queries), content


@pytest.mark.parametrize("url_name", ["reports:queue_xlsx", "reports:queue_csv"])
def test_exports_read_every_row_with_the_same_queries_at_2_and_1200_reports(
    world, client, django_assert_max_num_queries, url_name
):
    _submitted_reports(many_projects(2, programme=ProgrammeFactory()))
    sign_in(client, world.funder)
    url = reverse(url_name)
    client.get(url)  # the session and content types, cached per process
    small, _content = _queries(client, url)
    _submitted_reports(many_projects(1200, programme=ProgrammeFactory()))
    with django_assert_max_num_queries(small):
        response = client.get(url)
        content = b"".join(response.streaming_content)
    if url_name.endswith("xlsx"):
        assert sum(1 for _row in load_workbook(io.BytesIO(content), read_only=True).active.iter_rows()) == 1 + 1202
    else:
        assert len(content.decode().strip().splitlines()) == 1 + 1202
