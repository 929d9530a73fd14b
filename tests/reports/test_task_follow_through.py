"""The report's commitment section shows each letter task's follow-through as it stood at the end of the period:
a task done after the period is not done yet there, one marked done later but dated inside the period is."""

from datetime import date, timedelta

import pytest
import time_machine

from commitments import services as commitments
from commitments.models import NetworkRules
from projects.models import ReportType
from reports import data, services
from tests.commitments.helpers import publish_rules
from tests.health.helpers import NOW, at, founding_members, letter

pytestmark = pytest.mark.django_db

SIGNED_ON = date(2026, 2, 10)
DEADLINE = date(2027, 5, 31)  # the helpers' task deadline


def _signed(world):
    membership = founding_members(world, 1)[0]
    if not NetworkRules.objects.filter(project=membership.project).exists():
        publish_rules(membership.project, world.coordinator)
    version = letter(
        membership,
        world.coordinator,
        sent=SIGNED_ON,
        contact=SIGNED_ON,
        management=SIGNED_ON,
        tasks=((True, True), (True, True), (True, True)),
    )
    return membership, list(version.tasks.order_by("order"))


def _commitment(world, period_end, language="fi", start=date(2026, 8, 1)):
    report = services.create_report(
        world.project,
        actor=world.coordinator,
        report_type=ReportType.STATUS,
        period=(start, period_end),
        language=language,
    )
    return data.build(report)["commitment"]


def test_tasks_show_their_status_at_the_periods_end(world):
    with time_machine.travel(NOW, tick=False):
        membership, (first, second, third) = _signed(world)
    update = commitments.update_task
    with time_machine.travel(at(date(2026, 10, 5)), tick=False):
        update(membership, first.thread, status="in_progress", note="Aloitettu.", actor=world.partner)
        update(membership, third.thread, status="dropped", drop_reason="Ei rahoitusta.", actor=world.partner)
    with time_machine.travel(at(date(2026, 11, 20)), tick=False):
        # Recorded after the period, dated inside it: done at the period's end.
        update(membership, first.thread, status="done", done_on=date(2026, 10, 30), actor=world.partner)
        # Done after the period: still open then.
        update(membership, second.thread, status="done", actor=world.partner)
    with time_machine.travel(at(date(2026, 11, 21)), tick=False):
        section = _commitment(world, date(2026, 10, 31))
        later = _commitment(world, DEADLINE + timedelta(days=1), start=date(2026, 11, 1))
    [row] = section["rows"]
    assert [(task["status"], task["done_on"], task["late"]) for task in row["tasks"]] == [
        ("done", "30.10.2026", False),
        ("open", "", False),
        ("dropped", "", False),
    ]
    assert section["tasks"] == {"total": 3, "done": 1, "in_progress": 0, "dropped": 1, "late": 0}
    # A period ending after the deadline: the task done on 20.11.2026 counts as done, none is late.
    assert later["tasks"] == {"total": 3, "done": 2, "in_progress": 0, "dropped": 1, "late": 0}


def test_an_open_task_past_its_deadline_is_late_in_the_report(world):
    with time_machine.travel(NOW, tick=False):
        membership, (first, _second, _third) = _signed(world)
        commitments.update_task(membership, first.thread, status="in_progress", note="Kesken.", actor=world.partner)
    with time_machine.travel(at(DEADLINE + timedelta(days=3)), tick=False):
        section = _commitment(world, DEADLINE + timedelta(days=2), language="sv")
    [row] = section["rows"]
    assert [(task["status_label"], task["late"]) for task in row["tasks"]] == [
        ("Pågår", True),
        ("Öppen", True),
        ("Öppen", True),
    ]
    assert section["tasks"]["in_progress"] == 1 and section["tasks"]["late"] == 3
