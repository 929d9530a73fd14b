"""The network-health panel: a registry of item functions, and the panel they make together.

An item is a function registered with `@item(number, key, title)`. It receives a `Network` (the project,
the date `as_of`, and data that several items share, loaded once) and its title in the current language,
and returns a `HealthItem`. The registered callable takes `(project, as_of=None)`, so an item can also be
asked on its own. The registry knows each item's title before it is computed (the overview's column headers).

Every item answers "as of" a date: the data as it stood at the end of that day (signatures made by
then, members who had joined and not yet left, meetings held by then). The dashboard asks for
today; the status report for the last day of its period; the weekly snapshot for its Monday.

A project without the data an item needs (no members, no meetings) gets NO_DATA, never a green.
"""

from dataclasses import dataclass, field
from functools import cached_property, wraps

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.overview import commitments_for
from networkhub.dates import start_of_day_after
from partners.queries import current_members


class Status(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")
    NO_DATA = "no_data", _("Not enough data")


_SEVERITY = {Status.NO_DATA: 0, Status.GREEN: 1, Status.AMBER: 2, Status.RED: 3}


def worst(*statuses):
    """The most severe of the statuses; NO_DATA only if nothing else is known."""
    return max(statuses, key=_SEVERITY.__getitem__, default=Status.NO_DATA)


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
    unit: str = "%"
    action_for_coordinators: bool = True  # the action is a coordinator's; partners see the facts only
    coordinator_facts: list[NamedFact] = field(default_factory=list)  # after `facts`; names for coordinators only

    @property
    def status_label(self):
        return Status(self.status).label


def thresholds(key):
    return settings.HEALTH_THRESHOLDS[key]


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
    """One project as of one date, with what several items need loaded once (constant queries)."""

    def __init__(self, project, as_of=None):
        self.project = project
        self.as_of = as_of or timezone.localdate()
        self.end = start_of_day_after(self.as_of)  # exclusive: the first instant after `as_of`

    @cached_property
    def members(self):
        """Current members on `as_of` (partners.queries.current_members), lead first, then by name."""
        return list(current_members(self.project, self.as_of).with_organisation())

    @cached_property
    def commitments(self):
        """{membership pk: Commitment on `as_of`}; the members then carry their letters' versions and tasks."""
        return commitments_for(self.members, self.as_of, tasks=True)


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


def item(number, key, title):
    """Register `compute(network, title) -> HealthItem` as the panel's item `number` titled `title` (lazy)."""

    def decorator(compute):
        @wraps(compute)
        def run(project, as_of=None, *, network=None):
            network = network or Network(project, as_of)
            result = compute(network, str(title))
            for extension in EXTENSIONS.get(key, []):
                contribution = extension(network)
                if contribution is not None:
                    result.status = worst(result.status, contribution.status)
                    result.facts.extend(contribution.facts)
                    result.coordinator_facts.extend(contribution.coordinator_facts)
            return result

        ITEMS[key] = Registered(number, key, run, title)
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
