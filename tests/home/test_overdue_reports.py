"""An unsubmitted report past its due date (or its extension) is overdue everywhere: the coordinator's landing
page, the project home, OPH's overview (sorted first, under its own filter), the report list and OPH's deadlines
page; the next deadline shown is never a later one while an earlier one is overdue. Submitting it ends that."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from health.panel import Status
from networkhub.dates import short_date
from projects.models import ProgrammeDeadline, Project, ProjectStatus, ReportType
from reports import services
from reports.deadlines import deadline_states, next_deadline, next_deadlines, with_overdue_report
from reports.models import ReportStatus
from reports.review_views import reviewable_reports
from tests.factories import ProgrammeFactory, ProjectFactory, sign_in
from tests.health.helpers import TODAY
from tests.home.landing_helpers import many_projects, store_statuses
from tests.reports.helpers import submitted

pytestmark = pytest.mark.django_db

LANDING = reverse("home:projects")
OVERVIEW = reverse("home:overview")
YESTERDAY = TODAY - timedelta(days=1)


def _deadlines(project):
    interim = ProgrammeDeadline.objects.create(
        programme=project.programme, report_type=ReportType.INTERIM, due_date=YESTERDAY
    )
    final = ProgrammeDeadline.objects.create(
        programme=project.programme, report_type=ReportType.FINAL, due_date=TODAY + timedelta(days=200)
    )
    return interim, final


def _submit(project, deadline, coordinator):
    return submitted(project, coordinator, deadline=deadline, language="en")


def _due(day):
    with translation.override("en"):
        return short_date(day)


OVERDUE_TEXT = "Interim report overdue by 1 day (due {date})."


def _seen(world, english):
    """What each page says about the world's project: (landing, project home, overview rows, filtered rows,
    report list, OPH's deadlines page)."""
    english.force_login(world.coordinator)
    landing = english.get(LANDING)
    home = english.get(reverse("home:project", args=[world.project.pk])).content.decode()
    reports = english.get(reverse("reports:list", args=[world.project.pk])).content.decode()
    sign_in(english, world.funder)
    overview = english.get(OVERVIEW)
    filtered = english.get(OVERVIEW, {"report": "overdue"})
    deadlines = english.get(reverse("reports:deadlines", args=[world.project.pk])).content.decode()
    return landing, home, overview, filtered, reports, deadlines


def _acronyms(response):
    return [row.project.acronym for row in response.context["page"].object_list]


def test_a_report_one_day_overdue_is_overdue_everywhere_until_submitted(world, english):
    interim, _final = _deadlines(world.project)
    # The other project is the more red: without an overdue report it would be the overview's first row.
    store_statuses([world.project], TODAY)
    store_statuses([world.other_project], TODAY, {"rules": Status.RED, "meetings": Status.RED})
    overdue = OVERDUE_TEXT.format(date=_due(YESTERDAY))

    landing, home, overview, filtered, reports, deadlines = _seen(world, english)
    entries = [entry for entry in landing.context["attention"] if entry.project == world.project]
    texts = [entry.text for entry in entries]
    assert overdue in texts
    assert next(entry for entry in entries if entry.text == overdue).urgent
    assert next(entry for entry in entries if entry.text == overdue).url == reverse(
        "reports:list", args=[world.project.pk]
    )
    assert not any(text.startswith("Next report:") for text in texts)  # the final report is not "next"
    assert overdue in home and "Next deadline:" not in home
    assert _acronyms(overview)[0] == world.project.acronym
    assert _acronyms(filtered) == [world.project.acronym]
    first = overview.context["page"].object_list[0]
    assert first.next_report["days_overdue"] == 1 and first.next_report["due_date"] == YESTERDAY
    assert 'data-status="overdue">Overdue</span> by 1 day<br>Interim report' in overview.content.decode()
    assert 'data-status="overdue">Overdue</span>' in reports
    assert 'data-status="overdue">Overdue</span>' in deadlines

    report = _submit(world.project, interim, world.coordinator)

    landing, home, overview, filtered, reports, deadlines = _seen(world, english)
    texts = [entry.text for entry in landing.context["attention"] if entry.project == world.project]
    assert overdue not in texts
    assert f"Next report: Final report, due on {_due(TODAY + timedelta(days=200))}." in texts
    assert "overdue by" not in home and "Next deadline: Final report" in home
    assert _acronyms(overview)[0] == world.other_project.acronym  # back in the most-red order
    assert _acronyms(filtered) == []
    assert not overview.context["page"].object_list[1].next_report["days_overdue"]
    assert 'data-status="overdue"' not in reports and 'data-status="submitted"' in reports
    assert 'data-status="overdue"' not in deadlines
    assert reverse("reports:report", args=[report.pk]) in deadlines


def test_an_extension_past_today_is_not_overdue(world, english):
    interim, _final = _deadlines(world.project)
    services.grant_extension(world.project, interim, TODAY + timedelta(days=5), actor=world.funder)
    landing, home, overview, filtered, reports, deadlines = _seen(world, english)
    texts = [entry.text for entry in landing.context["attention"] if entry.project == world.project]
    assert f"Next report: Interim report, due on {_due(TODAY + timedelta(days=5))}." in texts
    assert not any("overdue" in text for text in texts)
    assert "overdue by" not in home
    assert _acronyms(filtered) == []
    assert 'data-status="overdue"' not in reports and 'data-status="overdue"' not in deadlines


