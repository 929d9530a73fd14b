"""The demo's funder reviewer lands on the programme overview, which lists both demo projects with today's
statuses from the daily run, their regions and the next report; the review queue holds the submitted ones."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from health.models import HealthDay
from health.panel import ITEMS, Status
from projects.models import ProgrammeDeadline, Project, Region, ReportType
from reports.models import ReportStatus
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def test_the_overview_lists_the_demo_projects_with_statuses(client):
    call_command("seed_demo", password="demo-pass-1234")
    verkko = Project.objects.get(case_number="OPH-1234-2026")
    bro = Project.objects.get(case_number="OPH-877-2025")
    polku = Project.objects.get(case_number="OPH-2310-2025")  # adopted networkhub after applying
    assert (verkko.region, bro.region) == (Region.SOUTH_KARELIA, Region.OSTROBOTHNIA)
    assert set(HealthDay.objects.values_list("taken_on", flat=True)) == {timezone.localdate()}

    sign_in(client, User.objects.get(email="arvioija@demo.networkhub.fi"))
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home:overview")
    rows = response.context["page"].object_list
    # The interim report of BRO's programme was due yesterday: BRO and POLKU, its other project, have not
    # submitted it, which sorts them first; VERKKO is not late.
    assert {row.project for row in rows[:2]} == {bro, polku} and rows[2].project == verkko
    for row in rows[:2]:
        assert row.next_report["days_overdue"] == 1 and row.next_report["label"] == "Väliselvitys"
    by_risk = client.get(reverse("home:overview"), {"sort": "risk"}).context["page"].object_list
    scores = [row.project.risk_score for row in by_risk]
    assert scores == sorted(scores, reverse=True) and scores[0] >= 20  # an overdue report weighs most
    assert any(cell.value is not None for cell in by_risk[0].cells)  # the items' values are shown
    filtered = client.get(reverse("home:overview"), {"report": "overdue"}).context["page"].object_list
    assert {row.project for row in filtered} == {bro, polku}
    verkko_row = rows[2]
    for row in rows:
        assert len(row.cells) == len(ITEMS)
        assert {cell.status for cell in row.cells} & {Status.GREEN, Status.AMBER, Status.RED}
    assert Status.RED in {cell.status for cell in verkko_row.cells}
    # VERKKO's next deadline is its status report; its interim report, submitted early, is in review.
    assert verkko_row.next_report["report"] is None and not verkko_row.next_report["days_overdue"]
    assert verkko_row.next_report["in_review"].status == ReportStatus.SUBMITTED
    body = response.content.decode()
    queued = response.context["in_review"]
    assert queued >= 1 and "lähetetty" in body  # no longer "no report has been submitted"
    assert client.get(reverse("reports:queue")).context["page"].paginator.count == queued

    call_command("seed_demo", password="demo-pass-1234")  # seeding again adds no second day
    assert HealthDay.objects.count() == 3
    assert ProgrammeDeadline.objects.filter(programme=bro.programme, report_type=ReportType.INTERIM).count() == 1
