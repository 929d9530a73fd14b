"""Issue 22: the funder's project card and the officer's case work on it.

A reviewer opens a red project's card from the overview and sees the facts behind the red; a coordinator gets 404
on another project's card (and on their own: they have the project home); a partner gets 404 on every card.
The card costs the same number of queries for a small and a large project. Case work stays the funder's.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from health.daily import take_daily_statuses
from health.models import HealthSnapshot
from health.panel import Status
from health.snapshots import take_snapshots
from networkhub import reminders
from networkhub.models import AuditEvent, Message, MessageStatus, Reminder
from networkhub.privacy import Person
from projects.models import ProgrammeDeadline, ProjectStatus, ReportType
from projects.services import update_project
from reports import casework, privacy, services
from reports.casework import CaseWorkError
from reports.models import CaseNote, FollowUp
from reports.queries import officer_projects
from reports.reminders import ReminderKind, plan_follow_ups
from tests.factories import MembershipFactory, UserFactory, sign_in
from tests.health.helpers import NOW, TODAY
from tests.reports.helpers import submitted

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("home:overview")


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _card(project):
    return reverse("reports:card", args=[project.pk])


def _english(client, user):
    sign_in(client, user)
    client.cookies["django_language"] = "en"
    return client


def test_a_reviewer_opens_a_red_projects_card_from_the_overview_and_sees_the_facts(world, client):
    take_daily_statuses(TODAY)
    red = set(
        HealthSnapshot.objects.filter(project=world.project, taken_on=TODAY, status=Status.RED).values_list(
            "key", flat=True
        )
    )
    assert red, "the world's project has red items (a member without a letter)"
    client = _english(client, world.funder)
    overview = client.get(OVERVIEW).content.decode()
    assert f'href="{_card(world.project)}"' in overview

    response = client.get(_card(world.project))
    assert response.status_code == 200
    page = response.content.decode()
    for key in red:
        item = re.search(rf'data-health-item="{key}" data-health-status="(\w+)">(.*?)</li>\s*</ul>', page, re.S)
        assert item is not None and item.group(1) == "red"
        assert "<li>" in item.group(2), "the facts behind the red are listed"
    assert world.coordinator.email in page  # the coordinator's contact details
    assert 'id="year-table"' in page


def test_coordinators_and_partners_get_404_on_cards(world, client):
    for user, project in [
        (world.coordinator, world.other_project),
        (world.coordinator, world.project),
        (world.partner, world.project),
        (world.partner, world.other_project),
    ]:
        client.force_login(user)
        assert client.get(_card(project)).status_code == 404
    client.force_login(world.funder)
    sign_in(client, world.funder)
    assert client.get(_card(world.other_project)).status_code == 200


def test_the_card_shows_the_panel_as_a_partner_sees_it(world, client):
    """Nothing that the panel does not show: the card's panel is the project home's as a non-coordinator sees it
    (coordinator-only names counted, not named); the funder has no project home."""
    MembershipFactory(project=world.project, organisation__name="Toinen Oy")

    def panel(page):
        """The panel without its next-action links: the card is read-only, the actions are the project's."""
        section = re.search(r'<ul class="row[^"]*" id="health-panel">.*?</section>', page, re.S).group(0)
        return re.sub(r'<a class="small" href="[^"]*">[^<]*</a>', "", section)

    client = _english(client, world.partner)
    partner_sees = panel(client.get(reverse("home:project", args=[world.project.pk])).content.decode())
    client = _english(client, world.funder)
    assert client.get(reverse("home:project", args=[world.project.pk])).status_code == 404
    card = client.get(_card(world.project)).content.decode()
    assert panel(card) == partner_sees
    assert '<a class="small"' not in re.search(r'id="health-panel">.*?</section>', card, re.S).group(0)


