"""results' rows of the permission matrix (see tests/test_permissions.py).

The coordinator's entries (`world.output`, `world.event`) are changed by coordinators only; the entries the
partner's own organisation recorded (`world.partner_output`, ...) by that partner and the coordinators.
"""

from results.models import ContinuationPlan
from tests.factories import (
    ContributionFactory,
    DisseminationEventFactory,
    MembershipFactory,
    OrganisationFactory,
    OutputFactory,
    UptakeFactory,
)


def extend_world(world):
    """An output with one dissemination event and an uptake in each project, one recorded by the coordinator and
    one by the partner's organisation in this project; and this partner's continuation plan."""
    world.output = OutputFactory(project=world.project)
    world.event = DisseminationEventFactory(output=world.output)
    world.uptake = UptakeFactory(output=world.output)
    own = world.membership.organisation
    world.partner_output = OutputFactory(project=world.project, recorded_for=own, created_by=world.partner)
    world.partner_event = DisseminationEventFactory(output=world.partner_output, recorded_for=own)
    world.partner_uptake = UptakeFactory(output=world.partner_output, recorded_for=own)
    world.other_output = OutputFactory(project=world.other_project)
    world.other_event = DisseminationEventFactory(output=world.other_output)
    world.other_uptake = UptakeFactory(output=world.other_output)
    world.contribution = ContributionFactory(project=world.project)
    world.other_contribution = ContributionFactory(project=world.other_project)
    ContinuationPlan.objects.create(
        membership=world.membership, continues="Jatkuu.", decided_by="Hallitus", resources="-"
    )
    world.partner_contribution = ContributionFactory(project=world.project, recorded_for=own, created_by=world.partner)
    # Another member of this project and the entries its own contacts recorded: not the partner's to change.
    world.neighbour = MembershipFactory(project=world.project, organisation=OrganisationFactory(name="Naapuriopisto"))
    theirs = world.neighbour.organisation
    world.neighbour_output = OutputFactory(project=world.project, recorded_for=theirs)
    world.neighbour_event = DisseminationEventFactory(output=world.neighbour_output, recorded_for=theirs)
    world.neighbour_uptake = UptakeFactory(output=world.neighbour_output, recorded_for=theirs)
    world.neighbour_contribution = ContributionFactory(project=world.project, recorded_for=theirs)
    ContinuationPlan.objects.create(membership=world.neighbour, continues="Jatkuu.", decided_by="Johto", resources="-")


def _project(w):
    return {"project_pk": w.project.pk}


def _output(w):
    return {"project_pk": w.project.pk, "output_pk": w.output.pk}


def _other_output(w):
    return {"project_pk": w.project.pk, "output_pk": w.other_output.pk}


def _event(w):
    return {"project_pk": w.project.pk, "event_pk": w.event.pk}


def _other_event(w):
    return {"project_pk": w.project.pk, "event_pk": w.other_event.pk}


def _uptake(w):
    return {"project_pk": w.project.pk, "uptake_pk": w.uptake.pk}


def _other_uptake(w):
    return {"project_pk": w.project.pk, "uptake_pk": w.other_uptake.pk}


def _contribution(w):
    return {"project_pk": w.project.pk, "contribution_pk": w.contribution.pk}


def _other_contribution(w):
    return {"project_pk": w.project.pk, "contribution_pk": w.other_contribution.pk}


def _membership(w):
    return {"project_pk": w.project.pk, "membership_pk": w.membership.pk}


def _other_membership(w):
    return {"project_pk": w.project.pk, "membership_pk": w.other_membership.pk}


