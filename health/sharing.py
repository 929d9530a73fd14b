"""Characteristic 9, expertise and contacts are shared (the knowledge directory and the members' presentations,
hosted events and study visits), and the funder's criterion that results are disseminated (item 11)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from networkhub.dates import short_date
from networkhub.numbers import count

from .panel import HealthItem, Status, at_least, idle, item, names, share, worst


def directory_coverage_of(network):
    """The directory's coverage on the network's date (`partners.queries.directory_coverage`), once per panel."""
    return network.directory_coverage


@item(9, "expertise", gettext_lazy("Expertise shared"))
def expertise_shared(network, title):
    """Characteristic 9: current members with an expertise profile; their contacts who consented to share."""
    coverage = directory_coverage_of(network)
    if not coverage["members"]:
        return HealthItem(
            9,
            "expertise",
            title,
            Status.NO_DATA,
            [_("The network has no members yet.")],
            causes=[(Status.NO_DATA, "add_member")],
        )
    members, profiled = coverage["members"], coverage["profiled"]
    facts = [
        ngettext(
            "%(profiled)s of %(total)s member has described its expertise in the directory.",
            "%(profiled)s of %(total)s members have described their expertise in the directory.",
            members,
        )
        % {"profiled": profiled, "total": members}
    ]
    # A presentation, a hosted event or a study visit shares a member's expertise as a profile does (docs/health.md,
    # item 9): such a member counts as if it had a profile. It only ever adds to the count.
    shared = network.sharing_contributions  # dated by `as_of`
    unprofiled = network.unprofiled if profiled < members else []  # current members without a profile
    not_shared = [m for m in unprofiled if m.organisation_id not in shared["organisations"]]
    value = share(members - len(not_shared), members)
    if shared["count"]:
        facts.append(
            ngettext(
                "%(count)s presentation, hosted event or study visit shared expertise; %(shared)s of %(total)s "
                "members have a profile or such a contribution.",
                "%(count)s presentations, hosted events or study visits shared expertise; %(shared)s of %(total)s "
                "members have a profile or such a contribution.",
                shared["count"],
            )
            % {"count": shared["count"], "shared": members - len(not_shared), "total": members}
        )
        if not_shared:
            facts.append(
                _("Neither a profile nor a presentation, hosted event or study visit: %(organisations)s.")
                % {"organisations": names(not_shared)}
            )
    elif not_shared:
        facts.append(_("No profile: %(organisations)s.") % {"organisations": names(not_shared)})
    status = at_least(value, "expertise_profiles")
    if coverage["contacts"]:
        facts.append(
            ngettext(
                "%(shared)s of %(total)s contact person shares their contact details with the network.",
                "%(shared)s of %(total)s contact persons share their contact details with the network.",
                coverage["contacts"],
            )
            % {"shared": coverage["consenting"], "total": coverage["contacts"]}
        )
        status = worst(status, at_least(share(coverage["consenting"], coverage["contacts"]), "contacts_shared"))
    return HealthItem(
        9,
        "expertise",
        title,
        status,
        facts,
        value=value,
        action_for_coordinators=False,
        causes=[(status, "open_directory")],
    )


# One step better for results that reached beyond the network (docs/health.md, item 11).
_ONE_STEP_UP = {Status.RED: Status.AMBER, Status.AMBER: Status.GREEN}


@item(11, "dissemination", gettext_lazy("Results disseminated"))
def results_disseminated(network, title):
    """The funder's criterion: outputs used (a dissemination event or an uptake by then), of those used and those
    recorded more than OUTPUT_DISSEMINATION_GRACE_DAYS ago (a fresh output is not yet unused). Dissemination
    outside the network (the sector or the public) or an uptake lifts the status one step: recording them never
    makes the item worse."""
    coverage = network.dissemination_coverage  # as of `as_of`
    if not coverage["outputs"]:
        status, facts = idle(
            network,
            "dissemination",
            ngettext_lazy(
                "No output recorded in the %(days)s day since the start.",
                "No output recorded in the %(days)s days since the start.",
                "days",
            ),
        )
        return HealthItem(11, "dissemination", title, status, facts, causes=[(status, "record_output")])
    grace = settings.OUTPUT_DISSEMINATION_GRACE_DAYS
    waiting = network.undisseminated if coverage["used"] < coverage["outputs"] else []  # [(title, created_at)]
    fresh = [(t, created) for t, created in waiting if (network.as_of - timezone.localdate(created)).days < grace]
    late = [t for t, created in waiting if (t, created) not in fresh]
    counted = coverage["used"] + len(late)
    value = share(coverage["used"], counted) if counted else None
    facts = [
        ngettext(
            "%(disseminated)s of %(total)s output has been disseminated at least once, reaching %(reach)s people.",
            "%(disseminated)s of %(total)s outputs have been disseminated at least once, reaching %(reach)s people.",
            coverage["outputs"],
        )
        % {"disseminated": coverage["disseminated"], "total": coverage["outputs"], "reach": count(coverage["reach"])}
    ]
    if coverage["outside"] or coverage["taken_up"]:
        facts.append(
            _(
                "Beyond the network: %(outside)s disseminated to the sector or the public, "
                "%(taken_up)s taken up by an organisation."
            )
            % {"outside": coverage["outside"], "taken_up": coverage["taken_up"]}
        )
    if late:
        facts.append(_("Not disseminated yet: %(outputs)s.") % {"outputs": ", ".join(f"“{t}”" for t in late)})
    if fresh:
        facts.append(
            ngettext(
                "Recorded in the last %(days)s days, not counted yet: %(outputs)s (disseminate it by %(date)s).",
                "Recorded in the last %(days)s days, not counted yet: %(outputs)s (disseminate the first by %(date)s).",
                len(fresh),
            )
            % {
                "days": grace,
                "outputs": ", ".join(f"“{t}”" for t, _created in fresh),
                "date": short_date(timezone.localdate(fresh[0][1]) + timedelta(days=grace)),
            }
        )
    status = at_least(value, "outputs_disseminated") if counted else Status.GREEN
    if coverage["outside"] or coverage["taken_up"]:
        status = _ONE_STEP_UP.get(status, status)
    return HealthItem(11, "dissemination", title, status, facts, value=value, causes=[(status, "record_dissemination")])
