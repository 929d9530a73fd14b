"""Goal reviews (characteristic 7): when the next one is due, recording them, the overdue reminder and the
read-only state for network health. The clock is set with time_machine; dates are built from it."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from goals import queries, services
from goals.models import GoalReview, GoalReviewEntry, GoalStatus
from goals.reminders import ReminderKind
from networkhub import reminders
from networkhub.models import AuditEvent, Reminder, ReminderStatus
from networkhub.tasks import scan_reminders
from projects.models import Project
from tests.factories import GoalFactory, GoalReviewFactory, ProjectFactory


@pytest.fixture(autouse=True)
def _clock_in_december_2026():
    """These tests reason in the dates of a project that started on 1.8.2026 (the factories build it four
    months back from the clock), so the clock is set to 1.12.2026 before the world is made."""
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/Helsinki")), tick=True):
        yield


HELSINKI = ZoneInfo("Europe/Helsinki")


def at(day, hour=12):
    return datetime(day.year, day.month, day.day, hour, tzinfo=HELSINKI)


def entries_for(project, status=GoalStatus.ON_TRACK):
    return [{"goal": goal, "status": status, "notes": "", "changes": ""} for goal in project.goals.all()]


# --- When the next review is due -------------------------------------------------------------


def test_next_review_is_due_an_interval_after_the_start_or_the_last_review(world):
    project = world.project  # starts 1.8.2026, reviews every 6 months by default
    assert project.review_interval_months == 6
    assert project.next_review_due == date(2026, 8, 1) + timedelta(days=184)  # 1.2.2027
    GoalReviewFactory(project=project, review_date=date(2026, 10, 15))
    GoalReviewFactory(project=project, review_date=date(2026, 9, 1))
    project = Project.objects.get(pk=project.pk)
    assert project.next_review_due == date(2027, 4, 15)
    project.review_interval_months = 3
    assert project.next_review_due == date(2027, 1, 15)


def test_a_month_end_review_is_due_at_the_end_of_a_shorter_month(world):
    GoalReviewFactory(project=world.project, review_date=date(2026, 8, 31))
    assert Project.objects.get(pk=world.project.pk).next_review_due == date(2027, 2, 28)


def test_annotated_projects_need_no_query_per_project(world, django_assert_num_queries):
    GoalReviewFactory(project=world.project, review_date=date(2026, 10, 15))
    with django_assert_num_queries(1):
        due = {project.pk: project.next_review_due for project in Project.objects.with_latest_review()}
    assert due == {world.project.pk: date(2027, 4, 15), world.other_project.pk: date(2027, 2, 1)}


@pytest.mark.parametrize(("value", "valid"), [("0", False), ("1", True), ("24", True), ("25", False), ("x", False)])
def test_interval_is_edited_on_the_project_details_form(world, client, value, valid):
    project = world.project
    client.force_login(world.coordinator)
    data = {
        "name": project.name,
        "acronym": project.acronym,
        "programme": project.programme_id,
        "case_number": project.case_number,
        "status": project.status,
        "application_date": "2026-03-01",
        "start_date": "2026-08-01",
        "end_date": "2028-07-31",
        "grant_eur": "1000",
        "self_financing_eur": "0",
        "review_interval_months": value,
    }
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    project.refresh_from_db()
    if valid:
        assert response.status_code == 302 and project.review_interval_months == int(value)
    else:
        assert response.status_code == 200 and "review_interval_months" in response.context["form"].errors
        assert project.review_interval_months == 6


def test_database_refuses_an_interval_out_of_range(world):
    with pytest.raises(IntegrityError):
        Project.objects.filter(pk=world.project.pk).update(review_interval_months=0)


# --- Recording ---------------------------------------------------------------------------------


def test_recording_a_review_saves_an_entry_per_goal_and_audits(world):
    GoalFactory.create_batch(2, project=world.project)
    with time_machine.travel(at(date(2027, 1, 20)), tick=False):
        review = services.record_goal_review(
            GoalReview(project=world.project, review_date=date(2027, 1, 19), summary="Katsaus"),
            entries_for(world.project, GoalStatus.AT_RISK),
            actor=world.coordinator,
        )
    assert review.created_by == world.coordinator
    assert set(review.entries.values_list("status", flat=True)) == {GoalStatus.AT_RISK}
    assert review.entries.count() == 2
    event = AuditEvent.objects.get(action="project.goal_review_recorded")
    assert event.project == world.project and event.data["statuses"] == {"at_risk": 2}
    assert world.project.next_review_due == date(2027, 7, 19)


def test_review_refuses_another_projects_goal_a_second_review_that_day_and_a_future_date(world):
    GoalFactory(project=world.project)
    foreign = GoalFactory(project=world.other_project)
    with time_machine.travel(at(date(2027, 1, 20)), tick=False):
        entries = [*entries_for(world.project), {"goal": foreign, "status": "on_track", "notes": "", "changes": ""}]
        with pytest.raises(services.ProjectError):
            services.record_goal_review(
                GoalReview(project=world.project, review_date=date(2027, 1, 19)), entries, actor=world.coordinator
            )
        services.record_goal_review(
            GoalReview(project=world.project, review_date=date(2027, 1, 19)),
            entries_for(world.project),
            actor=world.coordinator,
        )
        with pytest.raises(services.ProjectError) as refused:
            services.record_goal_review(
                GoalReview(project=world.project, review_date=date(2027, 1, 19)),
                entries_for(world.project),
                actor=world.coordinator,
            )
        assert refused.value.field == "review_date"
        with pytest.raises(ValidationError):
            services.record_goal_review(
                GoalReview(project=world.project, review_date=date(2027, 1, 21)),
                entries_for(world.project),
                actor=world.coordinator,
            )
    assert GoalReview.objects.filter(project=world.project).count() == 1


def test_database_refuses_an_unknown_status_and_a_goal_twice(world):
    review = GoalReviewFactory(project=world.project)
    goal = GoalFactory(project=world.project)
    GoalReviewEntry.objects.create(review=review, goal=goal, status=GoalStatus.ON_TRACK)
    with pytest.raises(IntegrityError):
        GoalReviewEntry.objects.create(review=review, goal=goal, status=GoalStatus.AT_RISK)


def test_database_refuses_an_unknown_entry_status(world):
    review = GoalReviewFactory(project=world.project)
    with pytest.raises(IntegrityError):
        GoalReviewEntry.objects.create(review=review, goal=GoalFactory(project=world.project), status="fine")


# --- The overdue reminder ----------------------------------------------------------------------


def tick(moment, capture):
    with time_machine.travel(moment, tick=False), capture(execute=True):
        reminders.plan()
        scan_reminders()


def review_mail(mailoutbox, world):
    """The goal review reminders to the coordinator: their link leads to recording a review."""
    path = reverse("goals:review_create", args=[world.project.pk])
    return [m for m in mailoutbox if m.to == [world.coordinator.email] and path in m.body]


def test_overdue_review_is_reminded_once_per_due_date(world, mailoutbox, django_capture_on_commit_callbacks):
    due = world.project.next_review_due  # 1.2.2027
    tick(at(due - timedelta(days=10)), django_capture_on_commit_callbacks)
    tick(at(due), django_capture_on_commit_callbacks)  # due today: not yet overdue
    assert review_mail(mailoutbox, world) == []
    tick(at(due + timedelta(days=1)), django_capture_on_commit_callbacks)
    tick(at(due + timedelta(days=8)), django_capture_on_commit_callbacks)
    tick(at(due + timedelta(days=40)), django_capture_on_commit_callbacks)
    [message] = review_mail(mailoutbox, world)
    assert world.project.acronym in message.subject and "1.2.2027" in message.body
    [reminder] = Reminder.objects.filter(kind=ReminderKind.GOAL_REVIEW_OVERDUE, project=world.project)
    assert (reminder.step, reminder.status) == (f"due-{due:%Y%m%d}-1d", ReminderStatus.SENT)


def test_recording_a_review_stops_the_reminder(world, mailoutbox, django_capture_on_commit_callbacks):
    due = world.project.next_review_due
    tick(at(due, hour=20), django_capture_on_commit_callbacks)  # planned for tomorrow morning
    [pending] = Reminder.objects.filter(kind=ReminderKind.GOAL_REVIEW_OVERDUE, project=world.project)
    assert pending.status == ReminderStatus.PENDING
    with time_machine.travel(at(due, hour=21), tick=False):
        services.record_goal_review(GoalReview(project=world.project, review_date=due), [], actor=world.coordinator)
    tick(at(due + timedelta(days=2)), django_capture_on_commit_callbacks)
    assert review_mail(mailoutbox, world) == []
    pending.refresh_from_db()
    assert pending.status == ReminderStatus.CANCELLED
    # The next due date has a reminder of its own, six months on.
    tick(at(due + timedelta(days=200)), django_capture_on_commit_callbacks)
    assert len(review_mail(mailoutbox, world)) == 1


def test_a_review_recorded_behind_the_services_back_still_stops_it(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    due = world.project.next_review_due
    tick(at(due, hour=20), django_capture_on_commit_callbacks)
    GoalReviewFactory(project=world.project, review_date=due)
    tick(at(due + timedelta(days=2)), django_capture_on_commit_callbacks)
    assert review_mail(mailoutbox, world) == []
    reminder = Reminder.objects.get(kind=ReminderKind.GOAL_REVIEW_OVERDUE, project=world.project)
    assert (reminder.status, reminder.reason) == (ReminderStatus.SKIPPED, "its reason has ended")


def test_no_reminder_for_projects_not_active_or_ending_first(world, mailoutbox, django_capture_on_commit_callbacks):
    Project.objects.filter(pk=world.project.pk).update(status="application")
    ending = ProjectFactory(coordinators=[world.coordinator], end_date=date(2027, 1, 31))
    tick(at(date(2027, 3, 1)), django_capture_on_commit_callbacks)
    assert not Reminder.objects.filter(kind=ReminderKind.GOAL_REVIEW_OVERDUE, project__in=[world.project, ending])


# --- Read-only state for network health ----------------------------------------------------------


def test_review_state(world, django_assert_num_queries):
    project = world.project
    with django_assert_num_queries(1):
        state = queries.review_state(project, date(2027, 2, 1))
    assert state == {"last_review_date": None, "next_due": date(2027, 2, 1), "overdue": False}
    assert queries.review_state(project, date(2027, 2, 2))["overdue"] is True
    GoalReviewFactory(project=project, review_date=date(2027, 1, 10))
    GoalReviewFactory(project=project, review_date=date(2026, 11, 1))
    for reviews in (0, 20):
        for index in range(reviews):
            GoalReviewFactory(project=project, review_date=date(2026, 8, 2) + timedelta(days=index))
        with django_assert_num_queries(1):
            state = queries.review_state(project, date(2027, 2, 2))
        assert state == {"last_review_date": date(2027, 1, 10), "next_due": date(2027, 7, 10), "overdue": False}
