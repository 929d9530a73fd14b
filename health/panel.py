"""The network-health panel: a registry of item functions, and the panel they make together.

An item is a function registered with `@item(number, key, title)`. It receives a `Network` (the project,
the date `as_of`, and data that several items share, loaded once) and its title in the current language,
and returns a `HealthItem`. The registered callable takes `(project, as_of=None)`, so an item can also be
asked on its own. The registry knows each item's title before it is computed (the overview's column headers).

Every item answers "as of" a date: the data as it stood at the end of that day (signatures made by
then, members who had joined and not yet left, meetings held by then). The dashboard asks for
today; the status report for the last day of its period; the weekly snapshot for its Monday.

A project without the data an item needs (no members, no meetings) gets NO_DATA, never a green; an item that
measures activity turns it RED some days after the project's start (`idle`). A feature switched off, or an item
the programme does not score, is NOT_IN_USE; a past fact shown for information (item 2 after the application
date) is HISTORY. docs/health.md is the rulebook these follow.

Each cause of a non-green status carries its action (`HealthItem.causes`, codes of `ACTIONS`); the item's action
is its worst cause's, and the daily statuses store its code so that the landing page links to the same page.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property, wraps

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from networkhub.dates import short_date, start_of_day_after
from projects.models import unscored_items

from .batch import KINDS, Batch
from .phase import Phase, days_since_start, panel_date, phase


class Status(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")
    NO_DATA = "no_data", _("Not enough data")
    NOT_IN_USE = "not_in_use", _("Not in use")
    HISTORY = "history", _("History")


_SEVERITY = {
    Status.HISTORY: -2,
    Status.NOT_IN_USE: -1,
    Status.NO_DATA: 0,
    Status.GREEN: 1,
    Status.AMBER: 2,
    Status.RED: 3,
}
SCORED = (Status.GREEN, Status.AMBER, Status.RED, Status.NO_DATA)  # NOT_IN_USE and HISTORY are not scored


def worst(*statuses):
    """The most severe of the statuses; NO_DATA only if nothing else is known."""
    return max(statuses, key=_SEVERITY.__getitem__, default=Status.NO_DATA)


COUNTED_UNITS = {}  # name -> forms: the counted units by the name a stored panel gives them (health.stored)


def counted(name, forms):
    """A trend unit that agrees with its number: `forms(n)` gives the word ("1 idea", "2 ideas"), via npgettext.
    Templates pass it on rather than call it. `name` is how a stored panel refers to it (health.stored)."""
    forms.do_not_call_in_templates = True
    forms.unit_name = name
    COUNTED_UNITS[name] = forms
    return forms


@dataclass(frozen=True)
class Action:
    label: object  # lazily translated
    url_name: str

    def url(self, project_pk):
        return reverse(self.url_name, args=[project_pk])


# Every next action the panel may suggest, by code (docs/health.md). None changes the consortium.
ACTIONS = {
    "add_member": Action(_("Add a member organisation"), "partners:add"),
    "write_rules": Action(_("Write the rules"), "commitments:rules"),
    "ask_rules_again": Action(_("Ask the missing members again"), "commitments:rules"),
    "send_letters": Action(_("Send the commitment letters"), "commitments:overview"),
    "complete_tasks": Action(_("Complete the letters' tasks"), "commitments:overview"),
    "follow_tasks": Action(_("Follow up the late tasks"), "commitments:task_matrix"),
    "follow_signatures": Action(_("Follow up the signatures"), "commitments:overview"),
    "add_coordinator": Action(_("Add a coordinator"), "projects:coordinators"),
    "open_actions": Action(_("Go through the open action items"), "meetings:actions"),
    "answer_ideas": Action(_("Answer the waiting ideas"), "goals:idea_list"),
    "open_ideas": Action(_("Open the ideas log"), "goals:idea_list"),
    "schedule_meeting": Action(_("Schedule a network meeting"), "meetings:create"),
    "set_goals": Action(_("Set the project's goals"), "goals:goals"),
    "review_goals": Action(_("Review the goals"), "goals:review_create"),
    "switch_pulse_on": Action(_("Switch the trust pulse on"), "pulse:settings"),
    "see_pulse": Action(_("See the trust pulse"), "pulse:results"),
    "open_directory": Action(_("Open the knowledge directory"), "partners:directory"),
    "contact_partners": Action(_("Contact the quiet partners"), "partners:list"),
    "invite_partners": Action(_("Invite the partners to the next meeting"), "meetings:list"),
    "see_members": Action(_("See the members"), "partners:list"),
    "record_dissemination": Action(_("Record where the results were disseminated"), "results:list"),
    "record_output": Action(_("Record an output"), "results:output_create"),
}


@dataclass
class NamedFact:
    """A fact that names members as quiet or weakly tied. Peers are not shamed in front of peers: coordinators
    (and the funder, in the status report) read `named`, partners `counted`, the same fact without names."""

    named: str
    counted: str

    def __str__(self):
        return str(self.named)


@dataclass
class HealthItem:
    number: int
    key: str
    title: str
    status: Status
    facts: list[str] = field(default_factory=list)
    action_label: str = ""
    action_url: str = ""
    value: float | None = None  # what the trend line follows, e.g. a share in per cent
    # "%", a fixed label ("of 5"), or for counts a function of the value giving its plural form ("1 idea").
    unit: object = "%"
    action_for_coordinators: bool = True  # the action is a coordinator's; partners see the facts only
    coordinator_facts: list[NamedFact] = field(default_factory=list)  # after `facts`; names for coordinators only
    causes: list = field(default_factory=list)  # [(Status, action code)]: each non-green fact's next action
    action: str = ""  # the code (ACTIONS) of the worst cause's action, set when the item is computed

    @property
    def status_label(self):
        return Status(self.status).label

    def take_worst_action(self, project_pk):
        """The item's action is its worst cause's (the first of equals); none without causes."""
        if not self.causes:
            return
        _status, code = max(self.causes, key=lambda cause: _SEVERITY[Status(cause[0])])
        self.action = code
        self.action_label = str(ACTIONS[code].label)
        self.action_url = ACTIONS[code].url(project_pk)


# A programme's overrides of HEALTH_THRESHOLDS and HEALTH_NO_DATA_RED_DAYS while its project's panel is computed.
_programme_settings = ContextVar("programme_health_settings", default=None)


def thresholds(key):
    override = (_programme_settings.get() or {}).get("thresholds", {}).get(key)
    return {**settings.HEALTH_THRESHOLDS[key], **override} if override else settings.HEALTH_THRESHOLDS[key]


def red_after_days(key):
    """Days from the project's start after which item `key`'s "no data" is red (HEALTH_NO_DATA_RED_DAYS)."""
    override = (_programme_settings.get() or {}).get("no_data_red_days", {})
    return override.get(key, settings.HEALTH_NO_DATA_RED_DAYS[key])


def idle(network, key, fact):
    """(status, facts) of an item, or half of one, that measures activity and has none to measure.

    Grey until `red_after_days(key)` days after the project's start, then red. `fact` says what is missing with
    %(days)s, in the plural form for it (`ngettext_lazy(singular, plural, "days")`): "No network meeting in the
    %(days)s days since the start."
    """
    days, limit = network.days_since_start, red_after_days(key)
    if days >= limit:
        return Status.RED, [fact % {"days": days}]
    if days < 0:
        return Status.NO_DATA, [
            fact % {"days": 0},
            gettext("The project starts on %(date)s.") % {"date": short_date(network.project.start_date)},
        ]
    return Status.NO_DATA, [
        fact % {"days": days},
        ngettext(
            "Turns red %(limit)s day after the start, on %(date)s.",
            "Turns red %(limit)s days after the start, on %(date)s.",
            limit,
        )
        % {"limit": limit, "date": short_date(network.project.start_date + timedelta(days=limit))},
    ]


def at_least(value, key):
    """Green at or above the threshold's `green` value, amber at or above `amber`, red below."""
    limits = thresholds(key)
    if value >= limits["green"]:
        return Status.GREEN
    return Status.AMBER if value >= limits["amber"] else Status.RED


