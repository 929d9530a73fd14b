"""Issue 22 (items 3 and 5): the overview's values, risk score and filters, its XLSX and CSV exports, and the JSON
feed for OPH's systems with its API tokens."""

import io
import json
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts import api_tokens
from accounts.models import ApiToken
from health.models import HealthDay, HealthSnapshot
from health.panel import Status
from home.api_views import API_PAGE_SIZE
from partners.models import MembershipRole
from projects.models import ProgrammeDeadline, ReportType
from reports import casework
from tests.factories import MembershipFactory, OrganisationFactory, ProgrammeFactory, UserFactory, sign_in
from tests.health.helpers import TODAY
from tests.home.landing_helpers import many_projects, store_statuses
from tests.reports.helpers import submitted

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("home:overview")
XLSX = reverse("home:overview_xlsx")
CSV = reverse("home:overview_csv")
FEED = reverse("home:overview_feed")


def _rows(response):
    return [row.project.acronym for row in response.context["page"].object_list]


def _name(world, first="ALPHA", second="BETA"):
    world.project.acronym, world.other_project.acronym = first, second
    world.project.save()
    world.other_project.save()


def _set_value(project, key, value):
    """The item's value as the daily job would have stored it: its snapshot row and its day's values by item."""
    HealthSnapshot.objects.filter(project=project, key=key, taken_on=TODAY).update(value=value)
    day = HealthDay.objects.get(project=project)
    day.item_values[key] = value
    day.save(update_fields=["item_values"])


def test_each_item_shows_its_value_and_the_overview_sorts_by_it(world, client):
    _name(world)
    store_statuses([world.project, world.other_project], TODAY)
    _set_value(world.project, "management", 40)
    _set_value(world.other_project, "management", 87.5)
    sign_in(client, world.funder)
    response = client.get(OVERVIEW, {"sort": "-value_management"})
    assert _rows(response) == ["BETA", "ALPHA"]
    assert _rows(client.get(OVERVIEW, {"sort": "value_management"})) == ["ALPHA", "BETA"]
    row = response.context["page"].object_list[0]
    assert {cell.column.key: cell.value for cell in row.cells}["management"] == 87.5
    assert "87,5" in response.content.decode()  # Finnish number format


def test_the_headings_sort_by_value_and_risk_keeping_the_filters(world, client):
    store_statuses([world.project, world.other_project], TODAY)
    sign_in(client, world.funder)
    headers = client.get(OVERVIEW, {"region": "none", "page": "1"}).context["sort_headers"]
    assert headers["management"].query == "region=none&sort=-value_management"
    assert headers["risk"].query == "region=none&sort=risk" and headers["risk"].aria_sort == ""
    response = client.get(OVERVIEW, {"sort": "-value_management"})
    management = response.context["sort_headers"]["management"]
    assert (management.query, management.aria_sort) == ("sort=value_management", "descending")
    assert 'aria-sort="descending"' in response.content.decode()
    ascending = client.get(OVERVIEW, {"sort": "value_management"}).context["sort_headers"]["management"]
    assert (ascending.query, ascending.aria_sort) == ("sort=-value_management", "ascending")


def test_the_risk_score_is_the_documented_weighted_sum_and_sorts(world, client, settings):
    """docs/health.md: red 4, amber 2, no data 1 points times the item's weight; an overdue report adds most."""
    _name(world)
    store_statuses([world.project], TODAY, {"management": Status.RED, "rules": Status.AMBER})  # 4*3 + 2*1 = 14
    store_statuses([world.other_project], TODAY, {"meetings": Status.NO_DATA})  # 1*2 = 2
    sign_in(client, world.funder)
    response = client.get(OVERVIEW, {"sort": "risk"})
    assert [(row.project.acronym, row.project.risk_score) for row in response.context["page"].object_list] == [
        ("ALPHA", 14),
        ("BETA", 2),
    ]
    # BETA's programme weighs meetings at 20: 1*20 > 14. ALPHA's programme keeps the defaults.
    settings.HEALTH_RISK_WEIGHTS_BY_PROGRAMME = {world.other_project.programme.code: {"meetings": 20}}
    assert _rows(client.get(OVERVIEW, {"sort": "risk"})) == ["BETA", "ALPHA"]


