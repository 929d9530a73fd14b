"""Issue 13 #3: the Messages page says what each reminder is about (which letter and organisation, which
meeting, poll, action item or deadline), shows no raw codes in any language, and costs the same number of
queries however many reminders it lists (each kind describes its reminders in bulk)."""

import uuid
from datetime import datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments import services as commitment_services
from commitments.models import Letter
from commitments.reminders import ReminderKind as CommitmentReminder
from goals.reminders import ReminderKind as ProjectReminder
from health.activity import ReminderKind as HomeReminder
from meetings.reminders import ReminderKind as MeetingReminder
from networkhub import contributions, registry, reminders
from networkhub.models import Message, MessageStatus, Reminder
from projects.models import ProgrammeDeadline, ReportType
from reports.reminders import ReminderKind as ReportReminder
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory
from tests.meetings.factories import (
    ActionItemFactory,
    HeldMeetingFactory,
    InvitationFactory,
    MeetingFactory,
    PollInviteeFactory,
    TimePollFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


class _Cells(HTMLParser):
    """The visible text of a page, and the text of each table cell."""

    def __init__(self):
        super().__init__()
        self.text, self.cells, self._cell, self._skip = [], [], None, 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.cells.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _parse(response):
    parser = _Cells()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.text).split()), parser.cells


def _send_letter(world, name, capture):
    """A member organisation called `name` whose letter has been sent: its contact's request is e-mailed,
    which schedules the signature reminders (and the escalation to the coordinator)."""
    membership = MembershipFactory(project=world.project, organisation=OrganisationFactory(name=name))
    contact = ContactFactory(organisation=membership.organisation, email=f"{membership.pk}@members.example")
    with capture(execute=True):
        commitment_services.send_version(draft_letter(membership, world.coordinator), actor=world.coordinator)
    return contact


def _every_kind(world, tag, contact, offset=0):
    """One reminder of each meeting kind for `contact`, and one of each project-wide kind (their steps
    `offset` days or weeks apart from another call's, as the planners' would be)."""
    project, coordinator = world.project, world.coordinator
    to_contact = {"recipient": contact.email, "recipient_name": contact.name, "language": contact.language}
    to_coordinator = {"recipient": coordinator.email, "recipient_name": coordinator.full_name}
    meeting = MeetingFactory(project=project, title=f"Ohjausryhmä {tag}")
    invitation = InvitationFactory(meeting=meeting, contact=contact)
    due = meeting.start - timedelta(days=1)
    reminders.schedule(
        MeetingReminder.MEETING_UPCOMING, invitation, project=project, step=f"{meeting.pk}-1d", due_at=due, **to_contact
    )
    reminders.schedule(
        MeetingReminder.INVITATION_UNANSWERED, invitation, project=project, step="3d", due_at=due, **to_contact
    )
    invitee = PollInviteeFactory(poll=TimePollFactory(project=project, title=f"Työpaja {tag}"), contact=contact)
    reminders.schedule(
        MeetingReminder.INVITATION_UNANSWERED, invitee, project=project, step="3d", due_at=due, **to_contact
    )
    held = HeldMeetingFactory(project=project, title=f"Kokemustenvaihto {tag}")
    reminders.schedule(
        MeetingReminder.MINUTES_UNPUBLISHED, held, project=project, step="3d", due_at=due, **to_coordinator
    )
    item = ActionItemFactory(
        meeting=held, project=project, title=f"Kyselyn laatiminen {tag}", owner_contact=contact, due_date=due.date()
    )
    reminders.schedule(MeetingReminder.ACTION_ITEM, item, project=project, step="due-1d", due_at=due, **to_contact)
    deadline = ProgrammeDeadline.objects.create(
        programme=project.programme, report_type=ReportType.INTERIM, due_date=due.date() + timedelta(days=30 + offset)
    )
    project_wide = [
        (ProjectReminder.GOAL_REVIEW_OVERDUE, f"due-{due - timedelta(days=offset):%Y%m%d}-1d"),
        (MeetingReminder.NO_NETWORK_MEETING, f"since-{due - timedelta(days=100 + offset):%Y%m%d}"),
        (HomeReminder.QUIET_PARTNERS, f"2027-W{10 + offset:02d}"),
        (ReportReminder.REPORT_DEADLINE, f"{deadline.pk}-{deadline.due_date:%Y%m%d}-7d"),
    ]
    for kind, step in project_wide:
        reminders.schedule(kind, project, project=project, step=step, due_at=due, **to_coordinator)
    # A letter task late since yesterday: to its responsible contact, then to the coordinator.
    letter = Letter.objects.get(membership__organisation=contact.organisation)
    step = f"{uuid.uuid4().hex[:16]}-{due - timedelta(days=offset + 2):%Y%m%d}"
    reminders.schedule(CommitmentReminder.TASK_LATE, letter, project=project, step=step, due_at=due, **to_contact)
    reminders.schedule(
        CommitmentReminder.TASK_LATE_ESCALATION, letter, project=project, step=step, due_at=due, **to_coordinator
    )
    return {"meeting": meeting.title, "poll": invitee.poll.title, "minutes": held.title, "item": item.title}


