"""OPH's programme aggregates (issue 22 part 6): the figures match a hand count over three projects sharing two
organisations (a closed project and another programme's project left out), overcommitment, the region maps and
their table, constant queries, and the page in Finnish, Swedish and English."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from health.models import HealthSnapshot
from health.panel import ITEMS, Status
from home import programme_aggregates
from home.models import ProgrammeFigures
from home.programme_map import outlines
from partners.models import MembershipRole, MembershipStatus, OrganisationType
from projects.models import Programme, ProjectStatus, Region
from tests.factories import (
    DisseminationEventFactory,
    ForeignOrganisationFactory,
    MembershipFactory,
    MobilityFactory,
    OrganisationFactory,
    OutputFactory,
    ProgrammeFactory,
    ProjectFactory,
    sign_in,
)
from tests.health.helpers import NOW, TODAY
from tests.home.landing_helpers import many_projects, store_statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_world(world):
    """Programme P: projects A and B in Uusimaa and C in Lapland, all under way; X (a Finnish education provider new
    to international activity) and Y (a Finnish company) are members of all three. A has a lead L (a Finnish VET
    provider), C a foreign education provider F marked new (not domestic: not a newcomer of the criterion), B a
    withdrawn member W. Left out: D, P's closed project in Lapland, and E, another programme's project in Uusimaa;
    both have X and their own outputs, mobilities and red statuses."""
    programme = ProgrammeFactory(code="kv-hand", name_fi="Käsinlaskettu ohjelma")
    other_programme = ProgrammeFactory(code="kv-other")
    a = ProjectFactory(programme=programme, acronym="A", region=Region.UUSIMAA)
    b = ProjectFactory(programme=programme, acronym="B", region=Region.UUSIMAA)
    c = ProjectFactory(programme=programme, acronym="C", region=Region.LAPLAND)
    d = ProjectFactory(programme=programme, acronym="D", region=Region.LAPLAND, status=ProjectStatus.CLOSED)
    e = ProjectFactory(programme=other_programme, acronym="E", region=Region.UUSIMAA)
    x = OrganisationFactory(name="Xamk-opisto", new_to_international=True)
    y = OrganisationFactory(name="Yritys Oy", org_type=OrganisationType.COMPANY)
    lead = OrganisationFactory(name="Lead-opisto")
    foreign = ForeignOrganisationFactory(name="Tallinna Kool", new_to_international=True)
    withdrawn = OrganisationFactory(name="Withdrawn-opisto")
    for project in (a, b, c):
        MembershipFactory(project=project, organisation=x)
        MembershipFactory(project=project, organisation=y)
    MembershipFactory(project=a, organisation=lead, role=MembershipRole.LEAD)
    MembershipFactory(project=c, organisation=foreign)
    MembershipFactory(
        project=b,
        organisation=withdrawn,
        status=MembershipStatus.WITHDRAWN,
        joined_on=TODAY - timedelta(days=60),
        left_on=TODAY - timedelta(days=3),
    )
    MembershipFactory(project=d, organisation=x)
    MembershipFactory(project=e, organisation=x)

    first = OutputFactory(project=a)
    DisseminationEventFactory(output=first, reach=30)
    DisseminationEventFactory(output=first, reach=20)
    OutputFactory(project=a)
    DisseminationEventFactory(output=OutputFactory(project=a, hidden=True), reach=100)
    OutputFactory(project=c)
    DisseminationEventFactory(output=OutputFactory(project=d), reach=1000)
    DisseminationEventFactory(output=OutputFactory(project=e), reach=1000)

    MobilityFactory(project=a, sending_organisation=x, participants=5)
    MobilityFactory(project=b, sending_organisation=x, participants=3)
    MobilityFactory(project=d, sending_organisation=x, participants=50)
    MobilityFactory(project=e, sending_organisation=x, participants=50)

    store_statuses([a], TODAY, {"rules": Status.RED})
    store_statuses([b], TODAY, {"rules": Status.AMBER, "meetings": Status.NOT_IN_USE})
    HealthSnapshot.objects.filter(project=b, key="tasks").delete()  # an item not stored has no data
    store_statuses([d, e], TODAY, {"rules": Status.RED, "meetings": Status.RED})
    world.programme, world.projects = programme, {"A": a, "B": b, "C": c, "D": d, "E": e}
    world.organisations = {"X": x, "Y": y, "L": lead, "F": foreign}
    return world


def _url(programme, **query):
    url = reverse("home:programme", kwargs={"code": programme.code})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_the_figures_match_a_hand_count(programme_world, client):
    sign_in(client, programme_world.funder)
    figures = client.get(_url(programme_world.programme)).context["figures"]
    assert figures.projects == 3  # A, B, C: not D (closed), not E (another programme)
    assert figures.totals == {
        "members": 8,  # A: X, Y, L; B: X, Y (W withdrawn); C: X, Y, F
        "organisations": 4,  # X, Y, L, F
        "education_providers": 2,  # X, L (F is foreign, Y a company)
        "new_to_international": 1,  # X, once for its three projects (F is not domestic)
        "outputs": 3,  # A's two shown, C's one (A's hidden one left out)
        "events": 2,
        "reach": 50,  # 30 + 20
        "mobilities": 2,
        "mobility_participants": 8,  # 5 + 3
    }
    assert figures.with_statuses == 2  # A and B; C has none
    rows = {row.key: dict(row.counts) | {"none": row.no_statuses} for row in figures.distribution}
    assert rows["rules"] == {"green": 0, "amber": 1, "red": 1, "no_data": 0, "not_in_use": 0, "none": 1}
    assert rows["meetings"] == {"green": 1, "amber": 0, "red": 0, "no_data": 0, "not_in_use": 1, "none": 1}
    assert rows["tasks"] == {"green": 1, "amber": 0, "red": 0, "no_data": 1, "not_in_use": 0, "none": 1}
    for key in set(ITEMS) - {"rules", "meetings", "tasks"}:
        assert rows[key] == {"green": 2, "amber": 0, "red": 0, "no_data": 0, "not_in_use": 0, "none": 1}, key


def test_the_page_shows_the_figures(programme_world, client):
    sign_in(client, programme_world.funder)
    body = client.get(_url(programme_world.programme)).content.decode()
    figures = dict(re.findall(r'data-figure="(\w+)">([^<]*)<', body))
    assert figures["members"] == "8" and figures["organisations"] == "4" and figures["reach"] == "50"
    rules = re.search(r'<tr data-item="rules">(.*?)</tr>', body, re.S).group(1)
    assert re.findall(r'data-status="(\w+)">(\d+)<', rules) == [
        ("green", "0"),
        ("amber", "1"),
        ("red", "1"),
        ("no_data", "0"),
        ("not_in_use", "0"),
        ("none", "1"),
    ]


def test_closed_projects_are_counted_when_asked_for(programme_world, client):
    sign_in(client, programme_world.funder)
    figures = client.get(_url(programme_world.programme, include_closed="on")).context["figures"]
    assert figures.projects == 4
    assert figures.totals["members"] == 9 and figures.totals["organisations"] == 4
    assert figures.totals["reach"] == 1050 and figures.totals["mobility_participants"] == 58
    rules = next(row for row in figures.distribution if row.key == "rules")
    assert dict(rules.counts)["red"] == 2


def test_overcommitted_organisations(programme_world, client, settings):
    sign_in(client, programme_world.funder)
    settings.PROGRAMME_OVERCOMMITMENT_PROJECTS = 3
    figures = client.get(_url(programme_world.programme)).context["figures"]
    x = programme_world.organisations["X"]
    assert figures.overcommitted == [(x.name, x.pk, 4)]  # A, B, C and E (another programme); not D (closed)
    settings.PROGRAMME_OVERCOMMITMENT_PROJECTS = 2
    figures = client.get(_url(programme_world.programme)).context["figures"]
    y = programme_world.organisations["Y"]
    assert figures.overcommitted == [(x.name, x.pk, 4), (y.name, y.pk, 3)]


def test_the_page_lists_the_most_overcommitted_and_says_how_many_are_over_the_limit(
    programme_world, client, settings, monkeypatch
):
    sign_in(client, programme_world.funder)
    settings.PROGRAMME_OVERCOMMITMENT_PROJECTS = 2
    monkeypatch.setattr(programme_aggregates, "OVERCOMMITTED_SHOWN", 1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(_url(programme_world.programme))
    x = programme_world.organisations["X"]
    figures = response.context["figures"]
    assert figures.overcommitted == [(x.name, x.pk, 4)] and figures.overcommitted_total == 2
    assert "The 1 organisations with the most projects are listed; 2 organisations are over the limit in all." in (
        response.content.decode()
    )


def test_the_maps_and_their_table_show_the_same_figures(programme_world, client):
    sign_in(client, programme_world.funder)
    response = client.get(_url(programme_world.programme))
    body = response.content.decode()
    maps = re.findall(r'<svg class="region-map".*?</svg>', body, re.S)
    assert len(maps) == 2
    codes = set(outlines()["regions"])
    assert codes == set(Region.values) and len(codes) == 19
    for svg in maps:
        assert 'role="img"' in svg and 'viewBox="' in svg and 'width="100%"' in svg
        assert set(re.findall(r'data-region="([A-Z0-9-]+)"', svg)) == codes
    shade = {
        mode: {code: css for css, code in re.findall(r'class="(shade-\w+)" data-region="([A-Z0-9-]+)"', svg)}
        for mode, svg in zip(("projects", "red"), maps, strict=True)
    }
    # Projects: Uusimaa 2 (shade "2–3"), Lapland 1 (D closed), the others none.
    assert shade["projects"]["FI-18"] == "shade-2" and shade["projects"]["FI-10"] == "shade-1"
    assert {css for code, css in shade["projects"].items() if code not in ("FI-18", "FI-10")} == {"shade-0"}
    # Red: Uusimaa 1 of 2 with statuses is red (50 %); Lapland's C has no statuses: hatched, as every empty region.
    assert shade["red"]["FI-18"] == "shade-2"
    assert {css for code, css in shade["red"].items() if code != "FI-18"} == {"shade-none"}
    assert "<title>Uusimaa: 2 hanketta</title>" in maps[0]
    table = {figure.code: figure for figure in response.context["figures"].regions}
    assert (table["FI-18"].projects, table["FI-18"].with_statuses, table["FI-18"].with_red) == (2, 2, 1)
    assert table["FI-18"].red_share == 50
    assert (table["FI-10"].projects, table["FI-10"].red_share) == (1, None)
    row = re.search(r'<tr data-region="FI-18">(.*?)</tr>', body, re.S).group(1)
    assert re.findall(r'<td class="text-end">([^<]*)</td>', row) == ["2", "2", "1", "50 %"]
    assert sum(figure.projects for figure in table.values()) == 3


def test_the_same_queries_at_3_and_30_projects(programme_world, client, settings):
    """Counting the figures (the stored ones too old) costs the same queries at 3 and at 30 projects, and so does
    reading the stored ones, fewer (home.figures)."""
    sign_in(client, programme_world.funder)
    url = _url(programme_world.programme)
    client.get(url)
    max_age = timedelta(seconds=settings.PROGRAMME_FIGURES_MAX_AGE)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return response.context["figures"].projects, len(captured)

    stored_small = queries()
    with time_machine.travel(NOW + max_age, tick=False):
        counted_small = queries()
    grown = many_projects(27, programme=programme_world.programme, region=Region.PIRKANMAA)
    x = programme_world.organisations["X"]
    for project in grown:
        MembershipFactory(project=project, organisation=x)
        OutputFactory(project=project)
        MobilityFactory(project=project, sending_organisation=x)
    store_statuses(grown[:10], TODAY, {"rules": Status.RED})
    store_statuses(grown[10:], TODAY)
    with time_machine.travel(NOW + 2 * max_age, tick=False):
        counted_grown = queries()
        stored_grown = queries()
    assert (stored_small[0], counted_small[0], counted_grown[0], stored_grown[0]) == (3, 3, 30, 30)
    assert counted_grown[1] == counted_small[1]
    assert stored_grown[1] == stored_small[1] < counted_small[1]
    assert counted_small[1] <= 15, counted_small


@pytest.mark.parametrize(
    ("language", "heading", "closed"),
    [
        ("fi", "Koosteluvut: Käsinlaskettu ohjelma", "Päättyneet hankkeet"),
        ("sv", "Sammanställning: Internationalisering", "Avslutade projekt"),
        ("en", "Aggregates: Internationalisation", "Closed projects"),
    ],
)
def test_the_page_in_each_language(programme_world, client, settings, language, heading, closed):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sign_in(client, programme_world.funder)
    body = client.get(_url(programme_world.programme)).content.decode()
    assert heading in body and closed in body


def test_the_chooser_lists_the_programmes_and_the_overview_links_to_it(programme_world, client):
    sign_in(client, programme_world.funder)
    body = client.get(reverse("home:programmes")).content.decode()
    assert reverse("home:programme", kwargs={"code": "kv-hand"}) in body
    assert reverse("home:programmes") in client.get(reverse("home:overview")).content.decode()


def test_an_unknown_programme_is_404(programme_world, client):
    sign_in(client, programme_world.funder)
    assert client.get(reverse("home:programme", kwargs={"code": "no-such"})).status_code == 404


def test_bad_filters_keep_the_page(programme_world, client):
    sign_in(client, programme_world.funder)
    response = client.get(_url(programme_world.programme, phase="nonsense", cohort="x"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["figures"].projects == 3


def test_the_figures_are_computed_for_a_programme_without_projects(world):
    figures = programme_aggregates.compute(ProgrammeFactory(), {})
    assert figures.projects == 0 and figures.totals["members"] == 0 and figures.overcommitted == []
    assert all(row.no_statuses == 0 for row in figures.distribution)


def test_the_demo_shows_a_programme_with_two_projects_in_two_regions(client):
    call_command("seed_demo", password="demo-pass-1234")
    # The demo's figures are stored (home.figures): every programme's unfiltered view, counted today.
    assert set(
        ProgrammeFigures.objects.filter(filters_key="", computed_on=TODAY).values_list("programme__code", flat=True)
    ) == set(Programme.objects.values_list("code", flat=True))
    sign_in(client, User.objects.get(email="arvioija@demo.networkhub.fi"))
    chooser = client.get(reverse("home:programmes")).content.decode()
    url = reverse("home:programme", kwargs={"code": "tyoelama-2025"})
    assert url in chooser
    figures = client.get(url).context["figures"]
    assert figures.projects == 2 and figures.with_statuses == 2  # BRO and POLKU, statuses from the daily run
    regions = {figure.code: figure.projects for figure in figures.regions if figure.projects}
    assert regions == {Region.OSTROBOTHNIA: 1, Region.SOUTH_KARELIA: 1}
    assert figures.totals["members"] >= figures.totals["organisations"] > 0
    assert figures.totals["outputs"] > 0