def at_most(value, key):
    """Green up to the threshold's `green` value, amber up to `amber`, red above (e.g. days)."""
    limits = thresholds(key)
    if value <= limits["green"]:
        return Status.GREEN
    return Status.AMBER if value <= limits["amber"] else Status.RED


def share(part, whole):
    return round(100 * part / whole) if whole else 0


def names(memberships):
    """The organisations' names in alphabetical order, for the facts."""
    return ", ".join(sorted((membership.organisation.name for membership in memberships), key=str.casefold))


class Network:
    """One project as of one date, with what several items need loaded once (constant queries).

    The data comes from the network's `Batch` (health.batch): the daily job loads a batch of projects' data in
    one query per kind and gives each project a `Network` on its share; a single panel is a batch of one. Items
    read `network.<thing>` and never know which.

    `letters_also_for`: other membership instances of the project (the page's member table) that get their letters
    in the same load as the network's members (`commitments.overview.load_letters`), so that a page reads them once.
    """

    def __init__(self, project, as_of=None, *, batch=None, letters_also_for=()):
        self.project = project
        self.letters_also_for = list(letters_also_for)
        asked = as_of or timezone.localdate()
        self.phase = phase(project, asked)
        self.as_of = panel_date(project, asked)  # a closed project: its final state, as of its end date
        self.end = start_of_day_after(self.as_of)  # exclusive: the first instant after `as_of`
        self.days_since_start = days_since_start(project, self.as_of)
        if batch is not None:
            self.batch = batch

    @property
    def closed(self):
        return self.phase == Phase.CLOSED

    @cached_property
    def batch(self):
        return Batch([self])

    def _of(self, kind):
        return getattr(self.batch, kind)[self.project.pk]

    @cached_property
    def programme_settings(self):
        """The programme's health settings (`Programme.health_settings`): {"off": [keys], "thresholds": {...}}."""
        return self.project.programme.health_settings or {}

    @cached_property
    def members(self):
        """Current members on `as_of` (partners.queries.current_members), lead first, then by name."""
        return self._of("members")

    @cached_property
    def commitments(self):
        """{membership pk: Commitment on `as_of`}; the members then carry their letters' versions and tasks."""
        return self._of("commitments")

    def __getattr__(self, name):
        """Any other data kind of the batch (`health.batch.KINDS`), this project's share: `network.held_meetings`..."""
        if name in KINDS:
            value = self._of(name)
            self.__dict__[name] = value
            return value
        raise AttributeError(name)