def test_a_programme_sets_its_own_weights_in_its_health_settings(world, client):
    """Set in the admin: `Programme.health_settings["risk_weights"]` comes before the settings' weights."""
    _name(world)
    store_statuses([world.project], TODAY, {"management": Status.RED})  # 4*3 = 12
    store_statuses([world.other_project], TODAY, {"new_to_international": Status.RED})  # 4*1 = 4
    programme = world.project.programme
    programme.health_settings = {"risk_weights": {"management": 0}}
    programme.full_clean()
    programme.save()
    sign_in(client, world.funder)
    rows = client.get(OVERVIEW, {"sort": "risk"}).context["page"].object_list
    assert [(row.project.acronym, row.project.risk_score) for row in rows] == [("BETA", 4), ("ALPHA", 0)]
    for bad in ({"management": "3"}, {"nothing": 1}, {"management": -1}, ["management"]):
        programme.health_settings = {"risk_weights": bad}
        with pytest.raises(ValidationError, match="risk_weights"):
            programme.full_clean()


def test_an_overdue_report_weighs_more_than_any_item(world, client, settings):
    _name(world)
    store_statuses([world.project], TODAY, {"management": Status.RED})
    store_statuses([world.other_project], TODAY)
    ProgrammeDeadline.objects.create(
        programme=world.other_project.programme, report_type=ReportType.STATUS, due_date=TODAY - timedelta(days=3)
    )
    sign_in(client, world.funder)
    rows = client.get(OVERVIEW, {"sort": "risk"}).context["page"].object_list
    assert [(row.project.acronym, row.project.risk_score) for row in rows] == [
        ("BETA", settings.HEALTH_RISK_OVERDUE_WEIGHT),
        ("ALPHA", 12),
    ]
    assert 4 * max(settings.HEALTH_RISK_WEIGHTS.values()) < settings.HEALTH_RISK_OVERDUE_WEIGHT


def test_filters_by_item_status_phase_cohort_and_lead(world, client):
    _name(world)
    store_statuses([world.project], TODAY, {"management": Status.RED})
    store_statuses([world.other_project], TODAY, {"rules": Status.RED})
    world.other_project.application_date = date(2025, 3, 1)
    world.other_project.end_date = TODAY + timedelta(days=40)  # in its closing months
    world.other_project.save()
    lead = OrganisationFactory(name="Lapin ammattiopisto")
    MembershipFactory(project=world.project, organisation=lead, role=MembershipRole.LEAD)
    sign_in(client, world.funder)

    def acronyms(**query):
        return _rows(client.get(OVERVIEW, query))

    assert acronyms(item="management", item_status="red") == ["ALPHA"]
    assert acronyms(item="management", item_status="green") == ["BETA"]
    assert acronyms(item="trust", item_status="no_data") == []
    assert acronyms(phase="running") == ["ALPHA"]
    assert acronyms(phase="closing") == ["BETA"]
    assert acronyms(phase="preparing") == []
    assert acronyms(cohort="2026") == ["ALPHA"]
    assert acronyms(cohort="2025") == ["BETA"]
    assert acronyms(lead="lapin") == ["ALPHA"]
    assert acronyms(lead="nobody") == []


