"""Issue 5's "Done when" on the demo data: moving the clock forward produces exactly the expected
reminders, once each, in the recipients' languages, and the projects' message logs show them."""

from collections import Counter
from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from commitments.models import RequestStatus, SignatureRequest
from commitments.reminders import ReminderKind as CommitmentReminder
from networkhub import reminders
from networkhub.models import Message, Reminder, ReminderStatus
from networkhub.tasks import scan_reminders


def test_demo_clock_forward(db, client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", password="demo-pass-1234")
    start = timezone.now()
    open_requests = {
        (request.email, request.language) for request in SignatureRequest.objects.filter(status=RequestStatus.SENT)
    }
    assert len(open_requests) >= 4

    def tick(days):
        with time_machine.travel(start + timedelta(days=days), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                reminders.plan()
            with django_capture_on_commit_callbacks(execute=True):
                scan_reminders()

    mailoutbox.clear()
    tick(2)
    assert not Reminder.objects.filter(kind=CommitmentReminder.SIGNATURE_UNSIGNED, status=ReminderStatus.SENT).exists()
    tick(3.1)
    tick(3.2)  # the same moment again: nothing twice
    sent = Reminder.objects.filter(kind=CommitmentReminder.SIGNATURE_UNSIGNED, status=ReminderStatus.SENT)
    assert {(reminder.recipient, reminder.language) for reminder in sent} == open_requests
    signature_mail = [m for m in mailoutbox if m.to[0] in {email for email, _ in open_requests}]
    assert Counter(m.to[0] for m in signature_mail) == Counter(email for email, _ in open_requests)
    for message in signature_mail:
        expected = dict(open_requests)[message.to[0]]
        assert message.extra_headers["Content-Language"] == expected

    tick(14.1)
    escalations = Reminder.objects.filter(kind=CommitmentReminder.SIGNATURE_ESCALATION, status=ReminderStatus.SENT)
    coordinators = set(User.objects.filter(coordinated_projects__isnull=False).values_list("email", flat=True))
    assert {reminder.recipient for reminder in escalations} <= coordinators and escalations.exists()
    # Every reminder of every kind went out at most once.
    keys = Counter(
        Reminder.objects.filter(status=ReminderStatus.SENT).values_list("kind", "target_id", "recipient", "step")
    )
    assert max(keys.values()) == 1

    coordinator = User.objects.get(email="koordinaattori@demo.networkhub.fi")
    client.force_login(coordinator)
    project = coordinator.coordinated_projects.get()
    page = client.get(reverse("projects:messages", args=[project.pk]))
    logged = {message.kind for message in page.context["sent"]}
    assert CommitmentReminder.SIGNATURE_UNSIGNED in logged
    assert Message.objects.filter(project=project, kind=CommitmentReminder.SIGNATURE_UNSIGNED).count() >= 1
