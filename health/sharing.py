"""Characteristic 9, expertise and contacts are shared (the knowledge directory), and the funder's criterion
that results are disseminated (item 11)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partners.queries import directory_coverage, unprofiled_members
from results.queries import dissemination_coverage, undisseminated_outputs

from .panel import HealthItem, Status, at_least, item, names, share, worst


def directory_coverage_of(network):
    """The directory's coverage on the network's date, asked once per panel (items 8 and 9 both use it)."""
    if not hasattr(network, "_directory_coverage"):
        network._directory_coverage = directory_coverage(network.project, network.as_of)
    return network._directory_coverage


@item(9, "expertise", gettext_lazy("Expertise shared"))
def expertise_shared(network, title):
    """Characteristic 9: current members with an expertise profile; their contacts who consented to share."""
    project = network.project
    action = (_("Open the knowledge directory"), reverse("partners:directory", args=[project.pk]))
    coverage = directory_coverage_of(network)
    if not coverage["members"]:
        return HealthItem(
            9,
            "expertise",
            title,
            Status.NO_DATA,
            [_("The network has no members yet.")],
            _("Add a member organisation"),
            reverse("partners:add", args=[project.pk]),
        )
    members, profiled = coverage["members"], coverage["profiled"]
    value = share(profiled, members)
    facts = [
        _("%(profiled)s of %(total)s members have described their expertise in the directory.")
        % {"profiled": profiled, "total": members}
    ]
    if profiled < members:
        facts.append(
            _("No profile: %(organisations)s.") % {"organisations": names(unprofiled_members(project, network.as_of))}
        )
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
    return HealthItem(9, "expertise", title, status, facts, *action, value=value, action_for_coordinators=False)


@item(11, "dissemination", gettext_lazy("Results disseminated"))
def results_disseminated(network, title):
    """The funder's criterion: outputs recorded by then with at least one dissemination event by then."""
    project = network.project
    coverage = dissemination_coverage(project, network.as_of)
    if not coverage["outputs"]:
        return HealthItem(
            11,
            "dissemination",
            title,
            Status.NO_DATA,
            [_("No outputs have been recorded yet.")],
            _("Record an output"),
            reverse("results:output_create", args=[project.pk]),
        )
    value = share(coverage["disseminated"], coverage["outputs"])
    facts = [
        ngettext(
            "%(disseminated)s of %(total)s output has been disseminated at least once, reaching %(reach)s people.",
            "%(disseminated)s of %(total)s outputs have been disseminated at least once, reaching %(reach)s people.",
            coverage["outputs"],
        )
        % {"disseminated": coverage["disseminated"], "total": coverage["outputs"], "reach": coverage["reach"]}
    ]
    if coverage["disseminated"] < coverage["outputs"]:
        titles = undisseminated_outputs(project, network.as_of)
        facts.append(_("Not disseminated yet: %(outputs)s.") % {"outputs": ", ".join(f"“{t}”" for t in titles)})
    return HealthItem(
        11,
        "dissemination",
        title,
        at_least(value, "outputs_disseminated"),
        facts,
        _("Record where the results were disseminated"),
        reverse("results:list", args=[project.pk]),
        value=value,
    )
