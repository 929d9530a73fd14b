"""mobility's rows of the permission matrix (see tests/test_permissions.py)."""

from tests.factories import MembershipFactory, MobilityFactory, OrganisationFactory


def extend_world(world):
    """A mobility of the partner's own organisation in this project, and one in the other project."""
    world.mobility = MobilityFactory(project=world.project, sending_organisation=world.membership.organisation)
    # Another member's record in this project: not the partner's to change.
    neighbour = MembershipFactory(project=world.project, organisation=OrganisationFactory(name="Naapurikoulu"))
    world.neighbour_mobility = MobilityFactory(project=world.project, sending_organisation=neighbour.organisation)
    world.other_mobility = MobilityFactory(
        project=world.other_project, sending_organisation=world.other_membership.organisation
    )


def _project(w):
    return {"project_pk": w.project.pk}


def _mobility(w):
    return {"project_pk": w.project.pk, "mobility_pk": w.mobility.pk}


def _other_mobility(w):
    return {"project_pk": w.project.pk, "mobility_pk": w.other_mobility.pk}


URLS = {
    "mobility:list": (_project, "get", "project_member"),
    "mobility:create": (_project, "get", "project_member"),
    # The partner's own organisation sends this one; another member's record is 404 (tests/mobility).
    "mobility:edit": (_mobility, "get", "project_member"),
    "mobility:delete": (_mobility, "get", "project_member"),  # the confirmation page; POST deletes
    "mobility:import": (_project, "get", "project_member"),
    "mobility:import_template": (_project, "get", "project_member"),
}

SPECIAL = set()

CROSS_PROJECT = {
    "mobility:edit": _other_mobility,
    "mobility:delete": _other_mobility,
}


def _neighbour_mobility(w):
    return {"project_pk": w.project.pk, "mobility_pk": w.neighbour_mobility.pk}


# The partner's own organisation's record is in URLS; another member's is the coordinators' alone.
ENTRIES = {
    "mobility:edit (neighbour)": ("mobility:edit", _neighbour_mobility, "project_coordinator"),
    "mobility:delete (neighbour)": ("mobility:delete", _neighbour_mobility, "project_coordinator"),
}
