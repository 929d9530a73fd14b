"""The network map ("met and worked together"): a small network built by hand, its ties counted as kinds
(multiplexity), the densities per kind and of multiplex ties, Freeman's degree centralisation, the weakly tied,
the drawing and its table, and the figures it adds to items 5 and 10. The page, its filter, its comparison and
its exports are at the end."""

import csv
import io
import re
from datetime import date, timedelta
from xml.etree import ElementTree

import networkx as nx
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from commitments import services
from commitments.models import LetterVersion, Task
from health.items import coordinator_active, partners_involved
from health.network_map import degree_centralisation, map_data, network_map
from health.panel import NamedFact, Status
from meetings.models import Attendance
from partners.models import MembershipRole, MembershipStatus, OrganisationType
from tests.commitments.helpers import publish_rules
from tests.factories import (
    ContactFactory,
    DisseminationEventFactory,
    ForeignOrganisationFactory,
    GoalFactory,
    OutputFactory,
    UserFactory,
    sign_in,
)
from tests.meetings.factories import ActionItemFactory, HeldMeetingFactory

from .helpers import TODAY, at, founding_members, member

pytestmark = pytest.mark.django_db


def _letter_with_goal(membership, coordinator, goal):
    """A sent letter with one task towards `goal`."""
    version = services.save_draft(
        membership,
        LetterVersion(
            language="fi",
            contact=membership.organisation.contacts.first(),
            management_name="Riitta Rehtori",
            management_title="Rehtori",
            management_email=f"rehtori{membership.pk}@example.org",
            period_start=date(2026, 8, 1),
            period_end=date(2028, 7, 31),
        ),
        actor=coordinator,
    )
    Task.objects.create(version=version, title="Liikkuvuusjaksot", goal=goal, deadline=date(2027, 5, 31))
    return services.send_version(version, actor=coordinator)


def _attend(meeting, memberships, status="present"):
    for membership in memberships:
        Attendance.objects.create(
            meeting=meeting,
            contact=membership.organisation.contacts.first(),
            status=status,
            proxy_name="Sijainen" if status == "proxy" else "",
        )


@pytest.fixture
def small(world):
    """Lead L, A, business B, foreign C, and D who does nothing with anyone.

    Ties: two meetings (L A B C; then L A, B by proxy), a goal in L's and A's letters, action items of
    the first meeting for A and C, an output naming no contributors recorded by L's contact and disseminated
    by A's. A meeting older than the map's year (L and D) and D's absence count for nothing.

    Kinds per pair: L-A 3 (meetings, goals, outputs), A-C 2 (meetings, actions), the other four pairs among
    L A B C 1 (meetings). Strengths: L 5, A 6, B 3, C 4, D 0.
    """
    lead = founding_members(world, 1)[0]
    lead.role = MembershipRole.LEAD
    lead.save()
    a = member(world.project, "Alfa-opisto")
    b = member(world.project, "Beeta Oy", org_type=OrganisationType.COMPANY, business_id="0112038-9")
    c = member(world.project, "Gamma Kool", organisation_factory=ForeignOrganisationFactory)
    d = member(world.project, "Delta ry", org_type=OrganisationType.NGO, new_to_international=True)
    first = HeldMeetingFactory(project=world.project, start=at(TODAY - timedelta(days=30)))
    _attend(first, [lead, a, b, c])
    _attend(first, [d], "absent")
    second = HeldMeetingFactory(project=world.project, start=at(TODAY - timedelta(days=10)))
    _attend(second, [lead, a])
    _attend(second, [b], "proxy")
    _attend(HeldMeetingFactory(project=world.project, start=at(TODAY - timedelta(days=400))), [lead, d])
    goal = GoalFactory(project=world.project)
    publish_rules(world.project, world.coordinator)
    _letter_with_goal(lead, world.coordinator, goal)
    _letter_with_goal(a, world.coordinator, goal)
    ActionItemFactory(meeting=first, owner_organisation=a.organisation)
    ActionItemFactory(meeting=first, owner_organisation=c.organisation)
    colleague = UserFactory(email="alfa@example.org")
    ContactFactory(organisation=a.organisation, user=colleague, email=colleague.email)
    output = OutputFactory(project=world.project, created_by=world.partner)  # the lead's contact
    DisseminationEventFactory(output=output, created_by=colleague)
    return {"L": lead, "A": a, "B": b, "C": c, "D": d, "first": first, "second": second}


