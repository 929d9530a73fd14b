"""What each app contributes to the whole, declared in one place: the `contributions` of its AppConfig.

An app states its project-navigation entries, the pages other apps may link to by role (the project home,
the project list, the programme overview) and the kinds of e-mail it sends, as one `Contributions` object
on its AppConfig. The kernel reads every installed app's declaration when asked (`collected()`): nothing
depends on a module having been imported for its side effects, and a lower app links to a higher app's
page by the role's name (`link("project_home", pk)`), never by the higher app's URL name.

`python manage.py contributions` prints everything assembled, with the app that provides it.
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
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
class Contributions:
    nav: tuple = ()
    links: dict = field(default_factory=dict)  # role (LINK_ROLES) -> URL name
    message_kinds: dict = field(default_factory=dict)  # kind -> lazy label of the e-mails the app sends


@dataclass(frozen=True)
class Provided:
    app: str
    value: object


@dataclass(frozen=True)
class Assembled:
    nav: tuple  # Provided(app, NavEntry), in group and order
    links: dict  # role -> Provided(app, URL name)
    message_kinds: dict  # kind -> Provided(app, label)


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


@cache
def collected():
    """Every installed app's declaration, assembled once per process. Conflicts fail loudly."""
    nav, links, message_kinds = [], {}, {}
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
    groups = [group.key for group in NAV_GROUPS]
    nav.sort(key=lambda provided: (groups.index(provided.value.group), provided.value.order))
    return Assembled(tuple(nav), links, message_kinds)


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


def message_kinds():
    """{kind: label} of the e-mails every app declares."""
    return {kind: provided.value for kind, provided in collected().message_kinds.items()}