@dataclass
class Registered:
    number: int
    key: str
    compute: object
    title: object  # lazily translated: the overview heads its columns with it


ITEMS = {}  # key -> Registered
EXTENSIONS = {}  # key -> [function(network) -> Contribution | None]


@dataclass
class Contribution:
    """A further measure of an existing item, registered by another app (see `extend`)."""

    status: Status
    facts: list[str]
    coordinator_facts: list[NamedFact] = field(default_factory=list)
    causes: list = field(default_factory=list)  # [(Status, action code)], as `HealthItem.causes`


def item(number, key, title):
    """Register `compute(network, title) -> HealthItem` as the panel's item `number` titled `title` (lazy)."""

    def decorator(compute):
        @wraps(compute)
        def run(project, as_of=None, *, network=None):
            network = network or Network(project, as_of)
            if key in unscored_items(network.programme_settings):
                return HealthItem(
                    number,
                    key,
                    str(title),
                    Status.NOT_IN_USE,
                    [gettext("The programme %(name)s does not score this item.") % {"name": project.programme}],
                )
            token = _programme_settings.set(network.programme_settings)
            try:
                result = compute(network, str(title))
                for extension in EXTENSIONS.get(key, []):
                    contribution = extension(network)
                    if contribution is not None:
                        result.status = worst(result.status, contribution.status)
                        result.facts.extend(contribution.facts)
                        result.coordinator_facts.extend(contribution.coordinator_facts)
                        result.causes.extend(contribution.causes)
            finally:
                _programme_settings.reset(token)
            result.take_worst_action(project.pk)
            return result

        ITEMS[key] = Registered(number, key, run, title)
        run.key = key
        return run

    return decorator


def extend(key):
    """Register `function(network) -> Contribution | None` to add a measure to item `key`.

    The item's status becomes the worse of the two and the contribution's facts follow the item's.
    This is how a later app adds to an item it does not own, e.g. ideas add the coordinator's median
    time to answer a partner's idea to item 5 with `@extend("coordinator")`.
    """

    def decorator(function):
        EXTENSIONS.setdefault(key, []).append(function)
        return function

    return decorator


def panel(project, as_of=None, *, network=None):
    """Every registered item for the project as of a date (default: today), in characteristic order.

    A caller that shows more of the same network (the project home's map) passes its `Network`, so the
    members and letters are loaded once for all.
    """
    network = network or Network(project, as_of)
    return [entry.compute(project, network.as_of, network=network) for entry in sorted(ITEMS.values(), key=_order)]


def panels_for(projects, as_of=None):
    """{project pk: `panel(project, as_of)`} for many projects, their data loaded a kind at a time (health.batch):
    the query count grows with the kinds of data, not with the projects. The projects carry their programme
    (`select_related("programme")`)."""
    networks = [Network(project, as_of) for project in projects]
    Batch(networks)
    return {network.project.pk: panel(network.project, network=network) for network in networks}


def panels_in_languages(networks):
    """{project pk: {language code: the project's panel in that language}} of `networks` (`Network`s, each as of its
    date), as `panels_for`: the data is loaded once (one batch keeps it), only the items' Python runs once per
    language, since their facts are sentences in the language of the moment (health.stored)."""
    Batch(networks)
    panels = {network.project.pk: {} for network in networks}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for network in networks:
                panels[network.project.pk][code] = panel(network.project, network=network)
    return panels


def _order(entry):
    return (entry.number, entry.key)


def report_section(project, as_of, *, network=None):
    """The panel as plain data for the status report (no links: the report is read outside the app). The report
    is the coordinators' and the funder's: facts naming quiet members are given with their names."""
    return [
        {
            "number": health_item.number,
            "key": health_item.key,
            "title": str(health_item.title),
            "status": str(health_item.status),
            "status_label": str(health_item.status_label),
            "facts": [str(fact) for fact in [*health_item.facts, *health_item.coordinator_facts]],
        }
        for health_item in panel(project, as_of, network=network)
    ]
