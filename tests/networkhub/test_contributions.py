"""Each app declares what it contributes in one place (its AppConfig's `contributions`); the kernel assembles it."""

import importlib
import importlib.util
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from health import panel as health_panel
from networkhub import contributions, privacy, registry, reminders
from networkhub.contributions import LINK_ROLES, Contributions, NavEntry

# The project's navigation as the apps declare it: (group, URL name, providing app), in order.
EXPECTED_NAV = [
    ("overview", "home:project", "home"),
    ("overview", "results:list", "results"),
    ("overview", "mobility:list", "mobility"),
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
    ("settings", "outreach:announcements", "outreach"),
    ("settings", "outreach:motivation", "outreach"),
    ("settings", "onboarding:wizard", "onboarding"),
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
        "accounts",
        "partners",
        "commitments",
        "meetings",
        "outreach",
        "pulse",
        "reports",
    }
    assert providers["signature_request"] == "commitments"
    assert providers["accessibility_feedback"] == "accounts"
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


# The reminder kinds and planners, link purposes, personal-data handlers and health items each app declares.
EXPECTED_REMINDER_KINDS = {
    "commitments": {"signature_unsigned", "link_expiring", "signature_escalation", "task_late", "task_late_escalation"},
    "meetings": {
        "meeting_upcoming",
        "invitation_unanswered",
        "minutes_unpublished",
        "action_item",
        "no_network_meeting",
    },
    "goals": {"goal_review_overdue"},
    "reports": {"report_deadline", "case_follow_up"},
    "home": {"quiet_partners"},
}
EXPECTED_PLANNERS = [
    "commitments.reminders.plan_late_tasks",
    "meetings.reminders.plan_meeting_invitations",
    "meetings.reminders.plan_poll_answers",
    "meetings.reminders.plan_minutes",
    "meetings.reminders.plan_action_items",
    "meetings.reminders.plan_network_meetings",
    "goals.reminders.plan_goal_reviews",
    "reports.reminders.plan_report_deadlines",
    "reports.reminders.plan_follow_ups",
    "home.reminders.plan_quiet_partner_digest",
]
EXPECTED_TOKEN_PURPOSES = {
    "partners": {"invitation"},
    "commitments": {"signature", "rules", "amendment"},
    "meetings": {"rsvp", "poll", "calendar_feed"},
    "pulse": {"pulse"},
}
# In INSTALLED_APPS order, lower apps first: erasure runs them in reverse (networkhub.privacy.erase_person).
EXPECTED_PERSONAL_DATA = [
    ("networkhub", "networkhub"),
    ("accounts", "accounts.accessibility"),
    ("accounts", "accounts.api_tokens"),
    ("projects", "projects"),
    ("partners", "partners"),
    ("commitments", "commitments"),
    ("meetings", "meetings"),
    ("outreach", "outreach"),
    ("goals", "goals"),
    ("pulse", "pulse"),
    ("reports", "reports"),
]
# The health panel's items by module, and the items other modules extend.
EXPECTED_HEALTH_ITEMS = {
    "health.items": {"rules", "application", "tasks", "management", "coordinator", "meetings", "partners"}
    | {"new_to_international"},
    "health.learning": {"learning"},
    "health.sharing": {"expertise", "dissemination"},
    "health.trust": {"trust"},
}
EXPECTED_HEALTH_EXTENSIONS = {
    "coordinator": ["health.network_map.lead_ties", "health.learning.idea_answer_time"],
    "partners": ["health.network_map.weakly_tied"],
    "new_to_international": ["health.mobility.first_mobilities"],
}


def _by_app(provided_by_key):
    result = {}
    for key, provided in provided_by_key.items():
        result.setdefault(provided.app, set()).add(key)
    return result


def test_every_apps_reminder_kinds_and_planners_are_collected_and_installed():
    assembled = contributions.collected()
    assert _by_app(assembled.reminder_kinds) == EXPECTED_REMINDER_KINDS
    assert [f"{p.value.__module__}.{p.value.__name__}" for p in assembled.planners] == EXPECTED_PLANNERS
    assert {p.app for p in assembled.planners} <= set(EXPECTED_REMINDER_KINDS)
    # What the engine runs is exactly what the apps declare.
    assert set(reminders.REGISTRY) == set(assembled.reminder_kinds)
    assert set(registry.REMINDER_KINDS) == set(assembled.reminder_kinds)
    assert [p.value for p in assembled.planners] == reminders.PLANNERS
    assert reminders.is_essential("signature_unsigned") and not reminders.is_essential("goal_review_overdue")


def test_every_apps_link_purposes_are_collected_and_installed():
    assembled = contributions.collected()
    assert _by_app(assembled.token_purposes) == EXPECTED_TOKEN_PURPOSES
    assert {value: p.app for value, p in assembled.token_purposes.items()} == registry.LINK_PURPOSE_PROVIDERS
    assert set(registry.LINK_PURPOSES) == set(assembled.token_purposes)


