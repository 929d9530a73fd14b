"""The status report's goals section carries each goal's status from the latest goal review held by the
period's end (characteristic 7)."""

from datetime import timedelta

from django.urls import reverse

from goals.models import GoalStatus
from reports import data
from tests.factories import GoalFactory, GoalReviewEntryFactory, GoalReviewFactory

from .helpers import draft


def test_report_goals_carry_the_latest_review_by_the_period_end(world, client):
    mobility = GoalFactory(project=world.project, title="Liikkuvuus kasvaa", order=1)
    staff = GoalFactory(project=world.project, title="Henkilöstö osaa", order=2)
    added_later = GoalFactory(project=world.project, title="Uusi tavoite", order=3)
    report = draft(world.project, world.coordinator, language="en")
    end = report.period_end
    earlier = GoalReviewFactory(project=world.project, review_date=end - timedelta(days=90))
    GoalReviewEntryFactory(review=earlier, goal=mobility, status=GoalStatus.OFF_TRACK, notes="Vanha huomio")
    latest = GoalReviewFactory(project=world.project, review_date=end)
    GoalReviewEntryFactory(review=latest, goal=mobility, status=GoalStatus.AT_RISK, notes="Sijaiset puuttuvat")
    GoalReviewEntryFactory(review=latest, goal=staff, status=GoalStatus.ON_TRACK, changes="Lisää job shadowingia")
    after = GoalReviewFactory(project=world.project, review_date=end + timedelta(days=1))
    GoalReviewEntryFactory(review=after, goal=mobility, status=GoalStatus.ON_TRACK, notes="Jo seuraavalla kaudella")

    goals = {row["title"]: row for row in data.build(report)["goals"]}
    assert goals["Liikkuvuus kasvaa"]["review_status"] == "at_risk"
    assert goals["Liikkuvuus kasvaa"]["review_status_label"] == "At risk"
    assert goals["Liikkuvuus kasvaa"]["review_notes"] == "Sijaiset puuttuvat"
    assert goals["Henkilöstö osaa"]["review_changes"] == "Lisää job shadowingia"
    assert goals["Henkilöstö osaa"]["review_date"] == goals["Liikkuvuus kasvaa"]["review_date"] != ""
    assert goals["Uusi tavoite"]["review_status"] == ""  # not in that review

    client.force_login(world.coordinator)
    page = client.get(reverse("reports:detail", args=[world.project.pk, report.pk])).content.decode()
    assert "Sijaiset puuttuvat" in page and "Lisää job shadowingia" in page
    assert "Jo seuraavalla kaudella" not in page and "Vanha huomio" not in page
    assert added_later.title in page


def test_report_without_reviews_has_empty_review_fields(world):
    GoalFactory(project=world.project)
    [goal] = data.build(draft(world.project, world.coordinator))["goals"]
    assert (goal["review_status"], goal["review_notes"], goal["review_date"]) == ("", "", "")