URLS = {
    "results:list": (_project, "get", "project_member"),
    # A current member's contact records entries for their own organisation.
    "results:output_create": (_project, "get", "project_member"),
    "results:event_create": (_output, "get", "project_member"),
    "results:uptake_create": (_output, "get", "project_member"),
    # The coordinator's entries: coordinators only.
    "results:output_edit": (_output, "get", "project_coordinator"),
    "results:output_delete": (_output, "get", "project_coordinator"),  # the confirmation page; POST deletes
    "results:output_hide": (_output, "get", "project_coordinator"),  # the confirmation page; POST hides
    # Merging a duplicate: the coordinators', even for a partner's own entries (tests/results/test_merge.py).
    "results:output_merge": (_output, "get", "project_coordinator"),
    "results:event_merge": (_event, "get", "project_coordinator"),
    "results:contribution_merge": (_contribution, "get", "project_coordinator"),
    "results:event_edit": (_event, "get", "project_coordinator"),
    "results:event_delete": (_event, "get", "project_coordinator"),
    "results:uptake_delete": (_uptake, "get", "project_coordinator"),
    "results:contribution_list": (_project, "get", "project_member"),
    "results:contribution_create": (_project, "get", "project_member"),
    "results:contribution_edit": (_contribution, "get", "project_coordinator"),  # the coordinator's entry
    "results:contribution_delete": (_contribution, "get", "project_coordinator"),
    "results:continuation_list": (_project, "get", "project_member"),
    "results:continuation_edit": (_membership, "get", "project_member"),
}

# Checked in tests/results/test_results.py, role by role: the download needs a stored file. The partner's own
# entries (edit and delete by their organisation) in tests/results/test_partner_entries.py.
SPECIAL = {"results:output_file"}

CROSS_PROJECT = {
    "results:output_edit": _other_output,
    "results:output_delete": _other_output,
    "results:output_hide": _other_output,
    "results:output_merge": _other_output,
    "results:event_merge": _other_event,
    "results:contribution_merge": _other_contribution,
    "results:event_create": _other_output,
    "results:uptake_create": _other_output,
    "results:event_edit": _other_event,
    "results:event_delete": _other_event,
    "results:uptake_delete": _other_uptake,
    "results:continuation_edit": _other_membership,
    "results:contribution_edit": _other_contribution,
    "results:contribution_delete": _other_contribution,
}


def _entry(key, attribute):
    return lambda w: {"project_pk": w.project.pk, key: getattr(w, attribute).pk}


# The partner's own organisation's entries: its contacts and the coordinators change them ("project_member"); another
# member's: the coordinators alone ("project_coordinator"). Hiding an output is the coordinators' even for one's own.
ENTRIES = {}
for _whose, _kind in (("partner", "project_member"), ("neighbour", "project_coordinator")):
    ENTRIES |= {
        f"results:output_edit ({_whose})": ("results:output_edit", _entry("output_pk", f"{_whose}_output"), _kind),
        f"results:output_delete ({_whose})": ("results:output_delete", _entry("output_pk", f"{_whose}_output"), _kind),
        f"results:event_edit ({_whose})": ("results:event_edit", _entry("event_pk", f"{_whose}_event"), _kind),
        f"results:event_delete ({_whose})": ("results:event_delete", _entry("event_pk", f"{_whose}_event"), _kind),
        f"results:uptake_delete ({_whose})": ("results:uptake_delete", _entry("uptake_pk", f"{_whose}_uptake"), _kind),
        f"results:contribution_edit ({_whose})": (
            "results:contribution_edit",
            _entry("contribution_pk", f"{_whose}_contribution"),
            _kind,
        ),
        f"results:contribution_delete ({_whose})": (
            "results:contribution_delete",
            _entry("contribution_pk", f"{_whose}_contribution"),
            _kind,
        ),
    }
ENTRIES |= {
    "results:output_hide (partner)": (
        "results:output_hide",
        _entry("output_pk", "partner_output"),
        "project_coordinator",
    ),
    "results:output_merge (partner)": (
        "results:output_merge",
        _entry("output_pk", "partner_output"),
        "project_coordinator",
    ),
    "results:event_merge (partner)": (
        "results:event_merge",
        _entry("event_pk", "partner_event"),
        "project_coordinator",
    ),
    "results:contribution_merge (partner)": (
        "results:contribution_merge",
        _entry("contribution_pk", "partner_contribution"),
        "project_coordinator",
    ),
    "results:continuation_edit (neighbour)": (
        "results:continuation_edit",
        _entry("membership_pk", "neighbour"),
        "project_coordinator",
    ),
    # Any member's contact may record dissemination or an uptake of another member's output: the new entry is
    # recorded for their own organisation, and only it is theirs to change.
    "results:event_create (neighbour)": (
        "results:event_create",
        _entry("output_pk", "neighbour_output"),
        "project_member",
    ),
    "results:uptake_create (neighbour)": (
        "results:uptake_create",
        _entry("output_pk", "neighbour_output"),
        "project_member",
    ),
}
