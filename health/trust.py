"""Characteristic 8, trust: the trust pulse's trust average (openness, reliability, shared mission) and response
rate (pulse), nothing else. The value average (resources, involvement, influence) and the trust between the
coordination and the network are facts of their own, shown and not scored (docs/health.md, item 8)."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from pulse.models import GROUPS, MIN_ORGANISATIONS, Group
from pulse.queries import min_answers

from .panel import HealthItem, Status, at_least, item, share, worst


def _pulse_part(network):
    """(status, facts, average) of the latest pulse round closed by `as_of`; NO_DATA without one. An open round
    counts for nothing (its figures would let anyone difference answers), and the counts are those fixed at the
    close, whatever later membership edits do."""
    pulse_round = network.closed_pulse_round  # the latest closed by `as_of`
    if pulse_round is None:
        return Status.NO_DATA, [], None
    result = network.pulse_result  # `round_result(pulse_round, comments=False)`
    rate = share(result.answered, result.asked)
    facts = [
        ngettext(
            "Trust pulse %(quarter)s: %(answered)s of %(asked)s member contact answered (%(rate)s %%).",
            "Trust pulse %(quarter)s: %(answered)s of %(asked)s member contacts answered (%(rate)s %%).",
            result.asked,
        )
        % {"quarter": pulse_round.label, "answered": result.answered, "asked": result.asked, "rate": rate}
    ]
    status = at_least(rate, "pulse_response")
    if not result.shown:
        facts.append(
            ngettext(
                "The results show from %(count)s answer from %(organisations)s organisations.",
                "The results show from %(count)s answers from %(organisations)s organisations.",
                min_answers(),
            )
            % {"count": min_answers(), "organisations": MIN_ORGANISATIONS}
        )
        return status, facts, None
    trust = result.trust
    if trust.shown:
        facts.append(
            _("Trust %(average)s on a scale from 1 to 5 (%(dimensions)s).")
            % {"average": formats.number_format(trust.value, 1), "dimensions": _dimensions(result, Group.TRUST)}
        )
    else:
        facts.append(_("Trust: too few answers other than “can't say” to show."))
    # Shown, not scored: the value of the network to its members, and trust between the coordination and the network.
    for group, text in (
        (Group.VALUE, _("Value of the network (not scored): %(average)s (%(dimensions)s).")),
        (Group.COORDINATION, _("Trust between the coordination and the network (not scored): %(average)s.")),
    ):
        figure = result.groups[group]
        if figure.shown:
            facts.append(
                text % {"average": formats.number_format(figure.value, 1), "dimensions": _dimensions(result, group)}
            )
    if not trust.shown:
        return status, facts, None
    return worst(status, at_least(trust.value, "pulse_average")), facts, trust.value


def _dimensions(result, group):
    """ "openness 4.0, reliability 3.5, …" of a group's questions that have enough real answers."""
    return ", ".join(
        f"{figure.label.lower()} {formats.number_format(figure.value, 1)}"
        for figure in result.averages
        if figure.key in GROUPS[group] and figure.shown
    )


@item(8, "trust", gettext_lazy("Trust"))
def trust(network, title):
    """Characteristic 8: the latest trust pulse alone (average, response rate). With the pulse off the item is not
    in use: decisions on sharing contact details are data protection, not trust (the directory shows them)."""
    if not network.pulse_enabled:
        return HealthItem(
            8,
            "trust",
            title,
            Status.NOT_IN_USE,
            [_("The project does not run the trust pulse.")],
            causes=[(Status.NOT_IN_USE, "switch_pulse_on")],
        )
    status, facts, average = _pulse_part(network)
    if status == Status.NO_DATA:
        facts = [_("No closed trust pulse round yet.")]
    return HealthItem(
        8,
        "trust",
        title,
        status,
        facts,
        value=average,
        unit=pgettext("unit of a health trend", "of 5"),
        causes=[(status, "see_pulse")],
    )
