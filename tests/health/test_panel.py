"""The health panel on the project home: first section, words not colours, actions for those who may act,
trend lines from the weekly snapshots, and a query count that does not grow with the network."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from commitments import services
from health.snapshots import dashboard_panel, take_snapshots
from health.templatetags.health_tags import sparkline
from meetings.models import Attendance
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import add_members, sign_in
from tests.health.helpers import TODAY, at, founding_members, letter, sign
from tests.meetings.factories import HeldMeetingFactory

pytestmark = pytest.mark.django_db


def _page(client, user, project):
    sign_in(client, user)
    response = client.get(reverse("home:project", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_is_the_first_section_with_status_words(world, english):
    founding_members(world, 3)
    page = _page(english, world.coordinator, world.project)
    main = page[page.index('id="main"') :]
    assert main.index('id="health-heading"') < main.index('id="facts-heading"')
    items = re.findall(r'data-health-item="(\w+)" data-health-status="(\w+)"', page)
    assert [key for key, _status in items] == settings.HEALTH_ITEM_KEYS  # the twelve, in their order
    # Every status is said in words, not by colour alone.
    assert page.count('<span class="visually-hidden">Status: </span>Red') >= 1
    assert '<span class="visually-hidden">Status: </span>Not enough data' in page  # no meeting yet
    assert "Missing: Jäsen A, Jäsen B, Kumppaniopisto." in page  # nobody signed: the facts name them


def test_partners_see_the_facts_without_the_coordinators_actions(world, english):
    founding_members(world, 2)
    publish_rules(world.project, world.coordinator)
    coordinator_page = _page(english, world.coordinator, world.project)
    partner_page = _page(english, world.partner, world.project)
    overview = reverse("commitments:overview", args=[world.project.pk])
    assert f'href="{overview}">Send the commitment letters</a>' in coordinator_page
    assert "Send the commitment letters" not in partner_page
    assert "The management of 0 of 2 members has signed the commitment letter." in partner_page


def test_green_items_offer_no_action(world):
    (membership,) = founding_members(world, 1)
    publish_rules(world.project, world.coordinator)
    letter(membership, world.coordinator, sent=TODAY - timedelta(days=300), contact=TODAY - timedelta(days=300))
    with translation.override("en"):
        rows = {row.item.key: row for row in dashboard_panel(world.project, may_act=True)}
    assert rows["rules"].item.status == "green" and not rows["rules"].show_action
    assert rows["management"].item.status == "red" and rows["management"].show_action


def test_trend_lines_come_from_the_weekly_snapshots(world, english):
    founding_members(world, 2)
    HeldMeetingFactory(project=world.project, start=at(TODAY - timedelta(days=40)))
    for weeks in (3, 2, 1):
        take_snapshots(TODAY - timedelta(weeks=weeks))
    rows = {row.item.key: row for row in dashboard_panel(world.project, may_act=True)}
    assert [value for _day, value, _status in rows["meetings"].trend] == [19, 26, 33, 40]
    page = _page(english, world.coordinator, world.project)
    assert (
        '<svg class="sparkline" role="img" aria-label="Trend, week by week: 19 days, 26 days, 33 days, 40 days."'
        in page
    )


@pytest.fixture
def _english():
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("_english")
def test_sparkline_svg():
    svg = str(sparkline([(None, 20, "red"), (None, None, "no_data"), (None, 50, "amber"), (None, 100, "green")]))
    assert svg.startswith('<svg class="sparkline" role="img" aria-label="Trend, week by week: 20 %, 50 %, 100 %."')
    assert "<title>Trend, week by week: 20 %, 50 %, 100 %.</title>" in svg
    assert re.search(r'<polyline [^>]*points="3\.0,17\.4 48\.0,12\.0 93\.0,3\.0"', svg), svg
    assert "<script" not in svg and "style=" not in svg  # no JavaScript, nothing the CSP would block
    assert sparkline([(None, 20, "red")]) == ""  # one point is no line
    assert "5 actions" in str(sparkline([(None, 5, "green"), (None, 5, "green")], "actions"))  # a flat line


def _grow(project, coordinator, count):
    """Members with sent letters (half of them signed by the contact), a held meeting each attended."""
    memberships = add_members(project, count)
    for index, membership in enumerate(memberships):
        version = services.send_version(draft_letter(membership, coordinator), actor=coordinator)
        if index % 2:
            sign(version, "contact")
    meeting = HeldMeetingFactory(project=project, start=at(TODAY - timedelta(days=10)))
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, contact=m.organisation.contacts.first(), status="present") for m in memberships
    )


# The project home's queries, the health panel's and the network map's included, whatever the size of the network.
DASHBOARD_QUERIES = 58  # 38, the map (+3), items 7-9 and 11 (+10), current members in the counts (+1), amendments (+1),
# invitations to the last two meetings (item 10, +1), the tasks' follow-through (item 3, +1),
# the motivation log (item 10, +1), contributions (items 9 and 10, +2)


def test_dashboard_query_count_is_the_same_at_5_and_50_members(world, client, django_assert_max_num_queries):
    publish_rules(world.project, world.coordinator)
    _grow(world.project, world.coordinator, 4)  # 5 members with the world's own
    take_snapshots(TODAY - timedelta(weeks=1))
    client.force_login(world.coordinator)
    url = reverse("home:project", args=[world.project.pk])
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as five:
        assert client.get(url).status_code == 200
    _grow(world.project, world.coordinator, 45)  # 50 members
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as fifty:
        response = client.get(url)
    assert response.status_code == 200
    assert len(fifty.captured_queries) == len(five.captured_queries)
    assert response.context["commitments"]["counts"]["members"] == 50
    assert len(response.context["health"]) == 12
    assert response.context["network_map"]["members"] == 50  # the map's nodes, drawn from the panel's members
