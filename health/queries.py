"""Network health's public reads: what other apps (the project home, OPH's overview, the status report, the
coordinator's landing page) read of it. They use these, never the models or the item modules.

- the panel as of a date: `dashboard` (the project home's panel with its trend lines, and the network map),
  `report_health` (the same as plain data for the status report);
- the stored statuses: `red_items` (the red items of each project's latest daily statuses, with their stored
  next action), `action_link` (a stored action's label and URL);
- the overview's columns: `columns`, `titles`, `with_statuses`, `filter_by_status`, `most_red_first`, `cells`,
  `legend` (the cells' symbols and their words), `StatusFilter`, and the values, per-item filter and risk score:
  `with_values`, `value_field`, `status_field`, `filter_by_item`, `with_risk`, `risk_weights` (health.overview);
  the phases' names (`Phase`, health.phase);
- the programme aggregates' distribution of each item's statuses: `status_distribution`, `DISTRIBUTION_STATUSES`
  (health.overview);
- a programme's criteria in words (`programme_criteria`) and, for the overview, the items each programme of the
  shown projects does not score (`unscored_by_programme`) (health.criteria);
- the snapshots for trend lines: `dashboard_panel`, `TREND_WEEKS`, `week_of` (health.snapshots);
- a project's stored statuses over the last 12 months (the funder's project card): `year_of_statuses`,
  `STRIP_COLOURS` (health.snapshots).
"""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from pulse.queries import in_report as pulse_in_report

from .criteria import criteria as programme_criteria
from .criteria import unscored_by_programme
from .models import HealthSnapshot
from .network_map import as_data, build, localised
from .overview import (
    DISTRIBUTION_STATUSES,
    StatusFilter,
    cells,
    columns,
    filter_by_item,
    filter_by_status,
    format_value,
    legend,
    most_red_first,
    programmes_weighing_otherwise,
    risk_weights,
    status_distribution,
    status_field,
    titles,
    value_field,
    with_risk,
    with_statuses,
    with_values,
)
from .panel import ACTIONS, Network, Status, report_section
from .phase import CLOSING_MONTHS, Phase, phase
from .snapshots import STRIP_COLOURS, TREND_WEEKS, dashboard_panel, week_of, year_of_statuses
from .stored import current

__all__ = [
    "DISTRIBUTION_STATUSES",
    "STRIP_COLOURS",
    "TREND_WEEKS",
    "Status",
    "action_link",
    "StatusFilter",
    "cells",
    "columns",
    "legend",
    "dashboard",
    "dashboard_panel",
    "filter_by_item",
    "filter_by_status",
    "format_value",
    "CLOSING_MONTHS",
    "Phase",
    "phase",
    "programme_criteria",
    "unscored_by_programme",
    "programmes_weighing_otherwise",
    "risk_weights",
    "status_distribution",
    "status_field",
    "value_field",
    "with_risk",
    "with_values",
    "most_red_first",
    "red_items",
    "report_health",
    "titles",
    "week_of",
    "with_statuses",
    "year_of_statuses",
]


def dashboard(project, *, may_act, members=()):
    """The project home's health: the panel's rows as of today with their trend lines, the programme's criteria in
    words (health.criteria: which items it scores, which thresholds it sets otherwise), and the network map.
    The two share one `Network`, so the members and their letters are loaded once. The names of weakly tied
    members are shown to those who may act (coordinators) only. The panel's items are read from the stored day
    and the map's figures are read from the stored day when it is current (health.stored: today's, not stale, same
    settings), computed live otherwise.

    `members`: the page's own membership instances (its member table), which get their letters in the network's
    load when the network is loaded: the page then reads its letters once (`commitments.overview.load_letters`)."""
    network = Network(project, letters_also_for=members)
    stored = current(project, network.as_of, timezone.localdate())  # None: not current, computed live
    if stored is None:
        items, network_map = None, as_data(build(network), with_names=may_act)
    else:
        items, network_map = stored.items, localised(stored.map_figures, with_names=may_act)
    return {
        "health": dashboard_panel(project, may_act=may_act, network=network, items=items),
        "health_criteria": programme_criteria(project.programme).text,
        "network_map": network_map,
    }


def report_health(project, as_of):
    """The status report's health section as of `as_of` (the period's end): the panel as plain data (no links)
    and the network map's data, sharing one `Network`. A project that keeps its pulse figures out of the report
    (its pulse setting) gets, in item 8, a sentence saying so instead of the figures."""
    network = Network(project, as_of)
    section = report_section(project, as_of, network=network)
    if not pulse_in_report(project):
        for row in section:
            if row["key"] == "trust":
                row["facts"] = [gettext("The project chose not to include its pulse figures in the report.")]
    return {
        "health": section,
        "network_map": as_data(build(network)),
    }


def red_items(project_pks):
    """[(project pk, key, date, (action label, action url) or None)] of the items that were red in each project's
    latest daily statuses (health.daily), by project and key: one query whatever the number of projects. The
    action is the one the item stored with its status: its worst cause's (docs/health.md)."""
    red = HealthSnapshot.objects.filter(
        project__in=list(project_pks), status=Status.RED, taken_on=F("project__health_day__taken_on")
    )
    return [
        (project_pk, key, taken_on, action_link(action, project_pk))
        for project_pk, key, taken_on, action in red.order_by("project", "key").values_list(
            "project", "key", "taken_on", "action"
        )
    ]


def action_link(code, project_pk):
    """(label, url) of a stored next action's code (health.panel.ACTIONS) in the project; None if unknown."""
    action = ACTIONS.get(code)
    return (str(action.label), action.url(project_pk)) if action else None
