"""The demo network shows the panel at work: VERKKO has red, amber and green items, BRO is healthier,
letters signed before the application date verify, and eight weeks of snapshots draw the trends."""

from collections import Counter

import pytest
from django.core.management import call_command

from commitments.overview import commitments_for
from health.panel import Status, panel
from home.health import TREND_WEEKS
from home.models import HealthSnapshot
from partners.queries import current_members
from projects.models import Project

pytestmark = pytest.mark.django_db


def _statuses(project):
    return Counter(health_item.status for health_item in panel(project))


def test_demo_health(capsys):
    call_command("seed_demo", password="demo-pass-1234")
    verkko = Project.objects.get(case_number="OPH-1234-2026")
    bro = Project.objects.get(case_number="OPH-877-2025")
    verkko_statuses, bro_statuses = _statuses(verkko), _statuses(bro)
    assert all(verkko_statuses[status] for status in (Status.RED, Status.AMBER, Status.GREEN)), verkko_statuses
    assert bro_statuses[Status.RED] < verkko_statuses[Status.RED]
    assert bro_statuses[Status.GREEN] > verkko_statuses[Status.GREEN]

    for project in (verkko, bro):  # letters signed by both before the application date, and they verify
        at_application = commitments_for(current_members(project), project.application_date)
        assert sum(commitment.is_signed for commitment in at_application.values()) >= 2, project

    call_command("verify_commitments")
    assert "All letters verify." in capsys.readouterr().out

    days = set(HealthSnapshot.objects.filter(project=verkko).values_list("taken_on", flat=True))
    weeks = {day for day in days if day.weekday() == 0}  # the weekly snapshots; the daily statuses add today
    assert len(weeks) == TREND_WEEKS + 1
    count = HealthSnapshot.objects.count()
    call_command("seed_demo", password="demo-pass-1234")
    assert HealthSnapshot.objects.count() == count
