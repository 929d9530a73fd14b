"""Issue 10's "Done when", in a real browser: the coordinator follows the "next action" link of a red
health item, fixes what it names, and the item turns green.

Item 7 (goals reviewed, ideas used) is red because the six-monthly goal review is two months overdue;
its action leads to the goal review form, and a review recorded today puts it back on schedule.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from goals.models import IdeaStatus
from tests.factories import PASSWORD, GoalFactory, GoalReviewFactory
from tests.goals.factories import IdeaFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _item(page, key):
    return page.locator(f'#health-panel li[data-health-item="{key}"]')


def test_coordinator_follows_a_red_items_action_and_it_turns_green(page, world):
    today, now = timezone.localdate(), timezone.now()
    project = world.project
    project.start_date = today - timedelta(days=400)
    project.save()
    goal = GoalFactory(project=project, title="Työelämäyhteistyö vahvistuu")
    review = GoalReviewFactory(project=project, review_date=today - timedelta(days=250))  # next due ~2 months ago
    for days_ago in (90, 40):  # two ideas adopted in the last 12 months: the ideas half is green
        IdeaFactory(
            project=project,
            created_at=now - timedelta(days=days_ago + 10),
            status=IdeaStatus.ADOPTED,
            status_changed_at=now - timedelta(days=days_ago),
            first_status_change_at=now - timedelta(days=days_ago),
            adopted_review=review,
        )

    page.goto("/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(world.coordinator.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(re.compile(r"/projects/"))
    page.goto(f"/projects/{project.pk}/")
    item = _item(page, "learning")
    assert item.get_attribute("data-health-status") == "red"
    assert "myöhässä" in item.inner_text()  # the facts say the review is overdue

    item.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/reviews/new/"))
    page.locator("#id_review_date").fill(today.isoformat())
    page.locator("#id_summary").fill("Tavoitteet käytiin läpi ohjausryhmässä.")
    page.locator(f'input[name="goal-{goal.pk}-status"][value="on_track"]').check()
    page.get_by_role("button", name="Tallenna katsaus").click()
    page.wait_for_load_state()

    page.goto(f"/projects/{project.pk}/")
    item = _item(page, "learning")
    assert item.get_attribute("data-health-status") == "green"
    assert today.strftime("%-d.%-m.%Y") in item.inner_text()  # "the last goal review was held on <today>"