def _weights(result, small):
    name = {membership.organisation_id: key for key, membership in small.items() if key in "LABCD"}
    return {
        "".join(sorted((name[first], name[second]))): (weight, tie.meetings, tie.goals, tie.actions, tie.outputs)
        for first, second, weight in result.graph.edges(data="weight")
        for tie in [result.graph[first][second]["tie"]]
    }


def test_ties_count_kinds_not_occasions(world, small):
    result = network_map(world.project)
    assert set(result.graph.nodes) == {small[key].organisation_id for key in "LABCD"}
    # strength (kinds), then the occasions: meetings, goals, action items, outputs
    assert _weights(result, small) == {
        "AL": (3, 2, 1, 0, 1),
        "BL": (1, 2, 0, 0, 0),  # two meetings together are one kind
        "CL": (1, 1, 0, 0, 0),
        "AB": (1, 2, 0, 0, 0),
        "AC": (2, 1, 0, 1, 0),
        "BC": (1, 1, 0, 0, 0),
    }
    assert [result.strength(small[key].organisation_id) for key in "LABCD"] == [5, 6, 3, 4, 0]
    assert result.strongest(small["L"].organisation_id) == [("Alfa-opisto", 3), ("Beeta Oy", 1), ("Gamma Kool", 1)]


def test_densities_centralisation_and_weak_ties(world, small, settings):
    result = network_map(world.project)
    assert result.density == 60  # 6 of 10 pairs by any kind
    assert [result.kind_density(kind) for kind in ("meetings", "goals", "actions", "outputs")] == [60, 10, 10, 10]
    assert (result.multiplex_ties, result.multiplex_density) == (2, 20)  # L-A and A-C
    assert result.centralisation == 0.25  # degrees 3 3 3 3 0: (0 + 0 + 0 + 0 + 3) / (4 * 3)
    assert result.lead == small["L"]
    assert result.lead_reach == 3
    assert result.weak == [small["D"]]  # no ties; the median member's strength is 4, the floor 2
    settings.NETWORK_WEAK_TIE_SHARE = 90  # below 3.6: B's 3 is weak too
    assert network_map(world.project).weak == [small["B"], small["D"]]  # lead first, then by name


def test_freeman_centralisation_of_a_star_a_ring_and_a_complete_network():
    assert degree_centralisation(nx.star_graph(5)) == 1  # one member tied to the 5 others, no one else tied
    assert degree_centralisation(nx.cycle_graph(6)) == 0  # an even ring
    assert degree_centralisation(nx.complete_graph(5)) == 0
    assert degree_centralisation(nx.empty_graph(4)) == 0  # no ties: nothing is central
    assert degree_centralisation(nx.path_graph(2)) is None  # undefined for fewer than three members
    path = nx.path_graph(4)  # degrees 1 2 2 1: (1 + 0 + 0 + 1) / (3 * 2)
    assert degree_centralisation(path) == 0.33


def test_one_plenary_does_not_saturate_the_multiplex_density(world):
    lead = founding_members(world, 1)[0]
    others = [member(world.project, f"Jäsen {index}") for index in range(7)]
    plenary = HeldMeetingFactory(project=world.project, start=at(TODAY - timedelta(days=5)))
    _attend(plenary, [lead, *others])
    result = network_map(world.project)
    assert result.density == 100  # everyone met everyone once
    assert (result.multiplex_ties, result.multiplex_density) == (0, 0)  # but no two did anything else together
    assert result.centralisation == 0  # an even network
    assert result.weak == []


def test_the_filter_by_kind(world, small):
    meetings = network_map(world.project, kinds=["meetings"])
    assert meetings.kinds == ("meetings",)
    assert meetings.density == 60 and meetings.multiplex_density is None  # one kind: no multiplex ties
    assert {weight for _a, _b, weight in meetings.graph.edges(data="weight")} == {1}
    worked = network_map(world.project, kinds=["outputs", "goals", "unknown"])
    assert worked.kinds == ("goals", "outputs")
    assert _weights(worked, small) == {"AL": (2, 2, 1, 0, 1)}
    assert (worked.density, worked.multiplex_density) == (10, 10)
    assert worked.centralisation == 0.25  # degrees 1 1 0 0 0: (0 + 0 + 1 + 1 + 1) / (4 * 3)
    assert worked.weak == [small["B"], small["D"], small["C"]]  # the median strength is 0: no ties are weak
    assert network_map(world.project, kinds=["unknown"]).kinds == ("meetings", "goals", "actions", "outputs")


