"""Drafts, the PDF task, submission, review and the queue."""

import re
import threading
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from commitments import services as commitment_services
from commitments.models import SignatureRequest
from commitments.models import TokenPurpose as CommitmentLink
from networkhub import tokens
from networkhub.models import AuditEvent
from reports import data, services
from reports.demo import render_now
from reports.forms import ReportForm
from reports.models import (
    BudgetCategory,
    ProjectDeadline,
    RenderStatus,
    Report,
    ReportBudgetLine,
    ReportGoalEntry,
    ReportStatus,
    ReportVersion,
)
from tests.audit_coverage import no_writes
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import GoalFactory, sign_in

from .helpers import draft, fake_render, grow_network, interim_deadline, pdf_pages, pdftotext, submitted


def _detail(report):
    return reverse("reports:detail", args=[report.project_id, report.pk])


def _finnish(day):
    return f"{day.day}.{day.month}.{day.year}"


def test_self_check_lists_what_is_missing(world, client):
    GoalFactory(project=world.project, title="Liikkuvuus kasvaa")
    report = draft(world.project, world.coordinator)
    client.force_login(world.coordinator)
    page = client.get(_detail(report)).content.decode()
    assert re.search(
        rf"[“”]{re.escape('Liikkuvuus kasvaa')}”", page
    )  # the self-check quotes the goal without an actual value
    assert "Kumppaniopisto" in page  # its letter is not signed
    missing = data.self_check(data.build(report))
    assert len(missing) == 5  # actual value, unsigned letter, no meeting, nothing disseminated, empty summary


def test_html_in_user_text_is_escaped_in_preview_and_pdf(world, client, django_capture_on_commit_callbacks):
    report = draft(world.project, world.coordinator)
    Report.objects.filter(pk=report.pk).update(summary='<script>alert("x")</script><b>lihava</b>')
    client.force_login(world.coordinator)
    page = client.get(_detail(report)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:render", args=[world.project.pk, report.pk]))
    report.refresh_from_db()
    assert '<script>alert("x")</script><b>lihava</b>' in " ".join(pdftotext(report.read_rendered_pdf()).split())


def test_a_failed_render_says_so_and_can_be_retried(world, client, monkeypatch, django_capture_on_commit_callbacks):
    report = draft(world.project, world.coordinator)
    client.force_login(world.coordinator)

    def broken(_data):
        raise OSError("font cache is broken")

    monkeypatch.setattr("reports.tasks.render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:render", args=[world.project.pk, report.pk]))
    report.refresh_from_db()
    assert report.render_status == RenderStatus.FAILED
    page = client.get(_detail(report)).content.decode()
    assert "font cache is broken" in page
    assert reverse("reports:render", args=[world.project.pk, report.pk]) in page  # the retry button
    assert reverse("reports:submit", args=[world.project.pk, report.pk]) not in page
    client.post(reverse("reports:submit", args=[world.project.pk, report.pk]))
    assert not ReportVersion.objects.exists()  # nothing half-finished is ever submitted
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:render", args=[world.project.pk, report.pk]))
    report.refresh_from_db()
    assert report.render_status == RenderStatus.DONE
    assert report.read_rendered_pdf().startswith(b"%PDF")


def test_while_rendering_the_page_refreshes_itself(world, client):
    report = draft(world.project, world.coordinator)
    client.force_login(world.coordinator)
    client.post(reverse("reports:render", args=[world.project.pk, report.pk]))  # not committed: stays queued
    page = client.get(_detail(report)).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page


def test_a_stale_pdf_is_not_submitted(world):
    report = draft(world.project, world.coordinator)
    fake_render(report)
    Report.objects.filter(pk=report.pk).update(summary="Muutettu")
    with pytest.raises(services.ReportError):
        services.submit(report, actor=world.coordinator)
    assert report.versions.count() == 0


