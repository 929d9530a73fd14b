"""commitments' rows of the permission matrix (see tests/test_permissions.py)."""

from commitments.models import SignatureRequest
from tests.commitments.helpers import draft_letter, publish_rules


def extend_world(world):
    """A sent letter in this project (the partner's organisation) and in the other project."""
    from commitments import services

    for project, membership, coordinator in [
        (world.project, world.membership, world.coordinator),
        (world.other_project, world.other_membership, world.other_coordinator),
    ]:
        publish_rules(project, coordinator)
        services.send_version(draft_letter(membership, coordinator), actor=coordinator)
    world.request = SignatureRequest.objects.filter(version__letter__membership=world.membership).first()
    world.other_request = SignatureRequest.objects.filter(version__letter__membership=world.other_membership).first()


def _project(w):
    return {"project_pk": w.project.pk}


def _letter(w):
    return {"project_pk": w.project.pk, "membership_pk": w.membership.pk}


def _request(w):
    return {**_letter(w), "request_pk": w.request.pk}


ACCESS_KINDS = {
    # The letter of the partner's own organisation: its contacts see it; other members' contacts do not.
    "own_letter": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 200,
        "coordinator": 200,
        "funder": 404,
    },
    # The overview sends a partner on to their own organisation's letter.
    "overview": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 302,
        "coordinator": 200,
        "funder": 404,
    },
}

URLS = {
    "commitments:overview": (_project, "get", "overview"),
    "commitments:rules": (_project, "get", "project_member"),
    "commitments:rules_publish": (_project, "post", "project_coordinator_post_404"),
    "commitments:rules_resend": (_letter, "post", "project_coordinator_post"),
    "commitments:settings": (_project, "get", "project_coordinator"),
    "commitments:verify": (_project, "get", "project_coordinator"),
    "commitments:letter": (_letter, "get", "own_letter"),
    "commitments:letter_edit": (_letter, "get", "project_coordinator_redirect"),
    "commitments:letter_send": (_letter, "post", "project_coordinator_post"),
    "commitments:letter_new_version": (_letter, "post", "project_coordinator_post"),
    "commitments:letter_pdf": (lambda w: {**_letter(w), "number": 1}, "get", "own_letter"),
    "commitments:request_resend": (_request, "post", "project_coordinator_post"),
    "commitments:request_revoke": (_request, "post", "project_coordinator_post"),
}

# Token pages: tested in test_signing.py (unknown, expired, revoked, used, superseded).
SPECIAL = {
    "commitments:sign",
    "commitments:decline",
    "commitments:delegate",
    "commitments:pdf",
    "commitments:send_current",
    "commitments:signing_rules",
}

ACCESS_KINDS["project_coordinator_post_404"] = {
    # Publishing needs a draft; with none it is 404 for the coordinator too, and never reachable for others.
    "anonymous": "login",
    "other_coordinator": 404,
    "other_partner": 404,
    "partner": 404,
    "coordinator": 404,
    "funder": 404,
}
ACCESS_KINDS["project_coordinator_redirect"] = {
    # A sent letter is not edited: the coordinator is sent back to the letter page.
    "anonymous": "login",
    "other_coordinator": 404,
    "other_partner": 404,
    "partner": 404,
    "coordinator": 302,
    "funder": 404,
}


def _other_letter(w):
    return {"project_pk": w.project.pk, "membership_pk": w.other_membership.pk}


def _other_request(w):
    return {**_letter(w), "request_pk": w.other_request.pk}


CROSS_PROJECT = {
    "commitments:letter": _other_letter,
    "commitments:letter_edit": _other_letter,
    "commitments:letter_send": _other_letter,
    "commitments:letter_new_version": _other_letter,
    "commitments:letter_pdf": lambda w: {**_other_letter(w), "number": 1},
    "commitments:request_resend": _other_request,
    "commitments:request_revoke": _other_request,
}
