"""Characteristic 8, trust: the trust pulse's average and response rate (pulse), and the share of contacts
whose decision on sharing their details in the directory is recorded (partners)."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from pulse.models import MIN_ANSWERS
from pulse.queries import is_enabled, latest_round, round_result

from .panel import HealthItem, Status, at_least, item, share, worst
from .sharing import directory_coverage_of


def _pulse_part(network):
    """(status, facts, average) of the latest pulse round opened by `as_of`; NO_DATA without one."""
    pulse_round = latest_round(network.project, network.as_of)
    if pulse_round is None:
        return Status.NO_DATA, [], None
    result = round_result(pulse_round, as_of=network.as_of, comments=False)
    rate = share(result.answered, result.asked)
    facts = [
        _("Trust pulse %(quarter)s: %(answered)s of %(asked)s member contacts answered (%(rate)s %%).")
        % {"quarter": pulse_round.label, "answered": result.answered, "asked": result.asked, "rate": rate}
    ]
    status = at_least(rate, "pulse_response")
    if not result.shown:
        facts.append(
            ngettext("The results show from %(count)s answer.", "The results show from %(count)s answers.", MIN_ANSWERS)
            % {"count": MIN_ANSWERS}
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
    """Characteristic 8: the latest trust pulse (average, response rate), and contacts' consent decisions."""
    project = network.project
    pulse_status, pulse_facts, average = _pulse_part(network)
    coverage = directory_coverage_of(network)
    enabled = is_enabled(project)
    if pulse_status == Status.NO_DATA and not coverage["decided"]:
        facts = [_("The project does not run the trust pulse.") if not enabled else _("No trust pulse round yet.")]
        facts.append(_("No contact person's decision on sharing their details is recorded."))
        return HealthItem(
            8,
            "trust",
            title,
            Status.NO_DATA,
            facts,
            _("Switch the trust pulse on"),
            reverse("pulse:settings", args=[project.pk]),
        )
    facts = list(pulse_facts)
    if pulse_status == Status.NO_DATA:
        facts.append(_("The project does not run the trust pulse.") if not enabled else _("No trust pulse round yet."))
    decided = share(coverage["decided"], coverage["contacts"])
    facts.append(
        ngettext(
            "%(decided)s of %(total)s contact person has decided whether to share their details in the directory.",
            "%(decided)s of %(total)s contact persons have decided whether to share their details in the directory.",
            coverage["contacts"],
        )
        % {"decided": coverage["decided"], "total": coverage["contacts"]}
    )
    consent_status = at_least(decided, "consent_decided")
    status = worst(pulse_status, consent_status)
    if pulse_status != Status.NO_DATA and worst(pulse_status, consent_status) == pulse_status:
        action = (_("See the trust pulse"), reverse("pulse:results", args=[project.pk]))
    else:
        action = (
            _("Record the contacts' decisions on sharing their details"),
            reverse("partners:list", args=[project.pk]),
        )
    return HealthItem(
        8,
        "trust",
        title,
        status,
        facts,
        *action,
        value=average,
        unit=pgettext("unit of a health trend", "of 5"),
    )
