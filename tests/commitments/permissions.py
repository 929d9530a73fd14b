"""commitments' rows of the permission matrix (see tests/test_permissions.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments.models import SignatureRequest
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import MembershipFactory


def extend_world(world):
    """A sent letter in this project (the partner's organisation) and in the other project."""
    from commitments import services

    for project, membership, coordinator in [
        (world.project, world.membership, world.coordinator),
        (world.other_project, world.other_membership, world.other_coordinator),
    ]:
        publish_rules(project, coordinator)
        services.send_version(draft_letter(membership, coordinator), actor=coordinator)
    # A second member of this project whose letter was signed on paper (its scan is a coordinator's download).
    world.paper_membership = MembershipFactory(project=world.project)
    draft = draft_letter(world.paper_membership, world.coordinator)
    today = timezone.localdate()
    services.record_paper_signature(
        draft,
        upload=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 signed on paper"),
        content_type="application/pdf",
        contact=services.PaperSigner("Pia Partneri", "Yhteyshenkilö", today),
        management=services.PaperSigner("Riitta Rehtori", "Rehtori", today),
        actor=world.coordinator,
    )
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
    "commitments:rules_publish": (_project, "get", "project_coordinator_post_404"),
    "commitments:rules_resend": (_letter, "post", "project_coordinator_post"),
    "commitments:settings": (_project, "get", "project_coordinator"),
    "commitments:verify": (_project, "get", "project_coordinator"),
    "commitments:letter": (_letter, "get", "own_letter"),
    "commitments:letter_edit": (_letter, "get", "project_coordinator_redirect"),
    "commitments:letter_send": (_letter, "post", "project_coordinator_post"),
    "commitments:letter_new_version": (_letter, "post", "project_coordinator_post"),
    "commitments:letter_pdf": (lambda w: {**_letter(w), "number": 1}, "get", "own_letter"),
    "commitments:request_resend": (_request, "post", "project_coordinator_post"),
    "commitments:request_revoke": (_request, "get", "project_coordinator"),
    # The world's letter is sent, not signed: amending it, or recording it as signed on paper, sends the
    # coordinator back to the letter page; nobody else reaches either.
    "commitments:letter_amend": (_letter, "get", "project_coordinator_redirect"),
    "commitments:letter_paper": (_letter, "get", "project_coordinator_redirect"),
    "commitments:paper_scan": (
        lambda w: {"project_pk": w.project.pk, "membership_pk": w.paper_membership.pk},
        "get",
        "paper_scan",
    ),
    # Issue 21: the letter's tasks with their follow-through (the member's contacts and the coordinator), the
    # coordinator's goals × members matrix, and the to-dos' ways to sign and to accept the rules from one's account.
    "commitments:letter_tasks": (_letter, "get", "own_letter"),
    "commitments:task_matrix": (_project, "get", "project_coordinator"),
    "commitments:letter_sign_own": (_letter, "get", "own_letter_redirect"),
    "commitments:rules_accept_own": (_project, "get", "project_member_redirect"),
    # The identity provider's return: public, and without a state this browser's session started, a 400.
    "commitments:identified": (lambda w: {}, "get", "identification_return"),
}

# Token pages: tested in test_signing.py (unknown, expired, revoked, used, superseded).
SPECIAL = {
    "commitments:sign",
    "commitments:decline",
    "commitments:delegate",
    "commitments:pdf",
    "commitments:send_current",
    "commitments:signing_rules",
    "commitments:amendment",  # tested in test_amendment.py (used, and the contact's language)
    "commitments:identify",  # tested in test_identification.py (only a management signatory's live link)
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
ACCESS_KINDS["own_letter_redirect"] = {
    # The partner's open signature request: a fresh link to the signing page; the coordinator back to the letter.
    "anonymous": "login",
    "other_coordinator": 404,
    "other_partner": 404,
    "partner": 302,
    "coordinator": 302,
    "funder": 404,
}
ACCESS_KINDS["project_member_redirect"] = {
    # A to-do's way in: on to the token page when something waits for the user, else back with a message.
    "anonymous": "login",
    "other_coordinator": 404,
    "other_partner": 404,
    "partner": 302,
    "coordinator": 302,
    "funder": 404,
}
ACCESS_KINDS["identification_return"] = dict.fromkeys(ACCESS_KINDS["overview"], 400)
ACCESS_KINDS["paper_scan"] = {
    # Another member's scanned letter: the coordinator's; the partner's organisation is not that member.
    "anonymous": "login",
    "other_coordinator": 404,
    "other_partner": 404,
    "partner": 404,
    "coordinator": 200,
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
    "commitments:letter_amend": _other_letter,
    "commitments:letter_paper": _other_letter,
    "commitments:paper_scan": _other_letter,
    "commitments:letter_tasks": _other_letter,
    "commitments:letter_sign_own": _other_letter,
}


# Another member's letter tasks (the member whose letter was signed on paper): the coordinators' and that member's
# contacts', not the partner's.
ENTRIES = {
    "commitments:letter_tasks (another member)": (
        "commitments:letter_tasks",
        lambda w: {"project_pk": w.project.pk, "membership_pk": w.paper_membership.pk},
        "project_coordinator",
    ),
}
