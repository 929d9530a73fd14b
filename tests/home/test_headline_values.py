"""Issue 22, part 3 leftovers (docs/health.md "The overview's values"): item 11's outputs and reach and the spend
against plan of the last report, on the overview (cell, sort), in the exports and the feed; "no report yet" is no
data, never 0 %. And part 7: the overview says which items each programme shown does not score."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts import api_tokens
from health.daily import take_daily_statuses
from health.panel import Status
from projects.models import ReportType
from reports.models import Report, ReportBudgetLine
from tests.factories import DisseminationEventFactory, OutputFactory, ProgrammeFactory, ProjectFactory, sign_in
from tests.health.helpers import TODAY
from tests.home.landing_helpers import store_statuses
from tests.reports.helpers import submitted

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("home:overview")
CSV = reverse("home:overview_csv")
FEED = reverse("home:overview_feed")


def _rows(response):
    return [row.project.acronym for row in response.context["page"].object_list]


def _budget(report, lines):
    """Sets the report's budget lines: {category: (planned, actual)}."""
    for category, (planned, actual) in lines.items():
        ReportBudgetLine.objects.update_or_create(
            report=report, category=category, defaults={"planned_eur": Decimal(planned), "actual_eur": Decimal(actual)}
        )


@pytest.fixture
def two(world):
    world.project.acronym, world.other_project.acronym = "ALPHA", "BETA"
    world.project.save()
    world.other_project.save()
    store_statuses([world.project, world.other_project], TODAY)
    return world


def _alpha_outputs(world):
    """ALPHA: 3 outputs shown (and a hidden duplicate), reached 40 + 100 = 140 people by today; BETA: 1, reach 25."""
    first, second, _third = (OutputFactory(project=world.project) for _ in range(3))
    hidden = OutputFactory(project=world.project, hidden=True)
    DisseminationEventFactory(output=first, date=TODAY - timedelta(days=10), reach=40)
    DisseminationEventFactory(output=second, date=TODAY, reach=100)
    DisseminationEventFactory(output=second, date=TODAY + timedelta(days=3), reach=999)  # not yet held
    DisseminationEventFactory(output=hidden, date=TODAY, reach=500)  # a hidden duplicate counts nowhere
    DisseminationEventFactory(output=OutputFactory(project=world.other_project), date=TODAY, reach=25)


def test_outputs_and_reach_by_hand_and_sorted(two, client):
    _alpha_outputs(two)
    sign_in(client, two.funder)
    response = client.get(OVERVIEW, {"sort": "-outputs_count"})
    assert _rows(response) == ["ALPHA", "BETA"]
    projects = {row.project.acronym: row.project for row in response.context["page"].object_list}
    assert (projects["ALPHA"].outputs_count, projects["ALPHA"].outputs_reach) == (3, 140)
    assert (projects["BETA"].outputs_count, projects["BETA"].outputs_reach) == (1, 25)
    alpha = response.context["page"].object_list[0].html
    cell = alpha[alpha.index('data-item="dissemination"') :]
    cell = cell[: cell.index("</td>")]
    assert 'data-headline="outputs">3<' in cell and "· 140<" in cell  # item 11's cell: outputs · people reached
    assert _rows(client.get(OVERVIEW, {"sort": "outputs_count"})) == ["BETA", "ALPHA"]
    assert _rows(client.get(OVERVIEW, {"sort": "outputs_reach"})) == ["BETA", "ALPHA"]
    assert _rows(client.get(OVERVIEW, {"sort": "-outputs_reach"})) == ["ALPHA", "BETA"]


