"""axe-core (bundled by axe-playwright-python) on the main pages, in Finnish and Swedish, as each role
sees them with the demo's data: any WCAG 2.1 A/AA violation fails (issue 13, "Accessibility")."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp

from accounts.demo import demo_key
from commitments.models import Letter
from meetings.models import Invitation, Meeting, TimePoll
from meetings.tasks import rsvp_url
from outreach.models import Announcement
from partners.models import ContactPerson, Membership
from projects.models import Project
from reports.models import RenderStatus, Report
from results.models import Output

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-for-axe"
PARTNER = "kumppani@demo.networkhub.fi"  # Mikko Korhonen, a contact of a member of VERKKO
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def _type_code(page, email):
    """The funder reviewer's second step: the code from the key seed_demo enrolled them with."""
    page.locator("#id_code").fill(f"{totp(demo_key(PASSWORD, email)):06d}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/two-factor/)"))


def _language(page, code):
    page.context.add_cookies([{"name": "django_language", "value": code, "url": page.url}])


def _coordinator_pages():
    project = Project.objects.get(case_number="OPH-1234-2026")
    membership = Membership.objects.filter(project=project, letter__isnull=False).order_by("pk").first()
    meeting = Meeting.objects.filter(project=project).order_by("-start").first()
    report = Report.objects.filter(project=project).first()
    invitation = Invitation.objects.filter(meeting__project=project).order_by("pk").first()
    contact = ContactPerson.objects.filter(organisation__memberships__project=project).order_by("pk").first()
    contact_membership = Membership.objects.get(project=project, organisation_id=contact.organisation_id)
    pk = project.pk
    pages = [
        reverse("home:projects"),
        reverse("home:project", args=[pk]),
        reverse("partners:list", args=[pk]),
        reverse("partners:directory", args=[pk]),
        reverse("commitments:overview", args=[pk]),
        reverse("commitments:letter", args=[pk, membership.pk]),
        reverse("commitments:rules", args=[pk]),
        reverse("meetings:list", args=[pk]),
        reverse("meetings:detail", args=[pk, meeting.pk]),
        reverse("goals:idea_list", args=[pk]),
        reverse("goals:review_list", args=[pk]),
        reverse("results:list", args=[pk]),
        reverse("mobility:list", args=[pk]),
        reverse("mobility:create", args=[pk]),
        reverse("mobility:import", args=[pk]),
        reverse("onboarding:wizard", args=[pk]),
        reverse("pulse:results", args=[pk]),
        reverse("reports:list", args=[pk]),
        reverse("projects:messages", args=[pk]),
        # The time-zone select with the members' zones first, and the contact form that sets a contact's zone.
        reverse("meetings:create", args=[pk]),
        reverse("partners:contact_edit", args=[pk, contact_membership.pk, contact.pk]),
        # A meeting's reply page from an e-mailed link, with the contact's own time beside the meeting's.
        urlsplit(rsvp_url(invitation)).path,
        reverse("accounts:overview"),
        reverse("accounts:enrol"),
        # The confirmation step before an irreversible action (networkhub/confirm.html): sending a draft letter.
        reverse("commitments:letter_send", args=[pk, _draft_letter_membership(project).pk]),
    ]
    if report is not None:
        pages.append(reverse("reports:detail", args=[pk, report.pk]))
    # Issue 23: the poll page, whose alert box links to the meeting the poll became (link contrast on a tint).
    for poll in TimePoll.objects.filter(project=project).order_by("pk"):
        pages.append(reverse("meetings:poll_detail", args=[pk, poll.pk]))
    # Issue 19's pages: the network map with its filters and comparison, a letter amendment, a paper signature.
    earlier = (project.start_date).isoformat()
    pages.append(reverse("health:network_map", args=[pk]) + f"?kinds=meetings&compare={earlier}")
    signed = Membership.objects.filter(project=project, letter__versions__status="signed").order_by("pk").first()
    pages.append(reverse("commitments:letter_amend", args=[pk, signed.pk]))
    pages.append(reverse("commitments:letter_paper", args=[pk, _draft_letter_membership(project).pk]))
    # Issue 21's pages: task follow-through, partners' contributions, uptake and continuation plans.
    output = Output.objects.filter(project=project).order_by("pk").first()
    pages += [
        reverse("commitments:letter_tasks", args=[pk, signed.pk]),
        reverse("commitments:task_matrix", args=[pk]),
        reverse("results:contribution_list", args=[pk]),
        reverse("results:contribution_create", args=[pk]),
        reverse("results:continuation_list", args=[pk]),
        reverse("results:continuation_edit", args=[pk, signed.pk]),
        reverse("results:uptake_create", args=[pk, output.pk]),
    ]
    # Issue 21 part 7: announcements (the demo's sent one, with its delivery) and the motivation log.
    sent = Announcement.objects.filter(project=project).order_by("pk").first()
    pages += [
        reverse("outreach:announcements", args=[pk]),
        reverse("outreach:announcement_create", args=[pk]),
        reverse("outreach:announcement", args=[pk, sent.pk]),
        reverse("outreach:motivation", args=[pk]),
        reverse("outreach:motivation_create", args=[pk]),
    ]
    return pages


