"""The demo's goal reviews and ideas (characteristic 7): VERKKO reviewed five months ago and has a lively
ideas log; BRO's review is overdue, so its coordinator is reminded in Swedish."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from goals.models import GoalReview, GoalReviewEntry, GoalStatus, Idea, IdeaStatus
from goals.queries import review_state
from goals.reminders import ReminderKind
from networkhub.models import Reminder
from projects.models import Project

NOW = datetime(2027, 3, 1, 12, tzinfo=ZoneInfo("Europe/Helsinki"))
MODELS = [GoalReview, GoalReviewEntry, Idea]

pytestmark = pytest.mark.django_db


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_reviews_and_ideas(client):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", password="demo-pass-1234")
        first = _counts()
        call_command("seed_demo", password="demo-pass-1234")
        assert _counts() == first
        today = NOW.date()

        verkko = Project.objects.get(case_number="OPH-1234-2026")
        [review] = GoalReview.objects.filter(project=verkko)
        assert today - timedelta(days=160) <= review.review_date <= today - timedelta(days=140)
        assert set(review.entries.values_list("status", flat=True)) == set(GoalStatus.values)
        assert not review_state(verkko, today)["overdue"]
        ideas = {idea.status: idea for idea in Idea.objects.filter(project=verkko)}
        assert set(ideas) == set(IdeaStatus.values)
        assert ideas[IdeaStatus.ADOPTED].adopted_decision.meeting.project == verkko
        assert ideas[IdeaStatus.NEW].proposed_by_contact.user.email == "kumppani@demo.networkhub.fi"

        bro = Project.objects.get(case_number="OPH-877-2025")
        assert review_state(bro, today)["overdue"]
        assert "Styrgruppen" in GoalReview.objects.get(project=bro).summary
        [reminder] = Reminder.objects.filter(kind=ReminderKind.GOAL_REVIEW_OVERDUE, project=bro)
        assert (reminder.project, reminder.recipient, reminder.language) == (
            bro,
            "koordinator@demo.networkhub.fi",
            "sv",
        )

        client.force_login(User.objects.get(email="kumppani@demo.networkhub.fi"))
        for url in [
            reverse("goals:review_list", args=[verkko.pk]),
            review.get_absolute_url(),
            reverse("goals:idea_list", args=[verkko.pk]),
            *(idea.get_absolute_url() for idea in ideas.values()),
        ]:
            assert client.get(url).status_code == 200, url