def test_spend_against_plan_of_the_last_submitted_report_and_no_report_is_no_data(two, client):
    earlier = submitted(two.project, two.coordinator)
    _budget(earlier, {"personnel": ("1000", "500"), "travel": ("1000", "1250")})  # 1 750 of 2 000: 87.5 %
    sign_in(client, two.funder)
    client.cookies["django_language"] = "en"
    response = client.get(OVERVIEW, {"sort": "-spend_against_plan"})
    projects = {row.project.acronym: row.project for row in response.context["page"].object_list}
    assert projects["ALPHA"].spend_against_plan == pytest.approx(87.5)
    assert projects["BETA"].spend_against_plan is None  # no report yet: no data, not 0 %
    assert _rows(response) == ["ALPHA", "BETA"]
    assert _rows(client.get(OVERVIEW, {"sort": "spend_against_plan"})) == ["ALPHA", "BETA"]  # no data last
    body = response.content.decode()
    assert "87.5 %" in body and "no report yet" in body
    # a draft of a later period is not the funder's to see: the submitted report stays the last
    later = Report.objects.create(
        project=two.project,
        report_type=ReportType.FINAL,
        period_start=earlier.period_end + timedelta(days=1),
        period_end=earlier.period_end + timedelta(days=60),
        language="fi",
    )
    _budget(later, {"personnel": ("100", "900")})
    projects = {row.project.acronym: row.project for row in client.get(OVERVIEW).context["page"].object_list}
    assert projects["ALPHA"].spend_against_plan == pytest.approx(87.5)


def test_nothing_planned_is_no_data(two, client):
    report = submitted(two.project, two.coordinator)
    _budget(report, {"personnel": ("0", "300")})
    ReportBudgetLine.objects.filter(report=report).exclude(category="personnel").update(planned_eur=0)
    sign_in(client, two.funder)
    projects = {row.project.acronym: row.project for row in client.get(OVERVIEW).context["page"].object_list}
    assert projects["ALPHA"].spend_against_plan is None


def test_the_exports_and_the_feed_carry_the_headline_values(two, client):
    _alpha_outputs(two)
    _budget(submitted(two.project, two.coordinator), {"personnel": ("2000", "1000")})  # 50 %
    sign_in(client, two.funder)
    client.cookies["django_language"] = "en"
    text = b"".join(client.get(CSV, {"sort": "-outputs_count"}).streaming_content).decode("utf-8-sig")
    lines = [line.split(";") for line in text.splitlines()]
    head = lines[0]
    outputs, reach, spend = (
        head.index("11. Outputs"),
        head.index("11. Reach (people)"),
        head.index("Spend against plan in the last report, %"),
    )
    assert [(line[0], line[outputs], line[reach], line[spend]) for line in lines[1:]] == [
        ("ALPHA", "3", "140", "50.0"),
        ("BETA", "1", "25", ""),
    ]
    _token, token = api_tokens.create(two.funder, "OPH")
    feed = client.get(FEED, {"sort": "-outputs_count"}, HTTP_AUTHORIZATION=f"Bearer {token}").json()["results"]
    assert [(row["acronym"], row["outputs"], row["reach"], row["spend_against_plan"]) for row in feed] == [
        ("ALPHA", 3, 140, 50.0),
        ("BETA", 1, 25, None),
    ]


def test_the_overview_says_which_items_each_programme_does_not_score(two, client):
    working_life = ProgrammeFactory(
        health_settings={"off": ["trust"]}, name_en="Working life 2025", name_fi="Työelämä 2025"
    )
    ProjectFactory(programme=working_life, acronym="GAMMA")
    take_daily_statuses(TODAY)  # the daily run: the items GAMMA's programme does not score are stored "not in use"
    sign_in(client, two.funder)
    client.cookies["django_language"] = "en"
    response = client.get(OVERVIEW)
    criteria = {entry.programme.code: [c.key for c in entry.unscored] for entry in response.context["criteria"]}
    assert criteria == {
        two.project.programme.code: [],
        two.other_project.programme.code: [],
        working_life.code: ["trust", "new_to_international"],
    }
    body = response.content.decode()
    assert "Working life 2025 does not score: 8. Trust, 12. Members new to international activity" in body
    row = next(row for row in response.context["page"].object_list if row.project.acronym == "GAMMA")
    statuses = {cell.column.key: cell.status for cell in row.cells}
    assert statuses["trust"] == statuses["new_to_international"] == Status.NOT_IN_USE
