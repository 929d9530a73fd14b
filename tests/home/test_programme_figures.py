"""The programme aggregates' stored figures (home.figures, issue 22 part 6 / issue 24): stored figures equal the
counted ones and the page renders the same from them in any language; a second view reads one row, the same
queries at 3 and 12 projects; figures past the maximum age or from another day are counted again; the refresh job
stores every programme's unfiltered figures; the page says as of when, in Finnish and English."""

import json
import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.celery import app
from health.panel import Status
from home import figures, jobs, programme_aggregates
from home.models import ProgrammeFigures
from projects.models import Programme, ProjectStatus, Region
from tests.factories import (
    DisseminationEventFactory,
    MembershipFactory,
    MobilityFactory,
    OrganisationFactory,
    OutputFactory,
    ProgrammeFactory,
    ProjectFactory,
    sign_in,
)
from tests.health.helpers import HELSINKI, NOW, TODAY
from tests.home.landing_helpers import many_projects, store_statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures_world(world, settings):
    """Programme S: projects A (Uusimaa), B and C (Lapland) under way, a closed project; organisation O a member of
    all four (overcommitted at a limit of 2), an output with reach, a mobility, red statuses on A."""
    settings.PROGRAMME_OVERCOMMITMENT_PROJECTS = 2
    programme = ProgrammeFactory(code="kv-stored", name_fi="Tallennettu ohjelma")
    a = ProjectFactory(programme=programme, region=Region.UUSIMAA)
    b = ProjectFactory(programme=programme, region=Region.LAPLAND)
    c = ProjectFactory(programme=programme, region=Region.LAPLAND)
    closed = ProjectFactory(programme=programme, region=Region.LAPLAND, status=ProjectStatus.CLOSED)
    organisation = OrganisationFactory(name="Oppilaitos O", new_to_international=True)
    for project in (a, b, c, closed):
        MembershipFactory(project=project, organisation=organisation)
    DisseminationEventFactory(output=OutputFactory(project=a), reach=12)
    MobilityFactory(project=b, sending_organisation=organisation, participants=4)
    store_statuses([a], TODAY, {"rules": Status.RED})
    store_statuses([b, closed], TODAY)
    world.programme, world.organisation = programme, organisation
    return world


def _url(programme, query=""):
    return reverse("home:programme", kwargs={"code": programme.code}) + query


