"""partners' rows of the permission matrix (see tests/test_permissions.py)."""


def _project(w):
    return {"project_pk": w.project.pk}


def _membership(w):
    return {"project_pk": w.project.pk, "membership_pk": w.membership.pk}


def _other_membership(w):
    return {"project_pk": w.project.pk, "membership_pk": w.other_membership.pk}


def _contact(w):
    return {**_membership(w), "contact_pk": w.contact.pk}


def _other_contact(w):
    return {**_membership(w), "contact_pk": w.other_contact.pk}


URLS = {
    "partners:list": (_project, "get", "project_member"),
    "partners:add": (_project, "get", "project_coordinator"),
    "partners:add_existing": (
        lambda w: {"project_pk": w.project.pk, "organisation_pk": w.other_membership.organisation.pk},
        "get",
        "project_coordinator",
    ),
    "partners:detail": (_membership, "get", "project_member"),
    "partners:edit": (_membership, "get", "project_coordinator"),
    "partners:organisation_edit": (_membership, "get", "project_coordinator"),
    "partners:contact_create": (_membership, "get", "project_coordinator"),
    "partners:contact_edit": (_contact, "get", "project_coordinator"),
    "partners:contact_invite": (_contact, "post", "project_coordinator_post"),
    "partners:directory": (_project, "get", "project_member"),
    "partners:directory_csv": (_project, "get", "project_member"),
    "partners:directory_vcard": (_project, "get", "project_member"),
    # The world's partner is a contact of w.membership's organisation: they may edit its profile.
    "partners:profile_edit": (_membership, "get", "project_member"),
    # A contact person's own details (the world's partner is w.contact): every signed-in user has the list
    # (empty when they are nobody's contact); only the person opens their contact.
    "partners:own_list": (lambda w: {}, "get", "signed_in"),
    # "My organisation": straight to the one organisation's profile, else the list (empty for non-contacts).
    "partners:own_organisations": (lambda w: {}, "get", "own_organisations"),
    "partners:own_edit": (lambda w: {"contact_pk": w.contact.pk}, "get", "own_contact"),
}

ACCESS_KINDS = {
    "own_contact": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 200,
        "coordinator": 404,
        "funder": 404,
    },
    "own_organisations": {
        "anonymous": "login",
        "other_coordinator": 200,
        "other_partner": 302,
        "partner": 302,
        "coordinator": 200,
        "funder": 200,
    },
}

# Checked by its own tests (tests/partners/test_invitations.py): it answers by token.
SPECIAL = {"partners:invitation"}

# This project's URL with another project's object inside it.
CROSS_PROJECT = {
    "partners:detail": _other_membership,
    "partners:edit": _other_membership,
    "partners:organisation_edit": _other_membership,
    "partners:contact_create": _other_membership,
    "partners:contact_edit": _other_contact,
    "partners:contact_invite": _other_contact,
    "partners:profile_edit": _other_membership,
}
