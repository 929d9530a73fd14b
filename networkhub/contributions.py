"""What each app contributes to the whole, declared in one place: the `contributions` of its AppConfig.

An app states, as one `Contributions` object on its AppConfig, everything it adds to the whole: its
project-navigation entries, the pages other apps may link to by role (the project home, the project list, the
programme overview), the kinds of e-mail it sends, its link-token purposes, its reminder kinds and planners, its
personal-data handlers (export and erasure), the commitment state of a membership (one app decides it) and the
modules that define the network-health panel's items. Whatever names an object that cannot be imported while the
app registry loads is given as a dotted path.

The kernel reads every installed app's declaration when asked (`collected()`, in INSTALLED_APPS order) and hands
the kernel's engines what they run (`install()`, from the kernel's ready(), after every model has loaded): nothing
depends on an app's ready() having imported a module for its side effects, and a lower app links to a higher
app's page by the role's name (`link("project_home", pk)`), never by the higher app's URL name.

`python manage.py contributions` prints everything assembled, with the app that provides it.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    coordinators_only: bool = False


# The project's sections, in the order of its tabs (tests/projects/test_project_nav.py).
NAV_GROUPS = (
    NavGroup("overview", _("Overview")),
    NavGroup("network", _("Network")),
    NavGroup("meetings", _("Meetings")),
    NavGroup("reports", _("Reports"), coordinators_only=True),
    NavGroup("settings", _("Settings"), coordinators_only=True),
)

# The pages other apps link to by role. Each is provided by exactly one app.
LINK_ROLES = {
    "project_home": "the project's home page (takes the project's pk)",
    "project_list": "the signed-in user's list of projects",
    "programme_overview": "the funder's programme overview",
    "two_factor_overview": "the signed-in user's two-factor sign-in page",
    "project_import": "bringing in an existing project: members, meetings, paper letters (takes the project's pk)",
}


@dataclass(frozen=True)
class NavEntry:
    """A page in the project's navigation: its group, its place in the group, its URL name (reversed with the
    project's pk) and its label."""

    group: str
    order: int
    url_name: str
    label: str


@dataclass(frozen=True)
class PersonalData:
    """A personal-data handler: its name (a key of the export) and the dotted paths of `export(person)` and
    `erase(person, token)`. An app whose handler is its own `<module>.export`/`.erase` just names the module."""

    name: str
    export: str
    erase: str


@dataclass(frozen=True)
class Contributions:
    nav: tuple = ()
    links: dict = field(default_factory=dict)  # role (LINK_ROLES) -> URL name
    message_kinds: dict = field(default_factory=dict)  # kind -> lazy label of the e-mails the app sends
    # Dotted paths of TextChoices classes: the purposes of the app's e-mailed links (networkhub.tokens).
    token_purposes: tuple | str = ()
    # Dotted path of a module with KINDS (`networkhub.reminders.kind(...)`) and PLANNERS (functions of `now`).
    reminders: str = ""
    # The app's personal-data handlers, in the order they export (erasure runs them in reverse, higher apps
    # first): dotted paths of modules with export/erase (the handler takes the app's label), or PersonalData.
    personal_data: tuple | str = ()
    # Dotted path of `function(memberships) -> {membership pk: state}`; at most one app provides it.
    commitment_states: str = ""
    # Dotted paths of the modules whose `@health.panel.item` and `@extend` functions make the health panel.
    health_items: tuple = ()
    # Dotted paths of `function(project, *, period_start, period_end, whole_project) -> dict | None`: sections the
    # app adds to the report. The dict is plain JSON data with the "template" that renders it (given the data as
    # `section`) and its "title"; None leaves the section out.
    report_sections: tuple = ()
    # Dotted paths of `function(project) -> dict | None`: sections the app adds to the project's Messages page
    # (the announcements it sent). The dict carries the "template" that renders it (given the dict as `section`).
    message_sections: tuple = ()
    # Goal measures the app counts (goals.models.GoalMeasure): measure -> dotted path of
    # `function(goals, as_of) -> {goal pk: number}`, the measured value of each of `goals` (of one project) on
    # `as_of`, for the goals of that measure. Each measure is counted by exactly one app.
    goal_measures: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Provided:
    app: str
    value: object


