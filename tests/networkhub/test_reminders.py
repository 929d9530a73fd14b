"""Reminders: scheduled when something happens, sent once when due, stopped when their reason ends."""

import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from commitments import services
from commitments.models import SignatureRequest
from commitments.reminders import ReminderKind as CommitmentReminder
from meetings.reminders import ReminderKind as MeetingReminder
from networkhub import reminders
from networkhub.mail import mail_key
from networkhub.models import Message, MessageStatus, MutedReminder, Reminder, ReminderStatus
from networkhub.tasks import scan_reminders
from projects.models import ProgrammeDeadline, ReportType
from reports.reminders import ReminderKind as ReportReminder
from tests.commitments.helpers import draft_letter, links_to, publish_rules


@pytest.fixture
def sent_request(world, mailoutbox, django_capture_on_commit_callbacks):
    """A letter sent to the partner's organisation; the contact's request, its link mailed."""
    world.contact.language = "sv"
    world.contact.save()
    publish_rules(world.project, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_version(draft_letter(world.membership, world.coordinator), actor=world.coordinator)
    mailoutbox.clear()
    return SignatureRequest.objects.get(version__letter__membership=world.membership, role="contact")


def run_scan(at, capture):
    with time_machine.travel(at, tick=False), capture(execute=True):
        return scan_reminders()


def test_sending_a_letter_schedules_its_reminders(sent_request, world):
    scheduled = {(r.kind, r.step, r.recipient) for r in Reminder.objects.filter(status=ReminderStatus.PENDING)}
    signer = sent_request.email
    expiry = f"{sent_request.expires_at:%Y%m%d}-2d"
    assert scheduled == {
        (CommitmentReminder.SIGNATURE_UNSIGNED, "3d", signer),
        (CommitmentReminder.SIGNATURE_UNSIGNED, "7d", signer),
        (CommitmentReminder.SIGNATURE_ESCALATION, "14d", world.coordinator.email),
        (CommitmentReminder.LINK_EXPIRING, expiry, signer),
    }


def test_due_reminder_is_sent_once_in_the_recipients_language_with_a_working_link(
    sent_request, client, mailoutbox, django_capture_on_commit_callbacks
):
    sent_at = sent_request.sent_at
    assert run_scan(sent_at + timedelta(days=2), django_capture_on_commit_callbacks) == 0  # not yet due
    assert mailoutbox == []
    assert run_scan(sent_at + timedelta(days=3, minutes=1), django_capture_on_commit_callbacks) == 1
    assert run_scan(sent_at + timedelta(days=3, minutes=2), django_capture_on_commit_callbacks) == 0  # never twice
    [message] = mailoutbox
    assert message.to == [sent_request.email]
    assert message.extra_headers["Content-Language"] == "sv"
    reminder = Reminder.objects.get(kind=CommitmentReminder.SIGNATURE_UNSIGNED, step="3d")
    assert reminder.status == ReminderStatus.SENT and reminder.message.status == MessageStatus.SENT
    # The e-mail's key is the reminder's (kind, object, recipient, step).
    target = ("commitments.signaturerequest", sent_request.pk)
    assert reminder.message.key == mail_key(reminder.kind, target, sent_request.email, "3d")
    # The reminder's link works, and the first e-mail's link still does too.
    link = links_to(mailoutbox, sent_request.email)[-1]
    assert client.get(link).status_code == 200


def test_signing_stops_the_reminders(sent_request, client, mailoutbox, django_capture_on_commit_callbacks):
    from networkhub import tokens

    _token, raw = tokens.issue("signature", sent_request, sent_to=sent_request.email, revoke_previous=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("commitments:sign", args=[raw]), {"full_name": "P", "title": "T", "consent": "on"})
    mailoutbox.clear()
    contacts = Reminder.objects.filter(target_id=sent_request.pk, kind=CommitmentReminder.SIGNATURE_UNSIGNED)
    assert set(contacts.values_list("status", flat=True)) == {ReminderStatus.CANCELLED}
    run_scan(sent_request.sent_at + timedelta(days=20), django_capture_on_commit_callbacks)
    assert sent_request.email not in {message.to[0] for message in mailoutbox}
    # The management request, sent when the contact signed, now chases its own signer.
    assert "rehtori" in " ".join(message.to[0] for message in mailoutbox)


def test_reason_ended_without_cancel_is_skipped(sent_request, mailoutbox, django_capture_on_commit_callbacks):
    SignatureRequest.objects.filter(pk=sent_request.pk).update(status="revoked")
    run_scan(sent_request.sent_at + timedelta(days=3, minutes=1), django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get(kind=CommitmentReminder.SIGNATURE_UNSIGNED, step="3d")
    assert (reminder.status, reminder.reason) == (ReminderStatus.SKIPPED, "its reason has ended")
    assert mailoutbox == []


def test_escalation_goes_to_coordinators(sent_request, world, mailoutbox, django_capture_on_commit_callbacks):
    run_scan(sent_request.sent_at + timedelta(days=14, minutes=1), django_capture_on_commit_callbacks)
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == sorted([world.coordinator.email, sent_request.email, sent_request.email])
    escalation = next(m for m in mailoutbox if m.to == [world.coordinator.email])
    assert world.membership.organisation.name in escalation.subject


def test_recipient_without_address_is_skipped_with_reason(world, django_capture_on_commit_callbacks):
    reminders.schedule(
        ReportReminder.REPORT_DEADLINE, world.project, project=world.project, step="x", due_at=timezone.now()
    )
    run_scan(timezone.now() + timedelta(minutes=1), django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get(step="x")
    assert (reminder.status, reminder.reason) == (ReminderStatus.SKIPPED, "no e-mail address")


@pytest.fixture
def optional_kind(world):
    """A non-essential kind wired to a project, to test mutes and project switches."""
    original = reminders.REGISTRY.get(MeetingReminder.NO_NETWORK_MEETING)
    reminders.register(
        MeetingReminder.NO_NETWORK_MEETING,
        template="emails/reminder_report_deadline",
        still_due=lambda target, reminder: True,
        context=lambda target, reminder: {
            "deadline": ProgrammeDeadline(report_type=ReportType.STATUS, due_date=date(2027, 1, 1)),
            "days_left": 3,
            "url": "",
        },
    )
    yield MeetingReminder.NO_NETWORK_MEETING
    reminders.REGISTRY[MeetingReminder.NO_NETWORK_MEETING] = original


def _schedule_for(world, kind, user, step):
    reminders.schedule(
        kind,
        world.project,
        project=world.project,
        step=step,
        due_at=timezone.now(),
        recipient=user.email,
        language=user.language,
    )


def test_muted_kind_is_skipped_but_essential_ones_are_not(
    world, optional_kind, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    client.post(reverse("accounts:notification_preferences"), {"kinds": [optional_kind]})
    assert MutedReminder.objects.filter(user=world.coordinator, kind=optional_kind).exists()
    deadline = ProgrammeDeadline.objects.create(
        programme=world.project.programme,
        report_type=ReportType.FINAL,
        due_date=timezone.localdate() + timedelta(days=7),
    )
    _schedule_for(world, optional_kind, world.coordinator, "muted")
    _schedule_for(
        world, ReportReminder.REPORT_DEADLINE, world.coordinator, f"{deadline.pk}-{deadline.due_date:%Y%m%d}-7d"
    )
    run_scan(timezone.now() + timedelta(minutes=1), django_capture_on_commit_callbacks)
    outcome = {r.kind: (r.status, r.reason) for r in Reminder.objects.all()}
    assert outcome[optional_kind] == (ReminderStatus.SKIPPED, "muted by the recipient")
    assert outcome[ReportReminder.REPORT_DEADLINE] == (ReminderStatus.SENT, "")
    assert [message.to for message in mailoutbox] == [[world.coordinator.email]]


def test_project_switch_turns_a_kind_off_for_everyone(world, optional_kind, client, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    client.post(reverse("projects:messages", args=[world.project.pk]), {f"off_{optional_kind}": "on"})
    _schedule_for(world, optional_kind, world.partner, "switched")
    run_scan(timezone.now() + timedelta(minutes=1), django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get(step="switched")
    assert (reminder.status, reminder.reason) == (ReminderStatus.SKIPPED, "switched off for the project")


def test_essential_kinds_cannot_be_muted(world, client):
    client.force_login(world.partner)
    response = client.post(
        reverse("accounts:notification_preferences"), {"kinds": [CommitmentReminder.SIGNATURE_UNSIGNED]}
    )
    assert response.status_code == 200 and "kinds" in response.context["form"].errors
    assert not MutedReminder.objects.exists()


def test_smtp_down_marks_failed_retries_and_sends_once(sent_request, settings, django_capture_on_commit_callbacks):
    reminders_due = sent_request.sent_at + timedelta(days=3, minutes=1)
    # A real SMTP connection to a port where nothing listens: the boundary, not a mock.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with time_machine.travel(reminders_due, tick=False), django_capture_on_commit_callbacks(execute=True):
        scan_reminders()  # the eager task retries, each attempt fails, the last marks it failed
    reminder = Reminder.objects.get(kind=CommitmentReminder.SIGNATURE_UNSIGNED, step="3d")
    assert reminder.status == ReminderStatus.FAILED and reminder.attempts >= 2
    # One record of the e-mail, failed, with every attempt counted and the last error kept.
    [failed] = Message.objects.filter(recipient=sent_request.email, kind=CommitmentReminder.SIGNATURE_UNSIGNED)
    assert (failed.status, failed.attempts) == (MessageStatus.FAILED, reminder.attempts)
    assert failed.error and reminder.message == failed
    # Mail works again: an operator re-queues it (as the admin or a later scan would); it goes out once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.QUEUED)
    assert reminders.send(reminder.pk) == ReminderStatus.SENT
    assert reminders.send(reminder.pk) is None
    assert len(mail.outbox) == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error) == (MessageStatus.SENT, reminder.attempts + 1, "")


def test_killed_worker_is_recovered_once(sent_request, mailoutbox, django_capture_on_commit_callbacks):
    due = sent_request.sent_at + timedelta(days=3, minutes=1)
    reminder = Reminder.objects.get(kind=CommitmentReminder.SIGNATURE_UNSIGNED, step="3d")
    # The worker claimed it and died before sending.
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.SENDING, claimed_at=due)
    run_scan(due + timedelta(minutes=1), django_capture_on_commit_callbacks)
    assert mailoutbox == []  # inside the lease nobody else sends it
    run_scan(due + timedelta(minutes=15), django_capture_on_commit_callbacks)
    run_scan(due + timedelta(minutes=30), django_capture_on_commit_callbacks)
    assert len(links_to(mailoutbox, sent_request.email)) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_and_sends_send_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL; run with DATABASE_URL")
    deadline = ProgrammeDeadline.objects.create(
        programme=world.project.programme, report_type=ReportType.INTERIM, due_date=timezone.localdate()
    )
    for index in range(20):
        reminders.schedule(
            ReportReminder.REPORT_DEADLINE,
            world.project,
            project=world.project,
            step=f"{deadline.pk}-{deadline.due_date:%Y%m%d}-{index}d",
            due_at=timezone.now() - timedelta(minutes=1),
            recipient=f"r{index}@example.org",
        )
    barrier = threading.Barrier(4)

    def work():
        barrier.wait()
        try:
            scan_reminders()  # eager: each queued reminder is sent by whichever thread queued it
            for pk in Reminder.objects.values_list("pk", flat=True):
                reminders.send(pk)  # and everyone tries to send everything again
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 20
    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"r{i}@example.org" for i in range(20))


def test_report_deadline_planner(world, mailoutbox, django_capture_on_commit_callbacks):
    deadline = ProgrammeDeadline.objects.create(
        programme=world.project.programme,
        report_type=ReportType.INTERIM,
        due_date=timezone.localdate() + timedelta(days=40),
    )
    reminders.plan()
    assert not Reminder.objects.filter(kind=ReportReminder.REPORT_DEADLINE).exists()  # 40 days ahead: not yet
    with time_machine.travel(timezone.now() + timedelta(days=9)):
        reminders.plan()
        reminders.plan()
    steps = set(Reminder.objects.filter(kind=ReportReminder.REPORT_DEADLINE).values_list("step", flat=True))
    prefix = f"{deadline.pk}-{deadline.due_date:%Y%m%d}"
    assert steps == {f"{prefix}-30d", f"{prefix}-7d", f"{prefix}-1d"}
    due = Reminder.objects.get(step=f"{prefix}-30d").due_at
    run_scan(due + timedelta(minutes=1), django_capture_on_commit_callbacks)
    sent = Reminder.objects.get(step=f"{prefix}-30d")
    assert sent.status == ReminderStatus.SENT and sent.recipient == world.coordinator.email
    [message] = [m for m in mailoutbox if m.subject == sent.message.subject]
    assert message.to == [world.coordinator.email] and "30" in message.body


def test_message_log_and_upcoming_page(sent_request, world, client, django_capture_on_commit_callbacks):
    run_scan(sent_request.sent_at + timedelta(days=3, minutes=1), django_capture_on_commit_callbacks)
    client.force_login(world.coordinator)
    page = client.get(reverse("projects:messages", args=[world.project.pk]))
    sent = list(page.context["sent"])
    assert {m.kind for m in sent} >= {"signature_request", CommitmentReminder.SIGNATURE_UNSIGNED}
    upcoming = list(page.context["upcoming"])
    assert [r.step for r in upcoming if r.kind == CommitmentReminder.SIGNATURE_UNSIGNED] == ["7d"]
    assert Message.objects.exclude(project=world.project).filter(kind="signature_request").count() == 0


def test_project_tunes_a_kinds_days(world, client):
    client.force_login(world.coordinator)
    url = reverse("projects:messages", args=[world.project.pk])
    bad = client.post(url, {"days_meeting_upcoming": "seven"})
    assert "days_meeting_upcoming" in bad.context["form"].errors
    assert 'value="seven"' in bad.content.decode()
    assert client.post(url, {"days_meeting_upcoming": "14, 2"}).status_code == 302
    assert reminders.steps(MeetingReminder.MEETING_UPCOMING, world.project) == [14, 2]
    assert reminders.steps(MeetingReminder.MEETING_UPCOMING, world.other_project) == [7, 1]
    assert reminders.steps(CommitmentReminder.SIGNATURE_UNSIGNED, world.project) == [3, 7]  # essential: not tunable
    assert reminders.longest_step(MeetingReminder.MEETING_UPCOMING) == 14


def test_report_deadline_follows_extensions_and_stops_when_submitted(world, django_capture_on_commit_callbacks):
    from reports.models import ProjectDeadline, Report, ReportStatus

    deadline = ProgrammeDeadline.objects.create(
        programme=world.project.programme,
        report_type=ReportType.INTERIM,
        due_date=timezone.localdate() + timedelta(days=6),
    )
    reminders.plan()
    first = Reminder.objects.get(
        kind=ReportReminder.REPORT_DEADLINE, step__endswith="-1d", recipient=world.coordinator.email
    )
    extended = deadline.due_date + timedelta(days=20)
    ProjectDeadline.objects.create(project=world.project, programme_deadline=deadline, due_date=extended)
    reminders.plan()
    run_scan(first.due_at + timedelta(minutes=1), django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert (first.status, first.reason) == (ReminderStatus.SKIPPED, "its reason has ended")
    moved = Reminder.objects.get(kind=ReportReminder.REPORT_DEADLINE, step=f"{deadline.pk}-{extended:%Y%m%d}-7d")
    Report.objects.create(
        project=world.project,
        programme_deadline=deadline,
        report_type=ReportType.INTERIM,
        period_start=world.project.start_date,
        period_end=deadline.due_date,
        due_date=extended,
        status=ReportStatus.SUBMITTED,
        version_count=1,
        submitted_at=timezone.now(),
    )
    run_scan(moved.due_at + timedelta(minutes=1), django_capture_on_commit_callbacks)
    moved.refresh_from_db()
    assert moved.status == ReminderStatus.SKIPPED