def _partner_pages():
    """Issue 21's pages as a member's contact sees them: their to-dos, "My contact details" and "My organisation",
    their letter's tasks with a form per task, the action items they may mark done, and the forms for an output
    (with its co-authors), its dissemination and a mobility."""
    project = Project.objects.get(case_number="OPH-1234-2026")
    own = Membership.objects.get(project=project, organisation__contacts__user__email=PARTNER)
    output = Output.objects.filter(project=project, recorded_for=own.organisation).order_by("pk").first()
    pk = project.pk
    return [
        reverse("home:projects"),
        reverse("partners:own_list"),
        reverse("partners:own_organisations"),
        reverse("commitments:letter_tasks", args=[pk, own.pk]),
        reverse("meetings:actions", args=[pk]),
        reverse("results:list", args=[pk]),
        reverse("results:output_create", args=[pk]),
        reverse("results:output_edit", args=[pk, output.pk]),
        reverse("results:event_create", args=[pk, output.pk]),
        reverse("results:continuation_edit", args=[pk, own.pk]),
        reverse("mobility:list", args=[pk]),
        reverse("mobility:create", args=[pk]),
    ]


def _draft_letter_membership(project):
    return Membership.objects.get(project=project, letter__versions__status="draft")


def _violations(page, axe, path):
    response = page.goto(path)
    assert response.status == 200, f"{path}: {response.status}"
    result = axe.run(page, options=WCAG_AA)
    return [
        f"{path}: {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result.response["violations"]
    ]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_main_pages_have_no_axe_violations(page, live_server, language):
    call_command("seed_demo", password=PASSWORD)
    assert Letter.objects.exists()
    axe = Axe()
    problems = []
    page.goto("/accounts/login/")
    _language(page, language)
    problems += _violations(page, axe, "/accounts/login/")
    problems += _violations(page, axe, reverse("accounts:accessibility"))  # the statement and its feedback form
    _sign_in(page, "koordinaattori@demo.networkhub.fi")
    _language(page, language)
    for path in _coordinator_pages():
        problems += _violations(page, axe, path)
        if "/amend/" in path or "/paper/" in path:  # the forms themselves, not a redirect away from them
            assert urlsplit(page.url).path == path, page.url
    page.context.clear_cookies()
    _sign_in(page, "arvioija@demo.networkhub.fi")
    _language(page, language)
    problems += _violations(page, axe, reverse("accounts:verify"))
    _type_code(page, "arvioija@demo.networkhub.fi")
    overview = reverse("home:overview")
    for path in (
        reverse("reports:queue"),
        reverse("reports:projects"),
        f"{overview}?report=overdue&include_closed=on",
        reverse("home:programmes"),  # the programme aggregates, with their two region maps
        reverse("home:programme", kwargs={"code": "tyoelama-2025"}),
    ):
        problems += _violations(page, axe, path)
    # A member's contact: issue 21's pages where partners record and follow through their own work.
    page.context.clear_cookies()
    _sign_in(page, PARTNER)
    _language(page, language)
    for path in _partner_pages():
        problems += _violations(page, axe, path)
    # The confirmation before submitting a report to the funder, for BRO's draft status report.
    page.context.clear_cookies()
    _sign_in(page, "koordinator@demo.networkhub.fi")
    _language(page, language)
    draft = Report.objects.get(project__case_number="OPH-877-2025", status="draft")
    # The step is offered once the draft's PDF is made; the worker making it is not part of this test.
    Report.objects.filter(pk=draft.pk).update(render_status=RenderStatus.DONE)
    submit = reverse("reports:submit", args=[draft.project_id, draft.pk])
    problems += _violations(page, axe, submit)
    assert page.url.endswith(submit), page.url  # the confirmation itself, not a redirect
    # Issue 23: BRO's project home, Swedish by its coordinator's choice, with links inside its alert boxes.
    problems += _violations(page, axe, reverse("home:project", args=[draft.project_id]))
    assert not problems, "\n".join(problems)