def _without_csrf(body):
    """The page without the sign-out form's CSRF token, which is masked anew on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def _no_counting(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the page counted instead of reading the stored figures")

    monkeypatch.setattr(programme_aggregates, "compute", refuse)


@pytest.mark.parametrize("filters", [{}, {"include_closed": True}, {"phase": "", "cohort": TODAY.year - 1}])
def test_stored_figures_equal_counted_ones(figures_world, filters):
    programme = figures_world.programme
    counted, computed_at = figures.figures_for(programme, filters)
    row = ProgrammeFigures.objects.get(programme=programme, filters_key=figures.filters_key(filters))
    assert (row.computed_on, row.computed_at) == (TODAY, computed_at) and computed_at == NOW
    assert json.loads(json.dumps(row.figures)) == row.figures  # plain JSON: numbers, keys and codes
    stored = programme_aggregates.from_json(row.figures)
    assert stored == counted == programme_aggregates.compute(programme, filters)
    assert stored.overcommitted == [(figures_world.organisation.name, figures_world.organisation.pk, 3)]
    assert figures.figures_for(programme, filters) == (stored, computed_at)


def test_the_figures_are_what_the_page_counted(figures_world):
    stored, _at = figures.figures_for(figures_world.programme, {})
    assert stored.projects == 3 and stored.totals["members"] == 3 and stored.totals["reach"] == 12
    assert stored.totals["mobility_participants"] == 4 and stored.with_statuses == 2
    assert {region.code: region.projects for region in stored.regions if region.projects} == {
        Region.UUSIMAA: 1,
        Region.LAPLAND: 2,
    }


def test_stored_figures_of_another_limit_or_other_items_are_counted_again(figures_world, settings):
    figures.figures_for(figures_world.programme, {})
    data = ProgrammeFigures.objects.get().figures
    assert programme_aggregates.from_json(data) is not None
    settings.PROGRAMME_OVERCOMMITMENT_PROJECTS = 3
    assert programme_aggregates.from_json(data) is None
    settings.PROGRAMME_OVERCOMMITMENT_PROJECTS = 2
    assert programme_aggregates.from_json({**data, "distribution": data["distribution"][:-1]}) is None
    assert programme_aggregates.from_json({**data, "format": 0}) is None
    counted, _at = figures.figures_for(figures_world.programme, {})
    settings.PROGRAMME_OVERCOMMITMENT_PROJECTS = 3
    recounted, _at = figures.figures_for(figures_world.programme, {})
    assert (counted.overcommitment_limit, len(counted.overcommitted)) == (2, 1)
    assert (recounted.overcommitment_limit, recounted.overcommitted) == (3, [])


def test_the_filters_have_one_key_however_typed(figures_world):
    form = programme_aggregates.AggregatesFilterForm({"cohort": str(TODAY.year), "include_closed": "on", "phase": ""})
    assert form.is_valid()
    assert figures.filters_key(form.cleaned_data) == figures.filters_key({"include_closed": True, "cohort": TODAY.year})
    assert figures.filters_key(form.cleaned_data) == f"cohort={TODAY.year};closed"
    empty = programme_aggregates.AggregatesFilterForm({"cohort": "", "phase": ""})
    assert empty.is_valid() and figures.filters_key(empty.cleaned_data) == figures.filters_key({}) == ""


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_page_renders_the_same_from_stored_figures(figures_world, client, settings, monkeypatch, language):
    """Counted in Finnish, read in `language`: the same page as counted in `language` (words are not stored)."""
    sign_in(client, figures_world.funder)
    url = _url(figures_world.programme)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    client.get(url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with monkeypatch.context() as patch:
        _no_counting(patch)
        stored = client.get(url).content.decode()
    ProgrammeFigures.objects.all().delete()
    counted = client.get(url).content.decode()
    assert ProgrammeFigures.objects.count() == 1
    assert _without_csrf(stored) == _without_csrf(counted)
    assert 'data-figure="members">3<' in stored


def test_a_second_view_reads_one_row_with_the_same_queries_at_3_and_12_projects(figures_world, client, settings):
    sign_in(client, figures_world.funder)
    url = _url(figures_world.programme)
    max_age = timedelta(seconds=settings.PROGRAMME_FIGURES_MAX_AGE)

    def view():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return response.context["figures"].projects, [query["sql"] for query in captured]

    view()  # the first count inserts the row; a count again updates it
    with time_machine.travel(NOW + max_age, tick=False):
        counted_small, stored_small = view(), view()
    grown = many_projects(9, programme=figures_world.programme, region=Region.PIRKANMAA)
    for project in grown:
        MembershipFactory(project=project, organisation=figures_world.organisation)
        OutputFactory(project=project)
    store_statuses(grown[:4], TODAY, {"rules": Status.RED})
    with time_machine.travel(NOW + max_age, tick=False):
        assert view()[0] == 3  # stored: the new projects are counted when the figures are counted again
    with time_machine.travel(NOW + 2 * max_age, tick=False):
        counted_grown, stored_grown = view(), view()
    assert (counted_small[0], stored_small[0], counted_grown[0], stored_grown[0]) == (3, 3, 12, 12)
    assert len(counted_grown[1]) == len(counted_small[1])
    assert len(stored_grown[1]) == len(stored_small[1]) < len(counted_small[1])
    # The stored read is the figures' one row; no query counts the programme's projects or memberships.
    figures_queries = [sql for sql in stored_small[1] if "home_programmefigures" in sql]
    assert len(figures_queries) == 1 and figures_queries[0].startswith("SELECT")
    assert not [sql for sql in stored_small[1] if "COUNT(" in sql.upper()]


def test_figures_past_the_maximum_age_are_counted_again(figures_world, client, settings, english):
    sign_in(english, figures_world.funder)
    url = _url(figures_world.programme)
    max_age = timedelta(seconds=settings.PROGRAMME_FIGURES_MAX_AGE)
    assert english.get(url).context["figures"].projects == 3
    ProjectFactory(programme=figures_world.programme, region=Region.UUSIMAA)
    with time_machine.travel(NOW + max_age - timedelta(seconds=1), tick=False):
        response = english.get(url)
        assert response.context["figures"].projects == 3 and response.context["computed_at"] == NOW
        assert "Figures as of 02/11/2026 12:00" in response.content.decode()
    with time_machine.travel(NOW + max_age, tick=False):
        response = english.get(url)
        assert response.context["figures"].projects == 4 and response.context["computed_at"] == NOW + max_age
        assert "Figures as of 02/11/2026 13:00" in response.content.decode()
    row = ProgrammeFigures.objects.get()
    assert (row.computed_at, row.figures["projects"]) == (NOW + max_age, 4)


def test_figures_of_yesterday_are_counted_again(figures_world, client):
    """Ten minutes apart, but across midnight: a project ending on the day is counted that day, not the next."""
    ProjectFactory(programme=figures_world.programme, end_date=TODAY)
    sign_in(client, figures_world.funder)
    url = _url(figures_world.programme)
    evening = datetime.combine(TODAY, time(23, 55), tzinfo=HELSINKI)
    with time_machine.travel(evening, tick=False):
        assert client.get(url).context["figures"].projects == 4
    with time_machine.travel(evening + timedelta(minutes=10), tick=False):
        assert client.get(url).context["figures"].projects == 3
    assert ProgrammeFigures.objects.get().computed_on == TODAY + timedelta(days=1)


def test_a_filtered_view_is_stored_apart(figures_world, client):
    sign_in(client, figures_world.funder)
    assert client.get(_url(figures_world.programme, "?include_closed=on")).context["figures"].projects == 4
    assert client.get(_url(figures_world.programme)).context["figures"].projects == 3
    assert dict(ProgrammeFigures.objects.values_list("filters_key", "figures__projects")) == {"closed": 4, "": 3}


def test_two_counts_at_once_both_succeed(figures_world):
    """The later count stands: an earlier count's update misses it, and its insert collides (IntegrityError)."""
    programme = figures_world.programme
    counted, _at = figures.figures_for(programme, {})
    earlier = programme_aggregates.compute(programme, {})
    earlier.projects = 99
    figures.store(programme, "", earlier, TODAY, NOW - timedelta(seconds=1))
    row = ProgrammeFigures.objects.get()
    assert (row.computed_at, row.figures["projects"]) == (NOW, 3)
    figures.store(programme, "", earlier, TODAY, NOW)  # counted at the same moment: either is as fresh
    assert ProgrammeFigures.objects.get().figures["projects"] == 99