@dataclass(frozen=True)
class Handler:
    """A personal-data handler, resolved: name, export(person), erase(person, token)."""

    name: str
    export: object
    erase: object


@dataclass(frozen=True)
class Assembled:
    nav: tuple  # Provided(app, NavEntry), in group and order
    links: dict  # role -> Provided(app, URL name)
    message_kinds: dict  # kind -> Provided(app, label)
    token_purposes: dict = field(default_factory=dict)  # value -> Provided(app, label)
    reminder_kinds: dict = field(default_factory=dict)  # kind -> Provided(app, networkhub.reminders.Kind)
    planners: tuple = ()  # Provided(app, function(now)), in app order
    personal_data: tuple = ()  # Provided(app, Handler), in app order
    commitment_states: Provided | None = None  # Provided(app, function(memberships))
    health_items: tuple = ()  # Provided(app, module path)
    report_sections: tuple = ()  # Provided(app, function), in app order
    message_sections: tuple = ()  # Provided(app, function), in app order
    goal_measures: dict = field(default_factory=dict)  # measure -> Provided(app, function)


def _declarations():
    for config in apps.get_app_configs():
        declared = getattr(config, "contributions", None)
        if declared is not None:
            yield config.label, declared


def _check_nav(app, entry):
    if entry.group not in {group.key for group in NAV_GROUPS}:
        raise ImproperlyConfigured(f"{app}: navigation entry {entry.url_name!r} names an unknown group {entry.group!r}")


def _add_once(into, key, app, value, what):
    if key in into:
        raise ImproperlyConfigured(f"{what} {key!r} is provided by both {into[key].app} and {app}")
    into[key] = Provided(app, value)


def _paths(value):
    return (value,) if isinstance(value, str) else tuple(value)


def _handler(app, declared):
    if isinstance(declared, str):
        declared = PersonalData(app, f"{declared}.export", f"{declared}.erase")
    return Handler(declared.name, import_string(declared.export), import_string(declared.erase))


def _reminders(app, path, reminder_kinds, planners):
    module = import_module(path)
    for spec in module.KINDS:
        _add_once(reminder_kinds, spec.kind, app, spec, "The reminder kind")
    planners.extend(Provided(app, function) for function in getattr(module, "PLANNERS", ()))


@cache
def collected():
    """Every installed app's declaration, assembled once per process. Conflicts fail loudly.

    Dotted paths are imported here: call it once the app registry is ready."""
    nav, links, message_kinds = [], {}, {}
    token_purposes, reminder_kinds, planners, personal_data, health_items = {}, {}, [], [], []
    report_sections, message_sections, goal_measures = [], [], {}
    commitment_states = None
    for app, declared in _declarations():
        for entry in declared.nav:
            _check_nav(app, entry)
            nav.append(Provided(app, entry))
        for role, url_name in declared.links.items():
            if role not in LINK_ROLES:
                raise ImproperlyConfigured(f"{app}: unknown link role {role!r} (networkhub.contributions.LINK_ROLES)")
            _add_once(links, role, app, url_name, "The link role")
        for kind, label in declared.message_kinds.items():
            _add_once(message_kinds, kind, app, label, "The message kind")
        for path in _paths(declared.token_purposes):
            for member in import_string(path):
                _add_once(token_purposes, member.value, app, member.label, "The link purpose")
        if declared.reminders:
            _reminders(app, declared.reminders, reminder_kinds, planners)
        for entry in _paths(declared.personal_data):
            handler = _handler(app, entry)
            if any(provided.value.name == handler.name for provided in personal_data):
                raise ImproperlyConfigured(f"{app}: the personal-data handler {handler.name!r} is declared twice")
            personal_data.append(Provided(app, handler))
        if declared.commitment_states:
            if commitment_states is not None:
                raise ImproperlyConfigured(
                    f"The commitment states are provided by both {commitment_states.app} and {app}"
                )
            commitment_states = Provided(app, import_string(declared.commitment_states))
        health_items.extend(Provided(app, path) for path in declared.health_items)
        report_sections.extend(Provided(app, import_string(path)) for path in declared.report_sections)
        message_sections.extend(Provided(app, import_string(path)) for path in declared.message_sections)
        for measure, path in declared.goal_measures.items():
            _add_once(goal_measures, measure, app, import_string(path), "The goal measure")
    groups = [group.key for group in NAV_GROUPS]
    nav.sort(key=lambda provided: (groups.index(provided.value.group), provided.value.order))
    return Assembled(
        tuple(nav),
        links,
        message_kinds,
        token_purposes,
        reminder_kinds,
        tuple(planners),
        tuple(personal_data),
        commitment_states,
        tuple(health_items),
        tuple(report_sections),
        tuple(message_sections),
        goal_measures,
    )


