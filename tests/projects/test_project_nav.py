"""The project's navigation: at most five groups as tabs, the current group's pages as a second row, and one
disclosure menu on phones; the current page is marked with aria-current="page"."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav(page):
    return re.search(r'<nav aria-label="Project sections".*?</nav>', page, re.S).group(0)


def _tabs(nav):
    tabs = re.search(r'<ul class="nav nav-tabs project-tabs">(.*?)</ul>', nav, re.S).group(1)
    return re.findall(r'<a class="nav-link( active)?" href="([^"]+)"(?: aria-current="(\w+)")?>([^<]+)</a>', tabs)


def _subnav(nav):
    found = re.search(r'<ul class="nav project-subnav">(.*?)</ul>', nav, re.S)
    if not found:
        return []
    return re.findall(
        r'<a class="nav-link( active)?" href="([^"]+)"(?: aria-current="(\w+)")?>([^<]+)</a>', found.group(1)
    )


def _get(client, user, url):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return _nav(client.get(url).content.decode())


def test_a_coordinator_sees_five_groups_and_the_current_groups_pages(world, client):
    nav = _get(client, world.coordinator, reverse("partners:list", args=[world.project.pk]))
    tabs = _tabs(nav)
    assert [label for *_rest, label in tabs] == ["Overview", "Network", "Meetings", "Reports", "Settings"]
    assert [(active, current) for active, _url, current, label in tabs if label == "Network"] == [(" active", "true")]
    sub = _subnav(nav)
    assert [label for *_rest, label in sub] == ["Members", "Directory", "Commitments"]
    assert sub[0][2] == "page" and nav.count('aria-current="page"') == 2  # the wide row and the phone menu


def test_a_partner_sees_the_three_shared_groups(world, client):
    nav = _get(client, world.partner, reverse("home:project", args=[world.project.pk]))
    assert [label for *_rest, label in _tabs(nav)] == ["Overview", "Network", "Meetings"]
    assert reverse("reports:list", args=[world.project.pk]) not in nav
    assert reverse("projects:edit", args=[world.project.pk]) not in nav


def test_a_page_inside_a_section_marks_its_group_and_section(world, client):
    nav = _get(client, world.coordinator, reverse("commitments:settings", args=[world.project.pk]))
    assert [label for active, *_rest, label in _tabs(nav) if active] == ["Network"]
    sub = _subnav(nav)
    assert [(label, current) for active, _url, current, label in sub if active] == [("Commitments", "true")]
    assert 'aria-current="page"' not in nav  # the settings page itself is not in the menu


def test_a_group_of_one_page_is_its_own_tab(world, client):
    nav = _get(client, world.coordinator, reverse("reports:list", args=[world.project.pk]))
    assert [(label, current) for active, _url, current, label in _tabs(nav) if active] == [("Reports", "page")]
    assert _subnav(nav) == []


def test_the_phone_menu_is_a_disclosure_listing_every_page(world, client):
    nav = _get(client, world.coordinator, reverse("meetings:actions", args=[world.project.pk]))
    menu = re.search(r"<details.*?</details>", nav, re.S).group(0)
    assert "<summary" in menu and "Project sections: Action items" in menu
    assert (
        len(re.findall(r"<a ", menu)) == 19
    )  # announcements, the motivation log (outreach) and the import wizard among the settings