def _upcoming_rows(response):
    """(reminder label, about, recipient) of the upcoming reminders' table."""
    return [(row.kind_label, row.description, row.recipient_name) for row in response.context["upcoming"]]


def test_three_reminders_to_one_person_on_three_letters_are_told_apart(
    world, client, django_capture_on_commit_callbacks
):
    world.coordinator.full_name = "Anna Virtanen"
    world.coordinator.save()
    publish_rules(world.project, world.coordinator)
    names = ["Saimaan ammattiopisto", "Tallinna Teeninduskool", "Vaasan yrittäjät ry"]
    for name in names:
        _send_letter(world, name, django_capture_on_commit_callbacks)
    client.cookies["django_language"] = "en"
    client.force_login(world.coordinator)
    response = client.get(reverse("projects:messages", args=[world.project.pk]))

    escalations = [
        about
        for label, about, recipient in _upcoming_rows(response)
        if recipient == "Anna Virtanen" and label == CommitmentReminder.SIGNATURE_ESCALATION.label
    ]
    assert len(escalations) == 3
    assert len(set(escalations)) == 3, escalations  # three lines a reader can tell apart
    for name in names:
        assert sum(name in about for about in escalations) == 1
        assert all("version 1: contact person" in about for about in escalations)
    body, cells = _parse(response)
    for about in escalations:
        assert about in cells  # shown on the page, in a cell of its own


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_no_raw_codes_on_the_messages_page(world, client, settings, language, django_capture_on_commit_callbacks):
    publish_rules(world.project, world.coordinator)
    contact = _send_letter(world, "Saimaan ammattiopisto", django_capture_on_commit_callbacks)
    titles = _every_kind(world, "A", contact)
    kinds = set(contributions.message_kinds()) | set(registry.REMINDER_KINDS)
    for index, kind in enumerate(sorted(kinds)):  # an e-mail of every kind, in each language
        Message.objects.create(
            key=f"{kind}:test:{index}",
            project=world.project,
            kind=kind,
            recipient=f"r{index}@example.org",
            language=["fi", "sv", "en"][index % 3],
            subject=f"Aihe {index}",
            status=MessageStatus.SENT,
        )
    Reminder.objects.filter(kind=MeetingReminder.ACTION_ITEM).update(status="failed", finished_at=NOW)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(world.coordinator)
    response = client.get(reverse("projects:messages", args=[world.project.pk]))
    assert response.status_code == 200
    text, cells = _parse(response)

    # Every kind shown but the funder's case work, which the project never sees (tests/reports/test_project_card.py).
    private = set(reminders.project_private_kinds())
    assert set(Reminder.objects.values_list("kind", flat=True)) == set(registry.REMINDER_KINDS) - private
    for kind in kinds:
        if "_" in kind:  # a code, not a word: nowhere in what a reader sees
            assert kind not in text, f"raw kind {kind!r} on the page in {language}"
    raw = kinds | {"fi", "sv", "en"}
    assert not [cell for cell in cells if cell in raw], [cell for cell in cells if cell in raw]
    # Every reminder says what it is about, in the page's language, and the failed one too.
    descriptions = [row.description for row in response.context["upcoming"] + response.context["unsettled"]]
    assert all(descriptions), [(row.kind, row.step) for row in response.context["upcoming"] if not row.description]
    for title in titles.values():
        assert title in text
    assert "Saimaan ammattiopisto" in text


def _scene(world, count, capture, first=0):
    for index in range(first, first + count):
        contact = _send_letter(world, f"Organisaatio {index}", capture)
        _every_kind(world, str(index), contact, offset=index)


def test_the_page_costs_the_same_queries_for_few_and_many_reminders(
    world, client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    publish_rules(world.project, world.coordinator)
    url = reverse("projects:messages", args=[world.project.pk])
    client.force_login(world.coordinator)
    _scene(world, 1, django_capture_on_commit_callbacks)
    client.get(url)  # warms what Django caches per process (content types, the session)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    few = len(response.context["upcoming"])

    _scene(world, 4, django_capture_on_commit_callbacks, first=1)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert len(response.context["upcoming"]) >= 4 * few
    assert all(row.description for row in response.context["upcoming"])