def install():
    """Hand the kernel's engines what the apps declare: link purposes, reminder kinds and planners,
    personal-data handlers; and import the modules that define the health panel's items. Called once, from
    the kernel's ready() (every model has loaded by then; the other apps' ready() need not have run)."""
    from . import privacy, reminders, tokens

    assembled = collected()
    tokens.install_purposes({value: (p.app, p.value) for value, p in assembled.token_purposes.items()})
    for provided in assembled.reminder_kinds.values():
        reminders.install(provided.value)
    reminders.PLANNERS[:] = [provided.value for provided in assembled.planners]
    privacy.install_handlers(
        privacy.Handler(h.name, h.export, h.erase) for h in (provided.value for provided in assembled.personal_data)
    )
    for provided in assembled.health_items:
        import_module(provided.value)


def link(role, *args):
    """The address of the page that plays `role` (LINK_ROLES), provided by whichever app declares it."""
    provided = collected().links.get(role)
    if provided is None:
        raise ImproperlyConfigured(f"No installed app provides the link role {role!r}")
    return reverse(provided.value, args=args)


def project_nav(is_coordinator):
    """[(NavGroup, [NavEntry, ...]), ...]: the groups the viewer sees, each with its entries; empty groups left out."""
    entries = [provided.value for provided in collected().nav]
    result = []
    for group in NAV_GROUPS:
        if group.coordinators_only and not is_coordinator:
            continue
        mine = [entry for entry in entries if entry.group == group.key]
        if mine:
            result.append((group, mine))
    return result


def report_sections():
    """[function] of the sections the apps add to the report, in INSTALLED_APPS order."""
    return [provided.value for provided in collected().report_sections]


def message_sections(project):
    """[dict] of the sections the apps add to `project`'s Messages page, in INSTALLED_APPS order."""
    sections = (provided.value(project) for provided in collected().message_sections)
    return [section for section in sections if section]


def goal_values(goals, as_of):
    """{goal pk: number}: the measured value on `as_of` of each of `goals` (one project's) whose measure an installed
    app counts (`goal_measures`); goals without a measure, or whose app is not installed, are left out. One call
    (a query or so) per measure in use."""
    goals = list(goals)
    values = {}
    for measure, provided in collected().goal_measures.items():
        measured = [goal for goal in goals if getattr(goal, "measure", "") == measure]
        if measured:
            values.update(provided.value(measured, as_of))
    return values


def message_kinds():
    """{kind: label} of the e-mails every app declares."""
    return {kind: provided.value for kind, provided in collected().message_kinds.items()}


def commitment_states(memberships):
    """{membership pk: state} from the app that decides a member's commitment state; {} if none is installed."""
    provided = collected().commitment_states
    return provided.value(memberships) if provided is not None else {}