def test_bad_values_in_the_new_filters_are_errors_next_to_the_field(world, client):
    sign_in(client, world.funder)
    response = client.get(OVERVIEW, {"item_status": "red", "cohort": "1900", "sort": "<x>", "phase": "moon"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"item", "cohort", "sort", "phase"}
    assert len(_rows(response)) == 2


def test_my_projects_are_those_i_am_the_officer_of(world, client):
    store_statuses([world.project, world.other_project], TODAY)
    sign_in(client, world.funder)
    assert _rows(client.get(OVERVIEW, {"mine": "on"})) == []
    casework.assign_officer(world.other_project, world.funder, actor=world.funder)
    assert _rows(client.get(OVERVIEW, {"mine": "on"})) == [world.other_project.acronym]


@pytest.fixture
def mine_is(world):
    """ "My projects": the world's funder is made the officer of the given projects (case work)."""

    def assign(*projects):
        for project in projects:
            casework.assign_officer(project, world.funder, actor=world.funder)

    return assign


def test_item_4_red_my_projects_2026_cohort_exports_the_rows_the_page_shows(world, client, mine_is):
    """Issue 22's done-when: the XLSX has the page's rows, checked with openpyxl; widths set, dates real, text
    never a formula."""
    programme = ProgrammeFactory()
    projects = many_projects(6, programme=programme, application_date=date(2026, 2, 1))
    old = many_projects(1, programme=programme, application_date=date(2025, 2, 1))
    store_statuses(projects[:4] + old, TODAY, {"management": Status.RED})
    store_statuses(projects[4:], TODAY)
    projects[0].name = '=HYPERLINK("http://evil")'
    projects[0].save()
    mine_is(*projects[1:], *old)  # not projects[0]
    sign_in(client, world.funder)
    query = {"item": "management", "item_status": "red", "mine": "on", "cohort": "2026"}
    page = _rows(client.get(OVERVIEW, query))
    assert sorted(page) == sorted(project.acronym for project in projects[1:4])

    response = client.get(XLSX, query)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == page
    header = rows[0]
    as_of = header.index("Tilanne päivältä")
    assert rows[1][as_of] == datetime(2026, 11, 2)  # a real date
    assert sheet.column_dimensions["B"].width == 40

    mine_is(*projects)
    response = client.get(XLSX, {"item": "management", "item_status": "red", "cohort": "2026", "mine": "on"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [cell.value for cell in sheet["B"]]
    assert '=HYPERLINK("http://evil")' in names
    cell = next(cell for cell in sheet["B"] if cell.value == '=HYPERLINK("http://evil")')
    assert cell.data_type == "s"  # text, not a formula


def test_the_csv_export_is_semicolons_with_a_bom_and_the_same_rows(world, client, mine_is):
    _name(world)
    store_statuses([world.project, world.other_project], TODAY, {"management": Status.RED})
    world.project.name = "-1+1"
    world.project.save()
    sign_in(client, world.funder)
    response = client.get(CSV, {"sort": "risk"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Lyhenne;Hanke;Diaarinumero;")
    assert [line.split(";")[0] for line in lines[1:]] == _rows(client.get(OVERVIEW, {"sort": "risk"}))
    assert ";'-1+1;" in text


def test_the_xlsx_export_costs_the_same_queries_at_2_and_60_projects(world, client):
    store_statuses([world.project, world.other_project], TODAY)
    submitted(world.project, world.coordinator)
    sign_in(client, world.funder)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(XLSX, {"sort": "risk"})
            b"".join(response.streaming_content)
        return len(captured)

    small = queries()
    programme = ProgrammeFactory()
    ProgrammeDeadline.objects.create(programme=programme, report_type=ReportType.STATUS, due_date=TODAY)
    store_statuses(many_projects(58, programme=programme), TODAY, {"rules": Status.RED})
    assert queries() == small


# ---------------------------------------------------------------------------------------------------------------
# The JSON feed and its tokens


def _feed(client, token, **query):
    return client.get(FEED, query, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_feed_serves_the_pages_rows_to_a_reviewers_token(world, client):
    _name(world)
    store_statuses([world.project], TODAY, {"management": Status.RED})
    store_statuses([world.other_project], TODAY)
    _api_token, token = api_tokens.create(world.funder, "OPH reporting")
    response = _feed(client, token, sort="risk")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    first = body["results"][0]
    assert first["acronym"] == "ALPHA"
    assert first["risk_score"] == 12
    assert first["items"]["management"] == {"number": 4, "status": "red", "value": 50.0}
    assert first["statuses_on"] == "2026-11-02"
    assert [row["acronym"] for row in _feed(client, token, item="management", item_status="red").json()["results"]] == [
        "ALPHA"
    ]
    assert _feed(client, token, cohort="1900").status_code == 400
    assert _feed(client, token, page="9").status_code == 404
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("case", ["none", "wrong", "expired", "revoked", "coordinator", "demoted"])
def test_the_feed_refuses_a_wrong_expired_or_coordinators_token(world, client, case):
    api_token, token = api_tokens.create(world.funder, "OPH reporting")
    header = f"Bearer {token}"
    if case == "none":
        header = ""
    elif case == "wrong":
        header = f"Bearer {token[:-2]}xx"
    elif case == "expired":
        api_token.expires_at = datetime(2026, 11, 1, tzinfo=api_token.expires_at.tzinfo)
        api_token.save()
    elif case == "revoked":
        api_token.revoked_at = api_token.created_at
        api_token.save()
    elif case == "coordinator":  # made for a reviewer, the token now belongs to a coordinator's account
        api_token.user = world.coordinator
        api_token.save()
    elif case == "demoted":
        world.funder.role = "coordinator"
        world.funder.save()
    response = client.get(FEED, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "results" not in json.loads(response.content)


def test_a_signed_in_reviewer_without_a_token_gets_401(world, client):
    sign_in(client, world.funder)
    assert client.get(FEED).status_code == 401


def test_tokens_are_for_reviewers_hashed_and_made_by_a_command(world, capsys):
    with pytest.raises(ValidationError, match="API-tunnisteita"):
        api_tokens.create(world.coordinator, "x")
    call_command("create_api_token", world.funder.email, "OPH reporting", "--days", "30")
    token = capsys.readouterr().out.strip()
    stored = ApiToken.objects.get()
    assert token not in (stored.token_hash, stored.prefix) and stored.token_hash != token
    assert stored.expires_at.date() == TODAY + timedelta(days=30)
    assert api_tokens.user_for(f"Bearer {token}") == world.funder


def test_an_administrator_makes_a_token_in_the_admin_and_sees_it_once(world, client):
    admin = UserFactory(is_staff=True, is_superuser=True, role="administrator")
    sign_in(client, admin)
    add = reverse("admin:accounts_apitoken_add")
    refused = client.post(
        add, {"user": world.coordinator.pk, "name": "x", "expires_at_0": "1.12.2027", "expires_at_1": "12:00"}
    )
    assert refused.status_code == 200 and not ApiToken.objects.exists()
    response = client.post(
        add, {"user": world.funder.pk, "name": "OPH", "expires_at_0": "1.12.2027", "expires_at_1": "12:00"}, follow=True
    )
    message = next(str(m) for m in response.context["messages"])
    token = message.rsplit(" ", 1)[-1]
    assert api_tokens.user_for(f"Bearer {token}") == world.funder


def test_the_feed_costs_the_same_queries_at_2_and_150_projects(world, client):
    store_statuses([world.project, world.other_project], TODAY)
    _api_token, token = api_tokens.create(world.funder, "OPH reporting")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = _feed(client, token, sort="risk")
        assert response.status_code == 200
        return len(captured), response.json()

    small, _body = queries()
    programme = ProgrammeFactory()
    store_statuses(many_projects(148, programme=programme), TODAY, {"rules": Status.RED})
    large, body = queries()
    assert large == small
    assert body["count"] == 150 and len(body["results"]) == API_PAGE_SIZE


def test_the_overview_with_values_and_risk_costs_the_same_queries_at_2_and_100_projects(world, client):
    store_statuses([world.project, world.other_project], TODAY)
    sign_in(client, world.funder)
    query = {"sort": "risk", "item": "management", "item_status": "green", "cohort": "2026", "lead": ""}

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(OVERVIEW, query).status_code == 200
        # The order and the rows weigh the risk with the same programmes' weights, read once.
        weights = [q["sql"] for q in captured.captured_queries if "risk_weights" in q["sql"]]
        assert len(weights) == 1, weights
        return len(captured)

    small = queries()
    store_statuses(many_projects(98, programme=ProgrammeFactory()), TODAY)
    assert queries() == small


def test_a_reviewers_tokens_are_in_their_data_export_and_go_with_erasure(admin_client, world):
    api_tokens.create(world.funder, "OPH reporting")
    response = admin_client.post(reverse("privacy:export", args=["user", world.funder.pk]))
    exported = json.loads(response.content)["data"]["accounts.api_tokens"]
    assert [row["name"] for row in exported] == ["OPH reporting"]
    admin_client.post(reverse("privacy:erase", args=["user", world.funder.pk]))
    assert not ApiToken.objects.exists()