def test_co_authors_of_an_output_are_tied(world, small):
    output = OutputFactory(project=world.project, created_by=world.partner)  # recorded by L's contact
    output.contributors.set([small["B"].organisation, small["C"].organisation])
    DisseminationEventFactory(output=output, created_by=world.partner)
    result = network_map(world.project)
    assert _weights(result, small)["BC"] == (2, 1, 0, 0, 1)  # the co-authors, not who typed it in
    assert _weights(result, small)["AL"] == (3, 2, 1, 0, 1)  # the output without contributors still counts


def test_the_map_as_of_a_past_date_and_without_a_withdrawn_member(world, small):
    before_second = network_map(world.project, TODAY - timedelta(days=20))
    # only the first meeting: the letters and the output came later
    assert _weights(before_second, small)["AL"] == (1, 1, 0, 0, 0)
    small["B"].status, small["B"].left_on = MembershipStatus.WITHDRAWN, TODAY - timedelta(days=1)
    small["B"].save()
    result = network_map(world.project)
    assert small["B"].organisation_id not in result.graph
    assert result.density == 50  # L-A, L-C and A-C: 3 of the 6 pairs among L, A, C and D


def test_items_5_and_10_carry_the_figures(world, small, settings):
    with translation.override("en"):
        item5 = coordinator_active(world.project)
        item10 = partners_involved(world.project)
    assert (
        "On the network map the lead organisation, Kumppaniopisto, is tied to 3 of the 4 other members." in item5.facts
    )
    assert (
        "Degree centralisation 0.25 (0: every member is tied to as many others; 1: all ties run through one member)."
        in item5.facts
    )
    assert (
        "Met and worked together: 2 of 10 possible pairs of members are linked by two or more kinds of ties "
        "(multiplex density 20 %); 6 pairs by at least one kind (density 60 %)." in item10.facts
    )
    assert "Delta ry" not in " ".join(item10.facts)  # the names are a coordinator's fact
    assert (
        NamedFact(
            "Weakly tied or not tied on the network map: Delta ry.",
            "1 member is weakly tied or not tied on the network map.",
        )
        in item10.coordinator_facts
    )
    assert item10.status == Status.AMBER  # B and C took part (green), but D is weakly tied: amber
    settings.HEALTH_THRESHOLDS = {**settings.HEALTH_THRESHOLDS, "lead_ties": {"green": 100, "amber": 80}}
    assert coordinator_active(world.project).status == Status.RED  # 75 % of the others: below amber


def test_members_without_ties_and_a_lone_member(world):
    lead = founding_members(world, 1)[0]
    lead.role = MembershipRole.LEAD
    lead.save()
    with translation.override("en"):
        assert "network map" not in " ".join(coordinator_active(world.project).facts)  # one member: no map
        member(world.project, "Alfa-opisto")
        assert coordinator_active(world.project).facts[-1] == "The network map shows no ties between the members yet."
        data = map_data(world.project)
    assert (data["ties"], data["density"], data["centralisation"], data["weak"]) == (0, 0, None, 2)
    assert data["centralisation_text"] == "–"


def test_the_drawing_and_its_table(world, small):
    with translation.override("en"):
        data = map_data(world.project)
        html = Template('{% load network_map %}{% include "health/_network_map.html" %}').render(
            Context({"network_map": data})
        )
    svg = html[html.index('<svg class="network-map"') : html.index("</svg>", html.index("network-map-desc"))]
    assert 'role="img" aria-labelledby="network-map-title network-map-desc"' in svg
    assert '<title id="network-map-title">Network map on ' in svg
    assert "5 members; 6 of 10 possible pairs tied (density 60 %). Weakly tied or not tied: Delta ry." in svg
    assert svg.count("<line ") == 6
    assert len(re.findall(r"<rect x=\"[\d.]+\" y=\"[\d.]+\" width=\"22\"", svg)) == 1  # Gamma Kool abroad
    assert 'fill="#b02a37" font-weight="bold">Delta ry</text>' in svg  # the weakly tied in red, in words too
    assert "stroke-dasharray" in svg
    # the same data as a table
    assert re.search(
        r"<th scope=\"row\">Kumppaniopisto \(lead\)</th>.*?"
        r"<td data-label=\"Members tied to\" class=\"num text-end\">3</td>"
        r"<td data-label=\"Kinds of ties, summed\" class=\"num text-end\">5</td>\s*"
        r"<td data-label=\"Strongest partners \(kinds\)\">Alfa-opisto \(3\), Beeta Oy \(1\), Gamma Kool \(1\)</td>",
        html,
        re.S,
    )
    assert re.search(r"<th scope=\"row\">Delta ry \*</th>.*?<strong>no ties</strong>", html, re.S)
    assert "Two or more kinds of ties: 20 % (2 of 10 possible pairs of members)" in html
    assert "At least one kind of tie: 60 % (6 of 10 possible pairs of members)" in html
    assert "Met in meetings: 60 % (6 pairs)" in html
    assert "Degree centralisation: 0.25" in html


