"""reports' rows of the permission matrix (see tests/test_permissions.py).

Report pages are the coordinator's: partners, other projects' users and reviewers get 404 on drafts.
The review pages are the funder reviewers': everyone else gets 404, and only submitted reports exist.
"""

from projects.models import ReportType
from reports import services
from reports.models import FollowUp, ReportStatus
from tests.reports.helpers import draft, submitted


def extend_world(world):
    """In this project a submitted report and a draft; in the other project a draft."""
    world.report = submitted(world.project, world.coordinator)
    start = world.report.period_end.replace(day=1)
    world.draft = services.create_report(
        world.project, report_type=ReportType.STATUS, period=(start, start), actor=world.coordinator
    )
    world.other_draft = draft(world.other_project, world.other_coordinator)
    world.follow_up = FollowUp.objects.create(
        project=world.project, author=world.funder, due_date=world.report.period_end, what="Ask about item 4"
    )
    assert world.report.status == ReportStatus.SUBMITTED


def _project(w):
    return {"project_pk": w.project.pk}


def _report(w):
    return {"project_pk": w.project.pk, "report_pk": w.report.pk}


def _draft(w):
    return {"project_pk": w.project.pk, "report_pk": w.draft.pk}


ACCESS_KINDS = {
    "funder": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 404,
        "coordinator": 404,
        "funder": 200,
    },
    # A case-work form posted empty: the card again with the form's errors for a reviewer.
    "funder_form": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 404,
        "coordinator": 404,
        "funder": 200,
    },
    "funder_post": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 404,
        "coordinator": 404,
        "funder": 302,
    },
}

URLS = {
    "reports:list": (_project, "get", "project_coordinator"),
    "reports:create": (lambda w: _project(w), "post", "project_coordinator_404"),
    "reports:detail": (_draft, "get", "project_coordinator"),
    "reports:edit": (_draft, "get", "project_coordinator"),
    "reports:render": (_draft, "post", "project_coordinator_post"),
    "reports:pdf": (_report, "get", "project_coordinator"),
    "reports:submit": (_draft, "post", "project_coordinator_post"),
    "reports:version_pdf": (lambda w: {**_report(w), "number": 1}, "get", "project_coordinator"),
    "reports:queue": (lambda w: {}, "get", "funder"),
    "reports:queue_csv": (lambda w: {}, "get", "funder"),
    "reports:queue_xlsx": (lambda w: {}, "get", "funder"),
    "reports:projects": (lambda w: {}, "get", "funder"),
    "reports:deadlines": (_project, "get", "funder"),
    # Issue 22: the funder's project card and its case work. A coordinator gets 404 on every card, their own too.
    "reports:card": (_project, "get", "funder"),
    "reports:card_officer": (_project, "post", "funder_post"),  # posted empty: no officer, a valid choice
    "reports:card_note": (_project, "post", "funder_form"),
    "reports:card_follow_up": (_project, "post", "funder_form"),
    "reports:card_follow_up_done": (
        lambda w: {"project_pk": w.project.pk, "follow_up_pk": w.follow_up.pk},
        "post",
        "funder_post",
    ),
    "reports:report": (lambda w: {"report_pk": w.report.pk}, "get", "funder"),
    "reports:review_version_pdf": (lambda w: {"report_pk": w.report.pk, "number": 1}, "get", "funder"),
    "reports:transition": (lambda w: {"report_pk": w.report.pk, "action": "content_check"}, "post", "funder_post"),
}

ACCESS_KINDS["project_coordinator_404"] = {
    # Creating needs one of the programme's deadlines; with none given it is 404 for the coordinator too.
    "anonymous": "login",
    "other_coordinator": 404,
    "other_partner": 404,
    "partner": 404,
    "coordinator": 404,
    "funder": 404,
}

SPECIAL = set()

CROSS_PROJECT = {
    "reports:detail": lambda w: {"project_pk": w.project.pk, "report_pk": w.other_draft.pk},
    "reports:edit": lambda w: {"project_pk": w.project.pk, "report_pk": w.other_draft.pk},
    "reports:render": lambda w: {"project_pk": w.project.pk, "report_pk": w.other_draft.pk},
    "reports:submit": lambda w: {"project_pk": w.project.pk, "report_pk": w.other_draft.pk},
    "reports:version_pdf": lambda w: {"project_pk": w.project.pk, "report_pk": w.other_draft.pk, "number": 1},
}
