"""An overdue report is reminded once, the morning after its due date, and it shows in the project's list of
upcoming reminders until then; a report submitted meanwhile, or an extension past today, stops it."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from networkhub import reminders
from networkhub.dates import morning
from networkhub.models import Reminder, ReminderStatus
from networkhub.tasks import scan_reminders
from projects.models import ProgrammeDeadline, Project, ReportType
from reports import services
from reports.reminders import ReminderKind
from tests.health.helpers import at

from .helpers import fake_render

pytestmark = pytest.mark.django_db

DUE = date(2026, 11, 30)


@pytest.fixture
def deadline(world):
    # The project runs around DUE whenever the suite runs: a deadline before a project's start is not its own.
    Project.objects.filter(pk=world.project.pk).update(
        application_date=DUE - timedelta(days=300),
        start_date=DUE - timedelta(days=200),
        end_date=DUE + timedelta(days=500),
    )
    world.project.refresh_from_db()
    return ProgrammeDeadline.objects.create(
        programme=world.project.programme, report_type=ReportType.INTERIM, due_date=DUE
    )


def _plan_and_scan(day, capture):
    with time_machine.travel(at(day, 10), tick=False), capture(execute=True):
        reminders.plan()
        scan_reminders()


def _overdue_mails(outbox):
    """The overdue-report e-mails ("…: Väliraportti myöhässä (määräpäivä 30.11.2026)"), not the other planners'."""
    return [message for message in outbox if "myöhässä (määräpäivä" in message.subject]


def _overdue_steps():
    return Reminder.objects.filter(kind=ReminderKind.REPORT_DEADLINE, step__endswith="-overdue")


def test_the_morning_after_the_due_date_the_coordinator_is_told_once(
    world, deadline, client, mailoutbox, django_capture_on_commit_callbacks
):
    _plan_and_scan(DUE, django_capture_on_commit_callbacks)  # due today: not overdue yet
    assert not _overdue_steps().exists()
    with time_machine.travel(at(DUE, 18), tick=False):
        reminders.plan()
    assert not _overdue_steps().exists()

    mailoutbox.clear()
    with time_machine.travel(at(DUE + timedelta(days=1), 6), tick=False):
        reminders.plan()  # before the morning: planned, listed among the project's upcoming reminders
        client.force_login(world.coordinator)
        upcoming = client.get(reverse("projects:messages", args=[world.project.pk])).context["upcoming"]
    [reminder] = _overdue_steps()
    assert reminder.due_at == morning(DUE + timedelta(days=1)) and reminder.recipient == world.coordinator.email
    assert [row.step for row in upcoming if row.kind == ReminderKind.REPORT_DEADLINE] == [reminder.step]

    _plan_and_scan(DUE + timedelta(days=1), django_capture_on_commit_callbacks)
    _plan_and_scan(DUE + timedelta(days=2), django_capture_on_commit_callbacks)
    [sent] = _overdue_steps()
    assert sent.status == ReminderStatus.SENT
    [message] = _overdue_mails(mailoutbox)
    assert message.to == [world.coordinator.email]
    assert "30.11.2026" in message.subject and "myöhässä" in message.subject
    assert "ei ole jätetty" in message.body


def test_a_report_submitted_in_time_or_an_extension_stops_it(
    world, deadline, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(DUE + timedelta(days=1), 6), tick=False):
        reminders.plan()
        report = services.create_report(world.project, programme_deadline=deadline, actor=world.coordinator)
        fake_render(report)
        services.submit(report, actor=world.coordinator)
    mailoutbox.clear()
    _plan_and_scan(DUE + timedelta(days=1), django_capture_on_commit_callbacks)
    assert [reminder.status for reminder in _overdue_steps()] == [ReminderStatus.SKIPPED]
    assert not _overdue_mails(mailoutbox)

    other = ProgrammeDeadline.objects.create(
        programme=world.project.programme, report_type=ReportType.FINAL, due_date=DUE + timedelta(days=2)
    )
    with time_machine.travel(at(DUE + timedelta(days=3), 6), tick=False):
        reminders.plan()
        services.grant_extension(world.project, other, DUE + timedelta(days=10), actor=world.funder)
    _plan_and_scan(DUE + timedelta(days=3), django_capture_on_commit_callbacks)
    assert [reminder.status for reminder in _overdue_steps()] == [ReminderStatus.SKIPPED] * 2
    assert not _overdue_mails(mailoutbox)


def test_a_deadline_long_past_is_not_reminded_weeks_late(world, deadline, django_capture_on_commit_callbacks):
    _plan_and_scan(DUE + timedelta(days=30), django_capture_on_commit_callbacks)
    assert not _overdue_steps().exists()
