"""Each app declares what it contributes in one place (its AppConfig's `contributions`); the kernel assembles it."""

from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from networkhub import contributions, registry
from networkhub.contributions import LINK_ROLES, Contributions, NavEntry

# The project's navigation as the apps declare it: (group, URL name, providing app), in order.
EXPECTED_NAV = [
    ("overview", "home:project", "home"),
    ("overview", "results:list", "results"),
    ("overview", "pulse:results", "pulse"),
    ("network", "partners:list", "partners"),
    ("network", "partners:directory", "partners"),
    ("network", "commitments:overview", "commitments"),
    ("meetings", "meetings:list", "meetings"),
    ("meetings", "meetings:actions", "meetings"),
    ("meetings", "goals:review_list", "goals"),
    ("meetings", "goals:idea_list", "goals"),
    ("reports", "reports:list", "reports"),
    ("settings", "projects:edit", "projects"),
    ("settings", "goals:goals", "goals"),
    ("settings", "projects:coordinators", "projects"),
    ("settings", "projects:messages", "projects"),
]


def test_every_apps_navigation_entries_are_collected_in_order():
    assembled = [(p.value.group, p.value.url_name, p.app) for p in contributions.collected().nav]
    assert assembled == EXPECTED_NAV


def test_each_navigation_entry_and_each_link_role_leads_to_a_page():
    for provided in contributions.collected().nav:
        assert reverse(provided.value.url_name, args=[1]).startswith("/projects/1/")
    assert set(contributions.collected().links) == set(LINK_ROLES)
    assert contributions.link("project_home", 7) == "/projects/7/"
    assert contributions.link("project_list") == "/projects/"


def test_partners_see_three_groups_and_coordinators_five():
    assert [group.key for group, _entries in contributions.project_nav(False)] == ["overview", "network", "meetings"]
    assert [group.key for group, _entries in contributions.project_nav(True)] == [
        "overview",
        "network",
        "meetings",
        "reports",
        "settings",
    ]


def test_every_email_kind_of_every_app_is_collected_with_its_label():
    kinds = contributions.collected().message_kinds
    providers = {kind: provided.app for kind, provided in kinds.items()}
    assert {providers[kind] for kind in providers} == {
        "networkhub",
        "partners",
        "commitments",
        "meetings",
        "pulse",
        "reports",
    }
    assert providers["signature_request"] == "commitments"
    assert registry.message_kind_label("meeting_minutes") == kinds["meeting_minutes"].value


def _assemble(monkeypatch, declarations):
    monkeypatch.setattr(contributions, "_declarations", lambda: iter(declarations))
    return contributions.collected.__wrapped__()


def test_a_link_role_or_kind_provided_twice_fails_loudly(monkeypatch):
    twice = [
        ("alpha", Contributions(links={"project_list": "a:list"})),
        ("beta", Contributions(links={"project_list": "b:list"})),
    ]
    with pytest.raises(ImproperlyConfigured, match="provided by both alpha and beta"):
        _assemble(monkeypatch, twice)
    kinds = [("alpha", Contributions(message_kinds={"x": "X"})), ("beta", Contributions(message_kinds={"x": "Y"}))]
    with pytest.raises(ImproperlyConfigured, match="message kind 'x'"):
        _assemble(monkeypatch, kinds)


def test_an_unknown_group_or_role_fails_loudly(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="unknown group 'elsewhere'"):
        _assemble(monkeypatch, [("alpha", Contributions(nav=(NavEntry("elsewhere", 0, "a:list", "A"),)))])
    with pytest.raises(ImproperlyConfigured, match="unknown link role 'home'"):
        _assemble(monkeypatch, [("alpha", Contributions(links={"home": "a:home"}))])


def test_the_command_says_who_provides_what():
    out = StringIO()
    call_command("contributions", stdout=out)
    lines = [line.split() for line in out.getvalue().splitlines()]
    assert ["goals", "meetings", "20:", "Goal", "reviews", "(goals:review_list)"] in lines
    assert ["home", "project_home:", "home:project"] in lines
    assert ["commitments", "signature_request:", "Commitment", "letter", "for", "signing"] in lines
    assert ["goals", "goal_review_overdue:", "Goal", "review", "overdue"] in lines
    assert ["pulse", "pulse:", "Trust", "pulse", "survey"] in lines