def test_the_refresh_stores_every_programmes_unfiltered_figures(figures_world):
    empty = ProgrammeFactory(code="kv-empty")
    old = ProgrammeFigures.objects.create(
        programme=empty, filters_key="closed", computed_on=TODAY - timedelta(days=3), computed_at=NOW, figures={}
    )
    recent = ProgrammeFigures.objects.create(
        programme=empty, filters_key="", computed_on=TODAY - timedelta(days=2), computed_at=NOW, figures={}
    )
    assert figures.refresh_programme_figures() == Programme.objects.count()
    rows = {row.programme: row for row in ProgrammeFigures.objects.filter(filters_key="")}
    assert set(rows) == set(Programme.objects.all())
    for programme, row in rows.items():
        assert (row.computed_on, row.computed_at) == (TODAY, NOW)
        assert programme_aggregates.from_json(row.figures) == programme_aggregates.compute(programme, {})
    assert rows[figures_world.programme].figures["projects"] == 3 and rows[empty].pk == recent.pk
    assert not ProgrammeFigures.objects.filter(pk=old.pk).exists()


def test_the_refresh_costs_the_same_queries_per_programme(figures_world):
    def refresh():
        figures.refresh_programme_figures()  # every row exists afterwards: the next refresh updates them
        with CaptureQueriesContext(connection) as captured:
            figures.refresh_programme_figures()
        return Programme.objects.count(), len(captured)

    programmes, queries = refresh()
    many_projects(5, programme=ProgrammeFactory(code="kv-more"))
    ProgrammeFactory(code="kv-none")
    more_programmes, more_queries = refresh()
    assert more_programmes == programmes + 2
    per_programme = (more_queries - queries) // 2
    assert queries == 2 + per_programme * programmes  # the programmes and the deletion of old rows, once
    assert per_programme <= 10, per_programme


def test_beat_runs_the_refresh_job(figures_world, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-programme-figures"]
    assert entry["task"] == "home.jobs.refresh_programme_figures"
    assert entry["schedule"] <= settings.PROGRAMME_FIGURES_MAX_AGE / 2
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert jobs.refresh_programme_figures() == Programme.objects.count()
    assert ProgrammeFigures.objects.filter(filters_key="").count() == Programme.objects.count()


@pytest.mark.parametrize(
    ("language", "max_age", "text"),
    [
        ("fi", 3600, "Luvut: tilanne 2.11.2026 12.00. Ne lasketaan uudelleen 60 minuutin välein."),
        ("en", 3600, "Figures as of 02/11/2026 12:00, counted again every 60 minutes."),
        ("en", 60, "Figures as of 02/11/2026 12:00, counted again every 1 minute."),
        ("sv", 1800, "Siffrorna gäller 2026-11-02 12:00 och räknas om med 30 minuters mellanrum."),
    ],
)
def test_the_page_says_as_of_when(figures_world, client, settings, language, max_age, text):
    settings.PROGRAMME_FIGURES_MAX_AGE = max_age
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sign_in(client, figures_world.funder)
    figures.refresh_programme_figures()
    with time_machine.travel(NOW + timedelta(seconds=50), tick=False):  # read: the time they were counted
        body = client.get(_url(figures_world.programme)).content.decode()
    assert text in " ".join(body.split())