def test_submitting_twice_makes_one_version(world):
    report = draft(world.project, world.coordinator)
    fake_render(report)
    services.submit(report, actor=world.coordinator)
    with pytest.raises(services.ReportError):
        services.submit(report, actor=world.coordinator)
    assert report.versions.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_make_one_version(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    report = draft(world.project, world.coordinator)
    fake_render(report)
    barrier, results = threading.Barrier(2), []

    def submit():
        barrier.wait()
        try:
            services.submit(report, actor=world.coordinator)
            results.append("ok")
        except services.ReportError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert ReportVersion.objects.filter(report=report).count() == 1


def test_a_report_in_review_is_not_edited(world, client):
    report = submitted(world.project, world.coordinator)
    client.force_login(world.coordinator)
    assert client.get(reverse("reports:edit", args=[world.project.pk, report.pk])).status_code == 302
    page = client.get(_detail(report)).content.decode()
    assert reverse("reports:submit", args=[world.project.pk, report.pk]) not in page
    assert reverse("reports:version_pdf", args=[world.project.pk, report.pk, 1]) in page
    with pytest.raises(services.ReportError):
        services.request_render(report, actor=world.coordinator)


def test_coordinator_edits_goals_and_budget(world, client):
    goal = GoalFactory(project=world.project)
    report = draft(world.project, world.coordinator)
    client.force_login(world.coordinator)
    url = reverse("reports:edit", args=[world.project.pk, report.pk])
    page = client.get(url).content.decode()
    assert "outputs-TOTAL_FORMS" not in page  # outputs come from the project's results, not typed in
    assert reverse("results:list", args=[world.project.pk]) in page
    entry = report.goal_entries.get()
    lines = list(report.budget_lines.order_by("pk"))
    start = world.project.start_date
    period_start, period_end = start.isoformat(), start.replace(year=start.year + 1).isoformat()
    post = {
        "language": "sv", "period_start": period_start, "period_end": period_end, "summary": "Sammanfattning",
        "what_worked": "", "challenges": "", "next_steps": "", "self_financing_actual_eur": "1000",
        "goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "1", "goals-0-id": entry.pk, "goals-0-report": report.pk,
        "goals-0-actual": "12", "goals-0-activities": "Jaksot", "goals-0-results": "Hyvä",
        "budget-TOTAL_FORMS": str(len(lines)), "budget-INITIAL_FORMS": str(len(lines)),
    }  # fmt: skip
    for index, line in enumerate(lines):
        post.update(
            {f"budget-{index}-id": line.pk, f"budget-{index}-planned_eur": "100", f"budget-{index}-actual_eur": "50"}
        )
    response = client.post(url, post)
    assert response.status_code == 302, response.context and [f.errors for f in (response.context["form"],)]
    built = data.build(Report.objects.get(pk=report.pk))
    assert built["goals"][0]["title"] == goal.title and built["goals"][0]["has_actual"]
    assert built["budget"]["self_financing_share"] == 500.0  # 1,000 of 200 actual
    assert built["meta"]["language"] == "sv"


def test_extension_moves_the_deadline_on_the_dashboard(world, client):
    deadline = interim_deadline(world.project)
    client.force_login(world.coordinator)
    page = client.get(reverse("home:project", args=[world.project.pk])).content.decode()
    assert _finnish(deadline.due_date) in page
    extended = deadline.due_date + timedelta(days=75)
    services.grant_extension(world.project, deadline, extended, actor=world.funder, reason="Sairausloma")
    assert ProjectDeadline.objects.get().due_date == extended
    page = client.get(reverse("home:project", args=[world.project.pk])).content.decode()
    assert _finnish(extended) in page
    assert not ProjectDeadline.objects.filter(project=world.other_project).exists()


def test_reviewer_never_sees_a_draft(world, client):
    report = draft(world.project, world.coordinator)
    sign_in(client, world.funder)
    assert client.get(reverse("reports:report", args=[report.pk])).status_code == 404
    assert report.project.acronym not in client.get(reverse("reports:queue")).content.decode()
    client.force_login(world.partner)
    assert client.get(_detail(report)).status_code == 404


def test_queue_filters_and_csv(world, client):
    report = submitted(world.project, world.coordinator)
    other = submitted(world.other_project, world.other_coordinator)
    services.review(other, "content_check", actor=world.funder)
    sign_in(client, world.funder)
    body = client.get(reverse("reports:queue"), {"status": "content_check"}).content.decode()
    assert other.project.acronym in body and report.project.acronym not in body
    body = client.get(reverse("reports:queue"), {"programme": report.project.programme_id}).content.decode()
    assert report.project.acronym in body and other.project.acronym not in body
    Report.objects.filter(pk=report.pk).update(due_date=date(2020, 1, 1))
    body = client.get(reverse("reports:queue"), {"overdue": "on"}).content.decode()
    assert report.project.acronym in body and other.project.acronym not in body
    response = client.get(reverse("reports:queue_csv"), {"report_type": "interim"})
    csv = b"".join(response.streaming_content).decode()
    assert report.project.case_number in csv and other.project.case_number in csv
    assert len(csv.strip().splitlines()) == 3


def test_request_for_information_needs_a_comment(world):
    report = submitted(world.project, world.coordinator)
    with pytest.raises(services.ReportError):
        services.review(report, "request_info", actor=world.funder, comment=" ")
    with pytest.raises(services.ReportError):
        services.review(report, "accept", actor=world.funder)  # content and financial checks come first


@pytest.mark.parametrize("url_name", ["preview", "queue"])
def test_query_counts_do_not_grow_with_the_network(world, client, django_assert_max_num_queries, url_name):
    from django.test.utils import CaptureQueriesContext

    report = submitted(world.project, world.coordinator)
    if url_name == "preview":
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT, version_count=0, submitted_at=None)
        client.force_login(world.coordinator)
        url = _detail(report)
    else:
        sign_in(client, world.funder)
        url = reverse("reports:queue")
    GoalFactory.create_batch(2, project=world.project)
    grow_network(world.project, members=3, meetings=3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_network(world.project, members=30, meetings=40)
    GoalFactory.create_batch(5, project=world.project)
    for _ in range(3):
        project = GoalFactory().project
        submitted(project, world.coordinator)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_a_large_network_renders_a_long_report(world):
    GoalFactory.create_batch(5, project=world.project)
    grow_network(world.project, members=60, meetings=150, attendance_per_meeting=20, decisions=3)
    report = draft(world.project, world.coordinator)
    render_now(report)
    assert report.render_status == RenderStatus.DONE, report.render_error
    pages = pdf_pages(report.read_rendered_pdf())
    assert pages >= 30
    text = " ".join(pdftotext(report.read_rendered_pdf()).split())
    assert "Verkostokokous 149" in text and "Jäsenorganisaatio" in text


def test_reviewer_grants_an_extension(world, client):
    deadline = interim_deadline(world.project)
    sign_in(client, world.funder)
    url = reverse("reports:deadlines", args=[world.project.pk])
    extended = deadline.due_date + timedelta(days=122)
    response = client.post(url, {"deadline": deadline.pk, "due_date": extended.isoformat(), "reason": "Sairausloma"})
    assert response.status_code == 302
    assert services.next_deadline(world.project)["due_date"] == extended
    assert services.next_deadline(world.project)["extended"]
    client.force_login(world.coordinator)
    later = extended + timedelta(days=31)
    assert client.post(url, {"deadline": deadline.pk, "due_date": later.isoformat()}).status_code == 404


def test_both_sides_are_mailed_in_their_language(world, mailoutbox, django_capture_on_commit_callbacks):
    world.coordinator.language = "sv"
    world.coordinator.save()
    report = draft(world.project, world.coordinator)
    fake_render(report)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(report, actor=world.coordinator)
    assert [(m.to, m.extra_headers["Content-Language"]) for m in mailoutbox] == [([world.funder.email], "fi")]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review(report, "request_info", actor=world.funder, comment="Budjetti puuttuu")
    assert [(m.to, m.extra_headers["Content-Language"]) for m in mailoutbox] == [([world.coordinator.email], "sv")]
    assert "Budjetti puuttuu" in mailoutbox[0].body


def _edit_post(report, goal_rows, budget_rows=None):
    """The edit form as the page posts it: the report's fields and its rows, saved ones first."""
    post = {
        "language": "fi", "period_start": str(report.period_start), "period_end": str(report.period_end),
        "summary": "", "what_worked": "", "challenges": "", "next_steps": "", "self_financing_actual_eur": "",
        "outputs-TOTAL_FORMS": "0", "outputs-INITIAL_FORMS": "0",
    }  # fmt: skip
    lines = report.budget_lines.order_by("pk")
    if budget_rows is None:
        budget_rows = [{"id": line.pk, "planned_eur": "0", "actual_eur": "0"} for line in lines]
    for prefix, rows, saved in (
        ("goals", goal_rows, report.goal_entries.count()),
        ("budget", budget_rows, lines.count()),
    ):
        post |= {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(saved)}
        for index, row in enumerate(rows):
            post |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return post


def test_the_report_gets_its_rows_when_it_is_created(world):
    goals = GoalFactory.create_batch(2, project=world.project)
    report = draft(world.project, world.coordinator)
    assert {entry.goal for entry in report.goal_entries.all()} == set(goals)
    assert sorted(report.budget_lines.values_list("category", flat=True)) == sorted(BudgetCategory.values)


def test_edit_page_writes_nothing_on_get_and_a_later_goal_is_saved_with_the_form(world, client):
    report = draft(world.project, world.coordinator)
    later = GoalFactory(project=world.project, title="Lisätty myöhemmin")
    foreign = GoalFactory(project=world.other_project)
    ReportBudgetLine.objects.filter(report=report, category=BudgetCategory.TRAVEL).delete()  # made before a category
    client.force_login(world.coordinator)
    url = reverse("reports:edit", args=[world.project.pk, report.pk])
    with no_writes():
        page = client.get(url)
    assert page.status_code == 200
    assert "Lisätty myöhemmin" in page.content.decode()  # an unsaved row for the later goal
    assert not report.goal_entries.exists()
    assert page.context["budget"].total_form_count() == len(BudgetCategory.values)

    # An untouched unsaved row stays unsaved; one for another project's goal is refused.
    untouched = _edit_post(report, [{"goal": later.pk, "actual": "", "activities": "", "results": ""}])
    assert client.post(url, untouched).status_code == 302
    assert not report.goal_entries.exists()
    foreign_row = _edit_post(report, [{"goal": foreign.pk, "actual": "3", "activities": "", "results": ""}])
    assert client.post(url, foreign_row).status_code == 200
    assert not ReportGoalEntry.objects.filter(goal=foreign).exists()

    filled = _edit_post(report, [{"goal": later.pk, "actual": "7", "activities": "Jaksot", "results": ""}])
    assert client.post(url, filled).status_code == 302
    entry = report.goal_entries.get()
    assert (entry.goal, entry.actual, entry.activities) == (later, 7, "Jaksot")
    assert AuditEvent.objects.filter(action="report.edited", project=world.project).count() == 2
    # Once saved, the row's goal cannot be changed by the form.
    other_goal = GoalFactory(project=world.project)
    moved = _edit_post(
        report, [{"id": entry.pk, "goal": other_goal.pk, "actual": "8", "activities": "", "results": ""}]
    )
    assert client.post(url, moved).status_code == 302
    entry.refresh_from_db()
    assert (entry.goal, entry.actual) == (later, 8)

    # The missing budget line is saved once something is entered in it.
    budget = [{"id": line.pk, "planned_eur": "0", "actual_eur": "0"} for line in report.budget_lines.order_by("pk")]
    budget.append({"category": BudgetCategory.TRAVEL, "planned_eur": "1200", "actual_eur": "0"})
    saved_goal = [{"id": entry.pk, "actual": "8", "activities": "", "results": ""}]
    response = client.post(url, _edit_post(report, saved_goal, budget))
    assert response.status_code == 302, [response.context[n].errors for n in ("form", "goals", "budget")]
    assert report.budget_lines.get(category=BudgetCategory.TRAVEL).planned_eur == 1200


def test_language_choices_read_the_same_on_the_list_and_in_the_form(world, client):
    interim_deadline(world.project)
    client.force_login(world.coordinator)
    page = client.get(reverse("reports:list", args=[world.project.pk])).content.decode()
    listed = re.findall(r'<option value="(fi|sv|en)">([^<]+)</option>', page)
    form_choices = [(code, str(label)) for code, label in ReportForm().fields["language"].choices if code]
    assert listed == form_choices
    assert [label for _code, label in listed] == ["suomi", "ruotsi", "englanti"]


@pytest.mark.parametrize(
    ("language", "funder"),
    [("fi", "Opetushallitus"), ("sv", "Utbildningsstyrelsen"), ("en", "Finnish National Agency for Education")],
)
def test_the_funder_is_named_in_the_reports_language(world, language, funder):
    world.project.programme.funder = "Opetushallitus"
    world.project.programme.save()
    report = draft(world.project, world.coordinator, language=language)
    with translation.override(language):
        assert data.build(report)["project"]["funder"] == funder


def test_commitment_section_is_as_of_the_period_end_not_today(world):
    report = draft(world.project, world.coordinator)
    zone = timezone.get_current_timezone()
    before_end = datetime.combine(report.period_end - timedelta(days=5), time(12), zone)
    after_end = datetime.combine(report.period_end + timedelta(days=3), time(12), zone)
    with time_machine.travel(before_end, tick=False):
        publish_rules(world.project, world.coordinator)
        version = draft_letter(world.membership, world.coordinator)
        commitment_services.send_version(version, actor=world.coordinator)
    with time_machine.travel(after_end, tick=False):
        for role in ("contact", "management"):
            request = SignatureRequest.objects.get(version=version, role=role, status="sent")
            _token, raw = tokens.issue(CommitmentLink.SIGNATURE, request, sent_to=request.email)
            commitment_services.sign(
                request,
                tokens.lookup(raw, CommitmentLink.SIGNATURE),
                name=request.name,
                title="Rehtori",
                language="fi",
                signer=commitment_services.SignerEvidence(ip_address="192.0.2.1", user_agent="pytest"),
            )
        version.refresh_from_db()
        assert version.status == "signed"  # today it is signed...
        row = next(
            row
            for row in data.build(report)["commitment"]["rows"]
            if row["organisation"] == world.membership.organisation.name
        )
    # ...but at the end of the report period it was only sent, and the rules not yet accepted.
    assert row["signed"] is False
    assert row["state"] == "Lähetetty"
    assert row["contact_signed"] == "" and row["management_signed"] == ""
    assert row["rules_accepted"] is False