def test_the_card_shows_the_last_report_its_history_deadlines_and_the_year(world, client):
    report = submitted(world.project, world.coordinator)
    services.review(report, "content_check", actor=world.funder)
    deadline = ProgrammeDeadline.objects.create(
        programme=world.project.programme, report_type=ReportType.FINAL, due_date=TODAY - timedelta(days=3)
    )
    if world.project.start_date >= deadline.due_date:
        world.project.start_date = deadline.due_date - timedelta(days=400)
        world.project.save()
    services.grant_extension(world.project, deadline, TODAY - timedelta(days=2), actor=world.funder, reason="Sick")
    for weeks in (40, 20, 1):
        take_snapshots(TODAY - timedelta(weeks=weeks))
    client = _english(client, world.funder)
    page = client.get(_card(world.project)).content.decode()
    assert reverse("reports:report", args=[report.pk]) in page
    assert "Review history" in page
    assert 'id="card-overdue"' in page and "2 days" in page
    assert "Sick" in page
    strips = re.search(r'id="year-strips">(.*?)</ul>', page, re.S).group(1)
    assert strips.count("<rect") >= 3
    table = re.search(r'id="year-table">(.*?)</table>', page, re.S).group(1)
    assert table.count("<tr>") == 1 + strips.count("<svg")  # a row per item under its heading row


def _grow(project, count, coordinator, funder):
    for _n in range(count):
        MembershipFactory(project=project)
        casework.add_note(project, "A note", actor=funder)
        casework.add_follow_up(project, TODAY, "Call", actor=funder)
    for weeks in range(1, count):
        take_snapshots(TODAY - timedelta(weeks=weeks * 4))


# The day stored just before: the card reads the panel and the map from it (health.stored), not live (42 queries).
CARD_QUERIES = 22


@pytest.mark.parametrize("size", [1, 8])
def test_the_card_costs_the_same_queries_at_two_sizes(world, client, django_assert_num_queries, size):
    _grow(world.project, size, world.coordinator, world.funder)
    submitted(world.project, world.coordinator)
    take_daily_statuses(TODAY)
    sign_in(client, world.funder)
    with django_assert_num_queries(CARD_QUERIES):
        assert client.get(_card(world.project)).status_code == 200


def test_an_officer_is_assigned_keeps_notes_and_follow_ups_on_the_card(world, client):
    sign_in(client, world.funder)
    client.cookies["django_language"] = "en"
    card = _card(world.project)
    assert (
        client.post(reverse("reports:card_officer", args=[world.project.pk]), {"officer": world.funder.pk}).status_code
        == 302
    )
    assert list(officer_projects(world.funder)) == [world.project]
    assert list(officer_projects(world.coordinator)) == []

    # Bad input: the error next to the field, the input kept, no 500.
    response = client.post(
        reverse("reports:card_follow_up", args=[world.project.pk]), {"due_date": "31.2.", "what": "Ring Anna"}
    )
    assert response.status_code == 200
    assert 'value="Ring Anna"' in response.content.decode()
    assert "invalid-feedback" in response.content.decode()
    response = client.post(reverse("reports:card_note", args=[world.project.pk]), {"text": ""})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()

    client.post(reverse("reports:card_note", args=[world.project.pk]), {"text": "Spoke with Anna about item 4."})
    client.post(
        reverse("reports:card_follow_up", args=[world.project.pk]),
        {"due_date": (TODAY + timedelta(days=1)).isoformat(), "what": "Check the letters"},
    )
    follow_up = FollowUp.objects.get()
    page = client.get(card).content.decode()
    assert "Spoke with Anna about item 4." in page and "Check the letters" in page
    assert 'data-event="note"' in page and 'data-event="follow_up"' in page

    response = client.post(reverse("reports:card_follow_up_done", args=[world.project.pk, follow_up.pk]))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done

    # Another project's follow-up through this project's URL is 404.
    other = FollowUp.objects.create(project=world.other_project, author=world.funder, due_date=TODAY, what="x")
    assert client.post(reverse("reports:card_follow_up_done", args=[world.project.pk, other.pk])).status_code == 404


def test_only_an_active_funder_reviewer_can_be_officer(world):
    with pytest.raises(CaseWorkError):
        casework.assign_officer(world.project, world.coordinator, actor=world.funder)
    casework.assign_officer(world.project, world.funder, actor=world.funder)
    casework.assign_officer(world.project, None, actor=world.funder)
    assert not officer_projects(world.funder).exists()
    actions = list(AuditEvent.objects.filter(project=world.project).values_list("action", flat=True))
    assert "case.officer_assigned" in actions and "case.officer_removed" in actions


