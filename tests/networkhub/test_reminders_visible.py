"""Nothing stuck out of sight: the Messages page, the admin and /healthz show reminders and e-mails
that are on their way, failed or sent again, with their age (issue 12)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from networkhub import reminders
from networkhub.models import Message, MessageStatus, Reminder, ReminderStatus
from reports.reminders import ReminderKind as ReportReminder
from tests.factories import UserFactory, sign_in

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _reminder(project, recipient, status, *, due=timedelta(hours=3), claimed=None, finished=None, message=None):
    reminders.schedule(
        ReportReminder.REPORT_DEADLINE,
        project,
        project=project,
        step=recipient,
        due_at=NOW - due,
        recipient=recipient,
    )
    reminder = Reminder.objects.get(step=recipient)
    Reminder.objects.filter(pk=reminder.pk).update(
        status=status,
        claimed_at=NOW - claimed if claimed else None,
        finished_at=NOW - finished if finished else None,
        message=message,
    )
    return reminder


def _message(project, recipient, status, *, attempts=1, claimed=timedelta(minutes=30)):
    return Message.objects.create(
        key=f"report_review:x:{recipient}",
        project=project,
        kind="report_review",
        recipient=recipient,
        language="fi",
        status=status,
        attempts=attempts,
        claimed_at=NOW - claimed,
    )


@pytest.fixture
def troubles(clock, world):
    project = world.project
    resent = _message(project, "resent@example.org", MessageStatus.SENT, attempts=2)
    _reminder(project, "queued@example.org", ReminderStatus.QUEUED, claimed=timedelta(hours=2))
    _reminder(project, "sending@example.org", ReminderStatus.SENDING, claimed=timedelta(minutes=40))
    _reminder(project, "failed@example.org", ReminderStatus.FAILED, finished=timedelta(days=2))
    _reminder(project, "resent@example.org", ReminderStatus.SENT, finished=timedelta(hours=1), message=resent)
    _reminder(project, "fine@example.org", ReminderStatus.SENT, finished=timedelta(hours=1))
    _reminder(project, "later@example.org", ReminderStatus.PENDING, due=-timedelta(days=1))
    _reminder(world.other_project, "elsewhere@example.org", ReminderStatus.QUEUED, claimed=timedelta(hours=2))
    _message(project, "stuck@example.org", MessageStatus.SENDING, claimed=timedelta(hours=5))
    _message(project, "refused@example.org", MessageStatus.FAILED, attempts=3)
    return world


@pytest.mark.parametrize(
    ("language", "queued", "resent", "age", "e_mail"),
    [
        ("fi", "Jonossa", "Lähetetty 2 yrityksellä", "2\xa0tuntia", "Raportin käsittely"),
        ("sv", "I kö", "Skickad efter 2 försök", "2\xa0timmar", "Granskning av rapport"),
        ("en", "Queued", "Sent after 2 attempts", "2\xa0hours", "Report review"),
    ],
)
def test_the_messages_page_shows_what_is_on_its_way_failed_or_resent(
    troubles, client, settings, language, queued, resent, age, e_mail
):
    client.force_login(troubles.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    troubles.coordinator.language = language
    troubles.coordinator.save()
    page = client.get(reverse("projects:messages", args=[troubles.project.pk]))
    assert page.status_code == 200
    listed = {reminder.recipient: reminder for reminder in page.context["unsettled"]}
    assert set(listed) == {"queued@example.org", "sending@example.org", "failed@example.org", "resent@example.org"}
    assert {m.recipient for m in page.context["unsent"]} == {"stuck@example.org", "refused@example.org"}
    html = page.content.decode()
    assert f"<td>{queued}</td>" in html and resent in html
    assert f"<td>{age}</td>" in html  # the queued one, claimed two hours ago
    assert e_mail in html  # the e-mail's kind by its name
    for code in ("report_deadline", "report_review", ">queued<", ">sending<", ">failed<"):
        assert code not in html


def test_the_page_costs_the_same_queries_however_many_are_unsettled(troubles, client, django_assert_max_num_queries):
    client.force_login(troubles.coordinator)
    url = reverse("projects:messages", args=[troubles.project.pk])
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for index in range(30):
        resent = _message(troubles.project, f"more{index}@example.org", MessageStatus.SENT, attempts=2)
        _reminder(
            troubles.project, f"more{index}@example.org", ReminderStatus.SENT, finished=timedelta(1), message=resent
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_healthz_counts_reminders_overdue_by_more_than_an_hour(troubles, client):
    # Overdue: the queued and sending ones (due three hours ago); not the sent, failed or future ones.
    _reminder(troubles.project, "pending-late@example.org", ReminderStatus.PENDING, due=timedelta(minutes=61))
    _reminder(troubles.project, "pending-recent@example.org", ReminderStatus.PENDING, due=timedelta(minutes=59))
    body = client.get(reverse("healthz")).json()
    assert body["reminders_overdue"] == 4  # queued, sending, elsewhere's queued and the late pending one
    assert body["status"] == "ok" and set(body["checks"]) == {"database", "cache", "broker"}


def test_the_admin_filters_and_shows_the_state_and_its_age(troubles, client):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    sign_in(client, admin)
    page = client.get(reverse("admin:networkhub_reminder_changelist"), {"attention": "unsettled"})
    assert page.status_code == 200
    shown = {reminder.recipient for reminder in page.context["cl"].result_list}
    assert shown == {
        "queued@example.org",
        "sending@example.org",
        "failed@example.org",
        "resent@example.org",
        "elsewhere@example.org",
    }
    overdue = client.get(reverse("admin:networkhub_reminder_changelist"), {"attention": "overdue"})
    assert {r.recipient for r in overdue.context["cl"].result_list} == {
        "queued@example.org",
        "sending@example.org",
        "elsewhere@example.org",
    }
    messages = client.get(reverse("admin:networkhub_message_changelist"), {"attention": "unsent"})
    assert {m.recipient for m in messages.context["cl"].result_list} == {"stuck@example.org", "refused@example.org"}
    assert "5\xa0" in messages.content.decode()  # the stuck one's age, five hours