def test_every_personal_data_handler_of_every_app_is_collected_in_order():
    assembled = contributions.collected()
    assert [(p.app, p.value.name) for p in assembled.personal_data] == EXPECTED_PERSONAL_DATA
    installed = privacy.handlers()
    assert [handler.app for handler in installed] == [name for _app, name in EXPECTED_PERSONAL_DATA]
    for handler, provided in zip(installed, assembled.personal_data, strict=True):
        assert (handler.export, handler.erase) == (provided.value.export, provided.value.erase)


def test_every_app_with_personal_data_declares_a_handler():
    """An app with a privacy module (export and erase) has declared it."""
    declared = {p.value.export.__module__ for p in contributions.collected().personal_data}
    for config in apps.get_app_configs():
        if importlib.util.find_spec(f"{config.name}.privacy") is None or config.label == "privacy":
            continue
        module = importlib.import_module(f"{config.name}.privacy")
        if hasattr(module, "export") and hasattr(module, "erase"):
            assert module.__name__ in declared, f"{config.label} does not declare its personal-data handler"


def test_the_commitment_states_come_from_commitments():
    provided = contributions.collected().commitment_states
    assert (provided.app, provided.value.__module__, provided.value.__name__) == (
        "commitments",
        "commitments.overview",
        "state_labels",
    )
    assert contributions.commitment_states([]) == {}


def test_every_health_item_comes_from_a_declared_module():
    assembled = contributions.collected()
    declared = {p.value for p in assembled.health_items}
    assert {p.app for p in assembled.health_items} == {"health"}
    by_module = {}
    for key, entry in health_panel.ITEMS.items():
        by_module.setdefault(entry.compute.__module__, set()).add(key)
    assert by_module == EXPECTED_HEALTH_ITEMS
    assert set(by_module) <= declared
    extensions = {
        key: [f"{function.__module__}.{function.__name__}" for function in functions]
        for key, functions in health_panel.EXTENSIONS.items()
    }
    assert extensions == EXPECTED_HEALTH_EXTENSIONS
    assert {name.rsplit(".", 1)[0] for names in extensions.values() for name in names} <= declared


def test_a_reminder_kind_or_link_purpose_provided_twice_fails_loudly(monkeypatch):
    twice = [
        ("alpha", Contributions(token_purposes="meetings.models.TokenPurpose")),
        ("beta", Contributions(token_purposes="meetings.models.TokenPurpose")),
    ]
    with pytest.raises(ImproperlyConfigured, match="link purpose 'rsvp' is provided by both alpha and beta"):
        _assemble(monkeypatch, twice)
    twice = [
        ("alpha", Contributions(reminders="goals.reminders")),
        ("beta", Contributions(reminders="goals.reminders")),
    ]
    with pytest.raises(ImproperlyConfigured, match="reminder kind 'goal_review_overdue'"):
        _assemble(monkeypatch, twice)
    twice = [
        ("alpha", Contributions(commitment_states="commitments.overview.state_labels")),
        ("beta", Contributions(commitment_states="commitments.overview.state_labels")),
    ]
    with pytest.raises(ImproperlyConfigured, match="commitment states are provided by both alpha and beta"):
        _assemble(monkeypatch, twice)
    twice = [("goals", Contributions(personal_data=("goals.privacy", "goals.privacy")))]
    with pytest.raises(ImproperlyConfigured, match="handler 'goals' is declared twice"):
        _assemble(monkeypatch, twice)


def test_the_command_lists_every_kind_with_its_provider():
    out = StringIO()
    call_command("contributions", stdout=out)
    lines = [line.split() for line in out.getvalue().splitlines()]
    assert ["meetings", "meetings.reminders.plan_minutes"] in lines
    assert ["commitments", "rules:", "Rules", "acceptance"] in lines
    assert ["goals", "goals:", "goals.privacy.export,", "goals.privacy.erase"] in lines
    assert ["commitments", "commitments.overview.state_labels"] in lines
    assert ["health", "health.trust"] in lines


def test_report_sections_come_from_the_apps_that_declare_them():
    """The report names no feature app: it renders the sections the apps declare (results' use and continuation,
    mobility's tables), in INSTALLED_APPS order."""
    provided = contributions.collected().report_sections
    assert [(p.app, f"{p.value.__module__}.{p.value.__name__}") for p in provided] == [
        ("results", "results.report.report_section"),
        ("mobility", "mobility.queries.report_section"),
    ]
    assert contributions.report_sections() == [p.value for p in provided]


def test_message_sections_come_from_the_apps_that_declare_them():
    """The projects' Messages page names no feature app: it renders the sections the apps declare (the announcements
    of outreach)."""
    provided = contributions.collected().message_sections
    assert [(p.app, f"{p.value.__module__}.{p.value.__name__}") for p in provided] == [
        ("outreach", "outreach.queries.messages_section"),
    ]