def test_coordinators_never_see_case_work(world, client):
    casework.add_note(world.project, "Private: the budget looks thin.", actor=world.funder)
    casework.add_follow_up(world.project, TODAY, "Private follow-up", actor=world.funder)
    for user in (world.coordinator, world.partner):
        client.force_login(user)
        home = client.get(reverse("home:project", args=[world.project.pk])).content.decode()
        assert "Private" not in home
    exported = privacy.export(Person.for_user(world.coordinator))
    assert exported["case_notes"] == [] and exported["follow_ups"] == []
    own = privacy.export(Person.for_user(world.funder))
    assert [note["text"] for note in own["case_notes"]] == ["Private: the budget looks thin."]
    assert [entry["what"] for entry in own["follow_ups"]] == ["Private follow-up"]


def test_erasing_a_person_scrubs_their_name_from_notes(world):
    note = casework.add_note(world.project, f"Called {world.coordinator.full_name}.", actor=world.funder)
    privacy.erase(Person.for_user(world.coordinator), "ERASED")
    note.refresh_from_db()
    assert world.coordinator.full_name not in note.text


def test_a_due_follow_up_reminds_the_officer(world):
    officer = UserFactory(role="funder", email="officer@oph.example", full_name="Olga Officer")
    casework.assign_officer(world.project, officer, actor=world.funder)
    follow_up = casework.add_follow_up(world.project, TODAY + timedelta(days=1), "Check", actor=world.funder)
    FollowUp.objects.create(
        project=world.project, author=world.funder, due_date=TODAY + timedelta(days=30), what="Later"
    )
    plan_follow_ups(NOW)
    reminder = Reminder.objects.get(kind=ReminderKind.FOLLOW_UP)
    assert reminder.recipient == officer.email and reminder.target_id == follow_up.pk
    assert reminders.is_essential(ReminderKind.FOLLOW_UP) is False
    casework.complete_follow_up(follow_up, actor=officer)
    reminder.refresh_from_db()
    assert reminder.status == "cancelled"


def test_the_timeline_lists_reports_reviews_extensions_notes_and_status_changes(world, client):
    report = submitted(world.project, world.coordinator)
    services.review(report, "content_check", actor=world.funder)
    deadline = ProgrammeDeadline.objects.create(
        programme=world.project.programme, report_type=ReportType.FINAL, due_date=TODAY + timedelta(days=30)
    )
    services.grant_extension(world.project, deadline, TODAY + timedelta(days=60), actor=world.funder)
    casework.add_note(world.project, "A note", actor=world.funder)
    world.project.status = ProjectStatus.CLOSED
    update_project(world.project, actor=world.coordinator, changed_fields=["status"])
    client = _english(client, world.funder)
    page = client.get(_card(world.project)).content.decode()
    kinds = re.findall(r'data-event="(\w+)"', page)
    assert {"report", "review", "extension", "note", "status"} <= set(kinds)
    assert "Status changed to" in page
    assert CaseNote.objects.count() == 1


def test_the_projects_messages_page_never_shows_the_officers_follow_ups(world, client, mailoutbox):
    """The follow-up's reminder and its e-mail are project-scoped rows, but the funder's: the project's Messages
    page lists neither, and its reminder settings do not offer the kind."""
    casework.assign_officer(world.project, world.funder, actor=world.funder)
    casework.add_follow_up(world.project, TODAY, "Secret follow-up", actor=world.funder)
    plan_follow_ups(NOW)
    assert Reminder.objects.filter(kind=ReminderKind.FOLLOW_UP).count() == 1
    Message.objects.create(
        key="case:test",
        project=world.project,
        kind=ReminderKind.FOLLOW_UP,
        recipient=world.funder.email,
        language="fi",
        subject="Secret follow-up",
        status=MessageStatus.SENT,
    )
    client.force_login(world.coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("projects:messages", args=[world.project.pk])).content.decode()
    assert "Secret follow-up" not in page
    assert "Follow-up on a project due" not in page