def test_an_extension_that_has_passed_is_overdue_from_its_own_date(world):
    interim, _final = _deadlines(world.project)
    services.grant_extension(world.project, interim, TODAY - timedelta(days=3), actor=world.funder)
    state = deadline_states([world.project], TODAY)[world.project.pk]
    # Overdue by three days, counted from the extension, not from the programme's date of yesterday.
    assert [(row["deadline"], row["days_overdue"], row["extended"]) for row in state.overdue] == [(interim, 3, True)]


def test_one_rule_for_one_project_and_for_many_in_the_database(world):
    interim, final = _deadlines(world.project)
    ProgrammeDeadline.objects.create(
        programme=world.project.programme, report_type=ReportType.STATUS, due_date=world.project.start_date
    )  # due the day the project started: not the project's to report on
    applying = ProjectFactory(programme=world.project.programme, status=ProjectStatus.APPLICATION)
    later = ProjectFactory(programme=world.project.programme, start_date=TODAY)  # started after the deadlines
    submitted = ProjectFactory(programme=world.project.programme)
    _submit(submitted, interim, world.coordinator)
    projects = [world.project, applying, later, submitted, world.other_project]

    states = deadline_states(projects, TODAY)
    overdue = {project.pk for project in projects if states[project.pk].overdue}
    assert overdue == {world.project.pk}
    assert states[world.project.pk].next["deadline"] == final  # the next one from today on ...
    assert next_deadlines(projects, TODAY)[world.project.pk] == (YESTERDAY, interim)  # ... shown after the overdue
    assert next_deadline(world.project, TODAY)["deadline"] == interim
    assert next_deadlines(projects, TODAY)[submitted.pk][1] == final
    annotated = with_overdue_report(Project.objects.filter(pk__in=[p.pk for p in projects]), TODAY)
    assert set(annotated.filter(has_overdue_report=True).values_list("pk", flat=True)) == overdue
    assert not with_overdue_report(Project.objects.all(), YESTERDAY).filter(has_overdue_report=True).exists()


def test_a_draft_does_not_end_overdue_and_a_returned_report_does(world, client):
    interim, _final = _deadlines(world.project)
    report = services.create_report(world.project, programme_deadline=interim, actor=world.coordinator)
    assert report.is_overdue
    assert deadline_states([world.project], TODAY)[world.project.pk].overdue
    report = _submit(world.project, interim, world.coordinator)
    services.review(report, "request_info", actor=world.funder, comment="Liitä budjetti.")
    report.refresh_from_db()
    assert report.status == ReportStatus.INFO_REQUESTED and not report.is_overdue
    assert not deadline_states([world.project], TODAY)[world.project.pk].overdue


def test_an_accepted_report_leaves_the_review_queue_count_and_the_deadlines_table_at_once(world, english):
    interim, _final = _deadlines(world.project)
    report = _submit(world.project, interim, world.coordinator)
    sign_in(english, world.funder)
    assert "1 submitted report is in the review queue." in english.get(OVERVIEW).content.decode()
    for action in ("content_check", "financial_check", "accept"):
        services.review(report, action, actor=world.funder)
    assert reviewable_reports().filter(pk=report.pk).exists()  # still in the queue's list, as accepted
    assert "0 submitted reports are in the review queue." in english.get(OVERVIEW).content.decode()
    english.force_login(world.coordinator)
    reports = english.get(reverse("reports:list", args=[world.project.pk])).content.decode()
    assert 'data-status="accepted">Accepted</span>' in reports
    assert "Started" not in reports


def _count(client, url, **query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


def test_overdue_reports_cost_the_same_queries_at_2_and_100_projects(world, client):
    _deadlines(world.project)
    _deadlines(world.other_project)
    world.other_project.coordinators.add(world.coordinator)
    store_statuses([world.project, world.other_project], TODAY)
    client.force_login(world.coordinator)
    landing = _count(client, LANDING)
    home = _count(client, reverse("home:project", args=[world.project.pk]))
    sign_in(client, world.funder)
    overview, overdue_only = _count(client, OVERVIEW), _count(client, OVERVIEW, report="overdue")

    programme = ProgrammeFactory()
    ProgrammeDeadline.objects.create(programme=programme, report_type=ReportType.INTERIM, due_date=YESTERDAY)
    ProgrammeDeadline.objects.create(programme=programme, report_type=ReportType.STATUS, due_date=YESTERDAY)
    grown = many_projects(98, programme=programme, coordinator=world.coordinator)
    store_statuses(grown, TODAY, {"rules": Status.RED})
    ProgrammeDeadline.objects.create(
        programme=world.project.programme, report_type=ReportType.STATUS, due_date=TODAY - timedelta(days=9)
    )
    assert len(deadline_states(grown, TODAY)[grown[0].pk].overdue) == 2

    assert _count(client, OVERVIEW) == overview
    assert _count(client, OVERVIEW, report="overdue") == overdue_only
    response = client.get(OVERVIEW, {"report": "overdue"})
    assert response.context["page"].paginator.count == 100
    client.force_login(world.coordinator)
    assert _count(client, LANDING) == landing
    assert _count(client, reverse("home:project", args=[world.project.pk])) == home
