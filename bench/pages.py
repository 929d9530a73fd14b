"""The main pages the load and scale benchmarks measure, as the demo's three roles see them.

Each page is (role, name, path). The demo's VERKKO project is the project the coordinator and the
partner open; the reviewer opens the review queue, the reviewer's project list and VERKKO's
submitted interim report. `/healthz` needs no sign-in and is the load run's reference.
"""

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.two_factor import mark_verified_session, requires_two_factor_by_role
from projects.models import Project
from reports.models import Report, ReportStatus

VERKKO = "OPH-1234-2026"
ACCOUNTS = {
    "coordinator": "koordinaattori@demo.networkhub.fi",
    "partner": "kumppani@demo.networkhub.fi",
    "reviewer": "arvioija@demo.networkhub.fi",
}
HEALTHZ = "healthz"
# Issue 22: the overview sorted by the risk score and filtered by an item's status and the phase.
OVERVIEW_FILTERED = "?sort=risk&item=meetings&item_status=red&phase=running"


def coordinator_pages(project, role="coordinator"):
    """The project's pages as its coordinator sees them."""
    pk = project.pk
    return [
        (role, "project list", reverse("home:projects")),
        (role, "project home", reverse("home:project", args=[pk])),
        (role, "members", reverse("partners:list", kwargs={"project_pk": pk})),
        (role, "meetings", reverse("meetings:list", kwargs={"project_pk": pk})),
        (role, "commitments overview", reverse("commitments:overview", kwargs={"project_pk": pk})),
    ]


def demo_pages():
    """The pages, with paths resolved on the current database (the demo must be seeded)."""
    project = Project.objects.get(case_number=VERKKO)
    pk = project.pk
    report = Report.objects.filter(project=project).order_by("pk").first()
    submitted = Report.objects.exclude(status=ReportStatus.DRAFT).order_by("pk").first()
    pages = coordinator_pages(project)
    if report is not None:
        pages.append(
            ("coordinator", "report", reverse("reports:detail", kwargs={"project_pk": pk, "report_pk": report.pk}))
        )
    pages += [
        ("partner", "project list", reverse("home:projects")),
        ("partner", "project home", reverse("home:project", args=[pk])),
        ("partner", "members", reverse("partners:list", kwargs={"project_pk": pk})),
        ("partner", "meetings", reverse("meetings:list", kwargs={"project_pk": pk})),
        ("reviewer", "review queue", reverse("reports:queue")),
        ("reviewer", "reviewer project list", reverse("reports:projects")),
        ("reviewer", "programme overview", reverse("home:overview")),
        ("reviewer", "programme overview, by risk, filtered", reverse("home:overview") + OVERVIEW_FILTERED),
        # The page reads the figures the refresh job stores (home.figures); the warm-ups store them when none are.
        ("reviewer", "programme aggregates", reverse("home:programme", args=[project.programme.code])),
    ]
    if submitted is not None:
        pages.append(("reviewer", "review report", reverse("reports:report", args=[submitted.pk])))
    pages.append((None, HEALTHZ, reverse("healthz")))
    return pages


def user(role_or_email):
    return User.objects.get(email=ACCOUNTS.get(role_or_email, role_or_email))


def sign_in(client, account):
    """Sign `client` in as `account`; a reviewer's session is verified by a second factor, as its sign-in
    would be (accounts.two_factor), or the reviewer's pages answer with the second-factor step."""
    signed_in = user(account)
    client.force_login(signed_in)
    if requires_two_factor_by_role(signed_in):
        device = TOTPDevice.objects.filter(user=signed_in, confirmed=True).first() or TOTPDevice.objects.create(
            user=signed_in, name="authenticator", confirmed=True
        )
        session = client.session
        mark_verified_session(session, device)
        session.save()


def label(role, name):
    return name if role is None else f"{role}: {name}"