QUIET = "Quiet partners (absent from the last two meetings or nothing done in"
WEAK = "Weakly tied or not tied on the network map: Delta ry."


def test_a_partner_sees_counts_and_a_coordinator_names(world, small, english):
    english.force_login(world.partner)
    page = english.get(reverse("home:project", args=[world.project.pk])).content.decode()
    assert 'id="network-map-heading"' in page
    assert page.index('id="health-heading"') < page.index('id="network-map-heading"') < page.index('id="facts-heading"')
    assert "Met and worked together" in page
    assert WEAK not in page and QUIET not in page
    assert "Weakly tied or not tied: Delta ry" not in page  # nor in the drawing's description
    assert "#b02a37" not in page.split('id="network-map-heading"')[1].split("</svg>")[0]  # no red ring either
    assert "1 member is weakly tied or not tied on the network map." in page
    assert "1 member weakly tied or not tied" in page
    assert re.search(r"\d+ quiet partners? \(absent from the last two meetings", page)
    assert reverse("health:network_map", args=[world.project.pk]) not in page

    english.force_login(world.coordinator)
    page = english.get(reverse("home:project", args=[world.project.pk])).content.decode()
    assert WEAK in page and QUIET in page
    assert "Weakly tied or not tied: Delta ry." in page
    assert reverse("health:network_map", args=[world.project.pk]) in page


