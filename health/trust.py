"""Characteristic 8, trust: the trust pulse's average and response rate (pulse), nothing else."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from pulse.models import MIN_ORGANISATIONS
from pulse.queries import is_enabled, latest_closed_round, min_answers, round_result

from .panel import HealthItem, Status, at_least, item, share, worst


def _pulse_part(network):
    """(status, facts, average) of the latest pulse round closed by `as_of`; NO_DATA without one. An open round
    counts for nothing (its figures would let anyone difference answers), and the counts are those fixed at the
    close, whatever later membership edits do."""
    pulse_round = latest_closed_round(network.project, network.as_of)
    if pulse_round is None:
        return Status.NO_DATA, [], None
    result = round_result(pulse_round, comments=False)
    rate = share(result.answered, result.asked)
    facts = [
        _("Trust pulse %(quarter)s: %(answered)s of %(asked)s member contacts answered (%(rate)s %%).")
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
    facts.append(
        _("Average %(average)s on a scale from 1 to 5 (%(dimensions)s).")
        % {
            "average": formats.number_format(result.average, 1),
            "dimensions": ", ".join(
                f"{dimension.label.lower()} {formats.number_format(value, 1)}" for dimension, value in result.averages
            ),
        }
    )
    return worst(status, at_least(result.average, "pulse_average")), facts, result.average


@item(8, "trust", gettext_lazy("Trust"))
def trust(network, title):
    """Characteristic 8: the latest trust pulse alone (average, response rate). With the pulse off the item is not
    in use: decisions on sharing contact details are data protection, not trust (the directory shows them)."""
    project = network.project
    if not is_enabled(project):
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
