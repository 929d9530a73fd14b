"""The report's pictures: the network map as of the period's end, attendance per organisation and the budget
planned against actual as server-drawn SVG bar charts, each beside the table of its figures."""

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine

from meetings.models import Attendance
from partners.models import MembershipRole, OrganisationType
from projects.models import ReportType
from reports import data, services
from reports.demo import render_now
from reports.models import BudgetCategory
from reports.pdf import render_html
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory
from tests.health.helpers import NOW, at
from tests.meetings.factories import HeldMeetingFactory

from .helpers import pdftotext

pytestmark = pytest.mark.django_db
PERIOD = (date(2026, 8, 1), date(2026, 10, 31))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):  # 2.11.2026, just after the period
        yield


def _member(project, name, **fields):
    organisation = OrganisationFactory(name=name, **fields)
    ContactFactory(organisation=organisation)
    return MembershipFactory(project=project, organisation=organisation, joined_on=date(2026, 2, 1))


@pytest.fixture
def report(world):
    """Kumppaniopisto (lead) and Satama Oy at both meetings of the period, Hiljainen ry at none;
    a meeting after the period's end counts for nothing. Budget: personnel and travel entered."""
    project = world.project
    world.membership.role, world.membership.joined_on = MembershipRole.LEAD, date(2026, 2, 1)
    world.membership.save()
    company = _member(project, "Satama Oy", org_type=OrganisationType.COMPANY)
    quiet = _member(project, "Hiljainen ry", org_type=OrganisationType.NGO)
    for day in (date(2026, 9, 1), date(2026, 10, 1)):
        meeting = HeldMeetingFactory(project=project, start=at(day))
        for membership in (world.membership, company):
            Attendance.objects.create(
                meeting=meeting, contact=membership.organisation.contacts.first(), status="present"
            )
        Attendance.objects.create(meeting=meeting, contact=quiet.organisation.contacts.first(), status="absent")
    later = HeldMeetingFactory(project=project, start=at(date(2026, 11, 1)))
    Attendance.objects.create(meeting=later, contact=quiet.organisation.contacts.first(), status="present")
    Attendance.objects.create(meeting=later, contact=company.organisation.contacts.first(), status="present")
    report = services.create_report(
        project, actor=world.coordinator, report_type=ReportType.STATUS, period=PERIOD, language="en"
    )
    report.budget_lines.filter(category=BudgetCategory.PERSONNEL).update(
        planned_eur=Decimal("60000"), actual_eur=Decimal("52340.50")
    )
    report.budget_lines.filter(category=BudgetCategory.TRAVEL).update(
        planned_eur=Decimal("12000"), actual_eur=Decimal("13100")
    )
    return report


def test_the_map_is_as_of_the_period_end(report):
    built = data.build(report)
    network_map = built["network_map"]
    assert network_map["as_of"] == "31/10/2026"
    assert [node["name"] for node in network_map["nodes"]] == ["Kumppaniopisto", "Satama Oy", "Hiljainen ry"]
    assert [(node["ties"], node["strength"], node["weak"]) for node in network_map["nodes"]] == [
        (1, 1, False),  # two meetings together are one kind of tie
        (1, 1, False),
        (0, 0, True),  # its meeting with Satama Oy was after the period
    ]
    assert network_map["edges"] == [
        {
            "a": 0,
            "b": 1,
            "names": ["Kumppaniopisto", "Satama Oy"],
            "weight": 1,
            "kinds": ["Met in meetings"],
            "meetings": 2,
            "goals": 0,
            "actions": 0,
            "outputs": 0,
        }
    ]
    assert (network_map["density"], network_map["multiplex_density"]) == (33, 0)
    assert network_map["centralisation"] == 0.5  # degrees 1 1 0: (0 + 0 + 1) / (2 * 1)
    assert network_map["names"]  # the report is the coordinators' and the funder's: the weakly tied are named
    assert data.data_hash(built) == data.data_hash(data.build(report))  # the same data again: submittable


def test_the_charts_and_the_map_in_the_html(report):
    html = render_html(data.build(report))
    for chart in ("attendance-chart", "budget-chart", "network-map"):
        assert f'role="img" aria-labelledby="{chart}-title {chart}-desc"' in html
    attendance = html[html.index('id="attendance-chart-title"') : html.index("</svg>", html.index("attendance-chart"))]
    assert re.findall(r">(\d+ %)</text>", attendance) == ["100 %", "0 %", "100 %"]  # as the table: by organisation
    budget = html[html.index('id="budget-chart-title"') : html.index("</svg>", html.index("budget-chart"))]
    assert ">planned 60,000.00 €</text>" in budget and ">actual 13,100.00 €</text>" in budget
    widths = [float(width) for width in re.findall(r'<rect x="240" y="[\d.]+" width="([\d.]+)"', budget)]
    assert widths[0] == max(widths) and widths[1] == pytest.approx(widths[0] * 52340.50 / 60000, abs=0.1)


def test_frozen_data_without_the_new_figures_still_renders(report):
    built = data.build(report)
    del built["network_map"]
    for line in built["budget"]["lines"]:
        del line["planned_value"], line["actual_value"]
    html = render_html(built)
    assert 'id="budget-chart-title"' not in html and 'id="network-map-title"' not in html
    assert 'id="attendance-chart-title"' in html  # its figures were always there


def test_the_pdf_has_the_map_and_the_charts_with_their_tables(report):
    render_now(report)
    report.refresh_from_db()
    text = " ".join(pdftotext(report.rendered_pdf).split())
    assert (
        "Met and worked together Which members met and worked together, read from what they did, as it stood on "
        "31/10/2026." in text
    )
    assert "At least one kind of tie: 33 % (1 of 3 possible pairs of members)" in text
    assert "Ties between the members on 31/10/2026" in text
    assert re.search(r"Hiljainen ry Non- Finland 0 0 – no ties", text)  # (the type wraps to a second line)
    assert "Kumppaniopisto VET / education Finland 1 1 Satama Oy (1) – (lead)" in text  # name, figures, partners
    assert "Attendance by organisation Kumppaniopisto 100 % Hiljainen ry 0" in text  # the chart, then its table
    assert "Satama Oy 2/2 100 %" in text
    assert "7. Budget planned 60,000.00 € Personnel actual 52,340.50 €" in text  # the chart's bars
    assert "Personnel 60,000.00 52,340.50 -7,659.50" in text  # and the table's figures
