"""The goal review pages: coordinators record and edit reviews, a row per goal; members read them."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from goals import ideas
from goals.models import GoalReview, GoalStatus
from tests.factories import GoalFactory, GoalReviewEntryFactory, GoalReviewFactory

from .factories import IdeaFactory


@pytest.fixture(autouse=True)
def _clock_in_december_2026():
    """These tests reason in the dates of a project that started on 1.8.2026 (the factories build it four
    months back from the clock), so the clock is set to 1.12.2026 before the world is made."""
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/Helsinki")), tick=True):
        yield


TODAY = datetime(2027, 1, 20, 12, tzinfo=ZoneInfo("Europe/Helsinki"))
OVERDUE = '<span class="status-badge status-danger" data-status="overdue">overdue</span>'


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.fixture
def goals(world):
    return [
        GoalFactory(project=world.project, title="Liikkuvuus kasvaa", order=1),
        GoalFactory(project=world.project, title="Henkilöstö osaa", order=2),
    ]


def review_data(goals, review_date="2027-01-19", **overrides):
    data = {"review_date": review_date, "summary": "Ohjausryhmä kävi tavoitteet läpi."}
    for goal, status in zip(goals, ["on_track", "off_track"], strict=False):
        data |= {f"goal-{goal.pk}-status": status, f"goal-{goal.pk}-notes": f"Huomio {goal.title}"}
        data |= {f"goal-{goal.pk}-changes": "Lisää jaksoja" if status == "off_track" else ""}
    return data | overrides


def test_coordinator_records_a_review_and_a_partner_reads_it(world, goals, client, clock):
    client.force_login(world.coordinator)
    form = client.get(reverse("goals:review_create", args=[world.project.pk]))
    assert form.context["form"]["review_date"].value() == clock
    assert [goal for goal, _form in form.context["entries"]] == goals
    response = client.post(reverse("goals:review_create", args=[world.project.pk]), review_data(goals))
    review = GoalReview.objects.get(project=world.project)
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert review.review_date == date(2027, 1, 19) and review.created_by == world.coordinator
    entries = {entry.goal: entry for entry in review.entries.all()}
    assert entries[goals[0]].status == GoalStatus.ON_TRACK
    assert (entries[goals[1]].status, entries[goals[1]].changes) == (GoalStatus.OFF_TRACK, "Lisää jaksoja")

    client.force_login(world.partner)
    listing = client.get(reverse("goals:review_list", args=[world.project.pk])).content.decode()
    assert review.get_absolute_url() in listing
    assert reverse("goals:review_create", args=[world.project.pk]) not in listing
    detail = client.get(review.get_absolute_url()).content.decode()
    assert "Liikkuvuus kasvaa" in detail and "Lisää jaksoja" in detail
    assert reverse("goals:review_edit", args=[world.project.pk, review.pk]) not in detail


def test_a_partner_cannot_record_or_edit_a_review(world, goals, client, clock):
    review = GoalReviewFactory(project=world.project)
    client.force_login(world.partner)
    assert client.post(reverse("goals:review_create", args=[world.project.pk]), review_data(goals)).status_code == 404
    edit = reverse("goals:review_edit", args=[world.project.pk, review.pk])
    assert client.post(edit, review_data(goals, review_date="2026-12-01")).status_code == 404
    assert list(GoalReview.objects.filter(project=world.project)) == [review]
    assert GoalReview.objects.get().review_date == world.project.start_date


def test_edit_keeps_the_entries_and_offers_goals_added_since(world, goals, client, clock):
    review = GoalReviewFactory(project=world.project, review_date=date(2026, 12, 1))
    GoalReviewEntryFactory(review=review, goal=goals[0], status=GoalStatus.AT_RISK, notes="Hidasta")
    new_goal = GoalFactory(project=world.project, title="Uudet järjestäjät", order=3)
    client.force_login(world.coordinator)
    url = reverse("goals:review_edit", args=[world.project.pk, review.pk])
    page = client.get(url)
    rows = dict(page.context["entries"])
    assert rows[goals[0]]["status"].value() == "at_risk" and rows[goals[0]]["notes"].value() == "Hidasta"
    assert page.context["form"]["review_date"].value() == date(2026, 12, 1)
    data = review_data(goals, review_date="2026-12-02") | {f"goal-{new_goal.pk}-status": "at_risk"}
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert review.review_date == date(2026, 12, 2)
    assert dict(review.entries.values_list("goal__title", "status")) == {
        "Liikkuvuus kasvaa": "on_track",
        "Henkilöstö osaa": "off_track",
        "Uudet järjestäjät": "at_risk",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("no_status", "status"),
        ("bad_status", "status"),
        ("future", "review_date"),
        ("same_day", "review_date"),
        ("bad_date", "review_date"),
    ],
)
def test_bad_input_is_explained_at_the_field_and_kept(world, goals, client, clock, english, change, field):
    GoalReviewFactory(project=world.project, review_date=date(2027, 1, 10))
    data = review_data(goals)
    if change == "no_status":
        del data[f"goal-{goals[1].pk}-status"]
    elif change == "bad_status":
        data[f"goal-{goals[1].pk}-status"] = "fine"
    elif change == "future":
        data["review_date"] = "2027-01-21"
    elif change == "same_day":
        data["review_date"] = "2027-01-10"
    else:
        data["review_date"] = "2027-13-45"
    english.force_login(world.coordinator)
    response = english.post(reverse("goals:review_create", args=[world.project.pk]), data)
    assert response.status_code == 200
    if field == "status":
        row = dict(response.context["entries"])[goals[1]]
        assert row.errors["status"]
    else:
        assert response.context["form"].errors["review_date"]
    assert f"Huomio {goals[0].title}" in response.content.decode()  # what was typed is kept
    assert GoalReview.objects.filter(project=world.project).count() == 1


def test_list_shows_when_the_next_review_is_due_and_if_overdue(world, client, english):
    url = reverse("goals:review_list", args=[world.project.pk])
    with time_machine.travel(datetime(2027, 2, 2, 12, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False):
        english.force_login(world.partner)
        page = english.get(url).content.decode()
        assert "Next review due: 01/02/2027" in page and OVERDUE in page
        GoalReviewFactory(project=world.project, review_date=date(2027, 1, 30))
        page = english.get(url).content.decode()
        assert "Next review due: 30/07/2027" in page and OVERDUE not in page


def test_detail_lists_the_ideas_the_review_adopted(world, client):
    review = GoalReviewFactory(project=world.project)
    idea = IdeaFactory(project=world.project, title="Vertaismentorit")
    IdeaFactory(project=world.project, title="Muu idea")
    ideas.adopt_idea(idea, actor=world.coordinator, review=review)
    client.force_login(world.partner)
    page = client.get(review.get_absolute_url()).content.decode()
    assert idea.get_absolute_url() in page and "Muu idea" not in page


def test_the_project_navigation_links_to_reviews_and_ideas(world, client):
    client.force_login(world.partner)
    page = client.get(reverse("home:project", args=[world.project.pk])).content.decode()
    assert reverse("goals:review_list", args=[world.project.pk]) in page
    assert reverse("goals:idea_list", args=[world.project.pk]) in page


def _reviews(project, count, goals, first=0):
    for index in range(first, first + count):
        review = GoalReviewFactory(project=project, review_date=date(2026, 8, 1) + timedelta(days=index))
        for goal in goals:
            GoalReviewEntryFactory(review=review, goal=goal, status=GoalStatus.values[index % 3])


@pytest.mark.parametrize("page", ["list", "detail", "create", "edit"])
def test_query_counts_do_not_grow(world, client, django_assert_max_num_queries, page):
    goals = GoalFactory.create_batch(2, project=world.project)
    _reviews(world.project, 2, goals)
    review = GoalReview.objects.filter(project=world.project).first()
    for _ in range(2):
        IdeaFactory(project=world.project)
    client.force_login(world.coordinator)
    url = {
        "list": reverse("goals:review_list", args=[world.project.pk]),
        "detail": review.get_absolute_url(),
        "create": reverse("goals:review_create", args=[world.project.pk]),
        "edit": reverse("goals:review_edit", args=[world.project.pk, review.pk]),
    }[page]
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    goals += GoalFactory.create_batch(10, project=world.project)
    GoalReviewEntryFactory(review=review, goal=goals[-1])
    _reviews(world.project, 25, goals, first=2)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    if page == "list":
        assert response.content.decode().count("<tr>") >= 27


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_pages_have_one_h1_in_each_language(world, client, settings, language):
    goal = GoalFactory(project=world.project)
    review = GoalReviewFactory(project=world.project)
    GoalReviewEntryFactory(review=review, goal=goal, status=GoalStatus.AT_RISK)
    idea = IdeaFactory(project=world.project)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(world.coordinator)
    for url in [
        reverse("goals:review_list", args=[world.project.pk]),
        reverse("goals:review_create", args=[world.project.pk]),
        review.get_absolute_url(),
        reverse("goals:review_edit", args=[world.project.pk, review.pk]),
        reverse("goals:idea_list", args=[world.project.pk]),
        reverse("goals:idea_create", args=[world.project.pk]),
        idea.get_absolute_url(),
    ]:
        page = client.get(url).content.decode()
        assert page.count("<h1") == 1, url
        assert f'<html lang="{language}">' in page, url
