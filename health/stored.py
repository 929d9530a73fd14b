"""The project home's panel read from the stored day when it is current (docs/health.md, "Live statuses").

The daily job and the refresh after a change (health.daily, health.stale) store, with the day's statuses, the
network map's figures in no language (`health.network_map.figures`: the page words them in the reader's language)
and the panel's rows as the page shows them: for every language of settings.LANGUAGES the item's title and facts as
sentences, both forms of a fact that names members (`NamedFact`: coordinators read the names, partners the counts),
the value, the unit, the status and the action's code. What depends on the reader is built when the page is read:
the action's label in the reader's language, its URL, and whether the reader may act on it.

The stored rows are used only if they cannot differ from what the page would compute: the day is today's and not
stale (no change since it was stored: health.live), it was computed as of the date the page asks for, the project
is not closed, the reader's language is stored, and the record's fingerprint is the current one, which covers
the format (`FORMAT`), the code and the catalogues that computed it (`code_digest`: a deploy never shows a panel
stored by the code before it), the settings the items read (`SETTINGS_READ`) and the programme's health settings
(an administrator's edit of a programme marks no project stale). Otherwise the page computes the panel live, as it
always did.
"""

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.utils import translation

from projects.models import ProjectStatus

from .models import HealthDay
from .network_map import build, figures
from .panel import ACTIONS, COUNTED_UNITS, HealthItem, NamedFact, Status

# Bump when the record's shape changes. (A change to the items' rules or wording changes `code_digest` by itself.)
# 2: the network map's figures stored with the panel.
FORMAT = 2


@cache
def code_digest():
    """A digest of the project's own Python sources (every app of this project, its migrations and tests aside) and
    of its message catalogues, with Django's version: what computes the items and words their facts. Read once per
    process (some 30 ms). Any change, even one that changes no panel, makes the stored panels not current: the pages
    then compute live, as before, until the daily job or a refresh stores them again."""
    base = Path(settings.BASE_DIR).resolve()
    digest = hashlib.sha256(django.get_version().encode())
    sources = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            sources += [
                source
                for source in path.rglob("*.py")
                if not {"migrations", "tests"} & set(source.relative_to(base).parts)
            ]
    for locale in settings.LOCALE_PATHS:
        sources += Path(locale).resolve().glob("*/LC_MESSAGES/*.po")
    for source in sorted(set(sources)):
        digest.update(str(source.relative_to(base) if source.is_relative_to(base) else source).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


# The settings the items and the map read (each may come from the environment): a restart with another value makes
# every stored panel not current.
SETTINGS_READ = (
    "HEALTH_THRESHOLDS",
    "HEALTH_NO_DATA_RED_DAYS",
    "HEALTH_ITEMS_SCORED_ONLY_WHERE_ON",
    "MEETING_CADENCE_DAYS",
    "RULES_GRACE_DAYS",
    "OUTPUT_DISSEMINATION_GRACE_DAYS",
    "NETWORK_MAP_DAYS",
    "NETWORK_WEAK_TIE_SHARE",
)


def fingerprint(project):
    """What a stored panel was computed under besides the project's own data, as a short digest."""
    basis = [
        FORMAT,
        code_digest(),
        [getattr(settings, name) for name in SETTINGS_READ],
        [code for code, _name in settings.LANGUAGES],
        project.programme.health_settings or {},
    ]
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()[:20]


def record(network, panels_by_language):
    """The JSON stored on the project's `HealthDay.panel`: the panel of `network` (a `health.panel.Network`, as of
    the day stored) in every language, and the network map's figures (all kinds of ties)."""
    return {
        "fingerprint": fingerprint(network.project),
        "as_of": network.as_of.isoformat(),
        "rows": {code: [_row(item) for item in items] for code, items in panels_by_language.items()},
        "map": figures(build(network)),
    }


def _row(health_item):
    unit = health_item.unit
    value = health_item.value
    return {
        "number": health_item.number,
        "key": health_item.key,
        "title": str(health_item.title),
        "status": str(health_item.status),
        "value": value if value is None or isinstance(value, int | float) else float(value),
        "unit": {"counted": unit.unit_name} if callable(unit) else str(unit),
        "facts": [str(fact) for fact in health_item.facts],
        "coordinator_facts": [[str(fact.named), str(fact.counted)] for fact in health_item.coordinator_facts],
        "action": health_item.action,
        "action_for_coordinators": health_item.action_for_coordinators,
    }


@dataclass
class StoredDay:
    """What the project home reads from a current stored day: the panel's items in the current language, and the
    network map's figures (`health.network_map.localised` words them)."""

    items: list
    map_figures: dict


def current(project, as_of, today):
    """The project's stored day (`StoredDay`), if it is current (the module's rule) for a panel as of `as_of` asked
    on `today`; None if the page must compute the panel and the map. One query."""
    if project.status == ProjectStatus.CLOSED:
        return None
    health_day = HealthDay.objects.filter(project=project).only("taken_on", "stale_since", "panel").first()
    if health_day is None or health_day.taken_on != today or health_day.stale_since is not None:
        return None
    stored = health_day.panel or {}
    rows = stored.get("rows", {}).get(translation.get_language())
    if rows is None or stored.get("as_of") != as_of.isoformat() or stored.get("fingerprint") != fingerprint(project):
        return None
    return StoredDay([_item(project, row) for row in rows], stored["map"])


def _item(project, row):
    unit = row["unit"]
    health_item = HealthItem(
        row["number"],
        row["key"],
        row["title"],
        Status(row["status"]),
        list(row["facts"]),
        value=row["value"],
        unit=COUNTED_UNITS[unit["counted"]] if isinstance(unit, dict) else unit,
        action_for_coordinators=row["action_for_coordinators"],
        coordinator_facts=[NamedFact(named, counted) for named, counted in row["coordinator_facts"]],
        action=row["action"],
    )
    if health_item.action:  # as `HealthItem.take_worst_action`: the label in the reader's language, the URL
        health_item.action_label = str(ACTIONS[health_item.action].label)
        health_item.action_url = ACTIONS[health_item.action].url(project.pk)
    return health_item