def test_query_count_does_not_grow_with_the_network(world, small, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        map_data(world.project)
    for index in range(20):
        extra = member(world.project, f"Lisäjäsen {index:02}")
        _attend(small["first"], [extra])
    with django_assert_max_num_queries(len(five.captured_queries)):
        data = map_data(world.project)
    assert data["members"] == 25 and data["ties"] > 100


# --- The page: filter by kind, two dates, bad input, the exports, its cost ------------------------------------


def _page(client, world, **params):
    return client.get(reverse("health:network_map", args=[world.project.pk]), params)


def _tie_rows(page):
    table = page[page.index('id="map-ties"') : page.index("</table>", page.index('id="map-ties"'))]
    return re.findall(r'<th scope="row" class="fw-normal">(.*?)</th><td data-label="Kinds of ties">(.*?)</td>', table)


def test_the_page_filters_by_kind(world, small, english):
    sign_in(english, world.coordinator)
    page = _page(english, world).content.decode()
    assert '<h1 class="h2 mb-1">Met and worked together</h1>' in page
    assert len(_tie_rows(page)) == 6
    assert "Freeman's degree centralisation" in page  # the help says what each number means
    page = _page(english, world, kinds=["goals", "outputs"]).content.decode()
    assert response_ok(page)
    assert "Kinds shown: Tasks towards the same goal, Outputs made together" in page
    assert _tie_rows(page) == [("Kumppaniopisto – Alfa-opisto", "Tasks towards the same goal, Outputs made together")]
    assert re.search(r'value="goals"[^>]*checked', page) and not re.search(r'value="meetings"[^>]*checked', page)
    assert "Degree centralisation: 0.25" in page and "Two or more kinds of ties: 10 %" in page
    # the export links keep the filter
    assert "/network-map/csv/?kinds=goals&amp;kinds=outputs" in page


def response_ok(page):
    return "<html" in page and "Server Error" not in page


def test_the_page_compares_two_dates(world, small, english, settings):
    settings.NETWORK_MAP_DAYS = 25  # the first meeting, 30 days ago, has left the window by today
    sign_in(english, world.coordinator)
    earlier = (TODAY - timedelta(days=20)).isoformat()
    for params in ({"compare": earlier}, {"as_of": earlier, "compare": TODAY.isoformat()}):
        page = _page(english, world, **params).content.decode()
        assert "From 13/10/2026 to 02/11/2026" in page
        assert "0 ties added" in page
        lost = page[page.index('id="ties-lost"') : page.index("</ul>", page.index('id="ties-lost"'))]
        assert re.findall(r"<li>(.*?)</li>", lost) == [
            "Alfa-opisto – Gamma Kool: Met in meetings",
            "Beeta Oy – Gamma Kool: Met in meetings",
            "Gamma Kool – Kumppaniopisto: Met in meetings",
        ]
        # the densities side by side: 6 of 10 pairs then, 3 of 10 now
        assert re.search(r"At least one kind of tie \(%\)</th><td[^>]*>60</td><td[^>]*>30</td>", page), (
            "the densities of the two dates"
        )
    page = _page(english, world, compare=earlier, kinds="goals").content.decode()
    added = page[page.index('id="ties-added"') : page.index("</ul>", page.index('id="ties-added"'))]
    assert "1 tie added" in page and "Alfa-opisto – Kumppaniopisto: Tasks towards the same goal" in added


def test_bad_dates_get_a_message_next_to_their_field(world, small, english):
    sign_in(english, world.coordinator)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = _page(english, world, as_of="2026-02-31", compare=tomorrow, kinds="nonsense")
    assert response.status_code == 200
    page = response.content.decode()
    as_of = page[page.index('id="div_id_as_of"') : page.index('id="div_id_compare"')]
    compare = page[page.index('id="div_id_compare"') :]
    assert "Enter a valid date." in as_of and 'value="2026-02-31"' in as_of  # the input is kept
    assert "The map cannot be drawn for a future date." in compare and f'value="{tomorrow}"' in compare
    assert "Select a valid choice." in page
    assert "The map on 02/11/2026" in page and len(_tie_rows(page)) == 6  # drawn with the defaults meanwhile


def test_the_graphml_export(world, small, client):
    sign_in(client, world.funder)  # the funder's reviewers may download it too
    client.cookies["django_language"] = "en"
    response = client.get(reverse("health:network_map_graphml", args=[world.project.pk]), {"kinds": "meetings"})
    assert response.status_code == 200
    filename = f"network-map-{world.project.acronym.lower()}.graphml"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    root = ElementTree.fromstring(response.content)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
    keys = {(key.get("for"), key.get("attr.name")): key.get("id") for key in root.findall("g:key", ns)}
    assert {("node", name) for name in ("Name", "Type", "Country", "Weakly tied")} <= set(keys)
    assert {("edge", "Kinds of ties"), ("edge", "Number of kinds"), ("graph", "Degree centralisation")} <= set(keys)
    graph = root.find("g:graph", ns)
    assert graph.get("edgedefault") == "undirected"
    nodes = graph.findall("g:node", ns)
    edges = graph.findall("g:edge", ns)
    assert len(nodes) == 5 and len(edges) == 6

    def value(element, name):
        kind = element.tag.rsplit("}", 1)[1]
        return element.find(f"g:data[@key='{keys[(kind, name)]}']", ns).text

    names = {node.get("id"): value(node, "Name") for node in nodes}
    assert sorted(names.values()) == ["Alfa-opisto", "Beeta Oy", "Delta ry", "Gamma Kool", "Kumppaniopisto"]
    assert all(edge.get("source") in names and edge.get("target") in names for edge in edges)
    assert {value(edge, "Kinds of ties") for edge in edges} == {"Met in meetings"}  # filtered, in words
    assert value(graph, "Degree centralisation") == "0.25"  # as the page writes it
    assert value(graph, "Date") == "02/11/2026"


def test_the_csv_export(world, small, english):
    sign_in(english, world.coordinator)
    response = english.get(reverse("health:network_map_csv", args=[world.project.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="network-map-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == [
        "Organisation",
        "Organisation",
        "Kinds of ties",
        "Number of kinds",
        "Met in meetings (occasions)",
        "Tasks towards the same goal (occasions)",
        "Action items from the same meeting (occasions)",
        "Outputs made together (occasions)",
    ]
    assert len(rows) == 7
    assert [
        "Kumppaniopisto",
        "Alfa-opisto",
        "Met in meetings, Tasks towards the same goal, Outputs made together",
        "3",
        "2",
        "1",
        "0",
        "1",
    ] in rows


def test_the_page_costs_the_same_at_two_sizes(world, small, english, django_assert_num_queries):
    sign_in(english, world.coordinator)
    earlier = (TODAY - timedelta(days=20)).isoformat()
    with django_assert_num_queries(PAGE_QUERIES):
        assert _page(english, world, compare=earlier).status_code == 200
    for index in range(20):
        _attend(small["first"], [member(world.project, f"Lisäjäsen {index:02}")])
    with django_assert_num_queries(PAGE_QUERIES):
        page = _page(english, world, compare=earlier).content.decode()
    assert len(_tie_rows(page)) > 100


PAGE_QUERIES = 21  # the session and user, the project, and the map on each of the two dates (with the amended tasks)
