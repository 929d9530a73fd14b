"""The status report counts only current members, and carries the health panel as of the period's end."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from projects.models import ReportType
from reports import data, services
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory
from tests.health.helpers import NOW, at
from tests.meetings.factories import HeldMeetingFactory

pytestmark = pytest.mark.django_db
PERIOD = (date(2026, 8, 1), date(2026, 10, 31))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):  # 2.11.2026, just after the period
        yield


def _member(project, name, *, joined, status="active", left=None):
    organisation = OrganisationFactory(name=name)
    ContactFactory(organisation=organisation)
    return MembershipFactory(project=project, organisation=organisation, joined_on=joined, status=status, left_on=left)


@pytest.fixture
def report(world):
    project = world.project
    world.membership.joined_on = date(2026, 2, 1)
    world.membership.save()
    _member(project, "Vain kutsuttu Oy", joined=date(2026, 9, 1), status="invited")
    _member(project, "Uusi jäsen Oy", joined=date(2026, 9, 15), status="committed")
    _member(project, "Lähtenyt Oy", joined=date(2026, 2, 1), status="withdrawn", left=date(2026, 10, 1))
    _member(project, "Lähtee myöhemmin Oy", joined=date(2026, 2, 1), status="withdrawn", left=date(2026, 11, 1))
    _member(project, "Tuleva Oy", joined=date(2026, 11, 1))
    HeldMeetingFactory(project=project, start=at(date(2026, 10, 1)))
    HeldMeetingFactory(project=project, start=at(date(2026, 11, 1)))  # after the period
    return services.create_report(project, actor=world.coordinator, report_type=ReportType.STATUS, period=PERIOD)


def test_the_report_counts_only_current_members(report):
    built = data.build(report)
    current = ["Kumppaniopisto", "Lähtee myöhemmin Oy", "Uusi jäsen Oy"]
    assert sorted(member["name"] for member in built["network"]["members"]) == current
    assert built["network"]["total"] == 3
    assert built["network"]["joined"] == ["Uusi jäsen Oy"]  # not the organisation only invited
    assert built["network"]["left"] == ["Lähtenyt Oy"]
    assert sorted(row["organisation"] for row in built["commitment"]["rows"]) == current
    assert built["commitment"]["counts"]["members"] == 3
    assert sorted(row["organisation"] for row in built["meetings"]["attendance"]) == current


def test_the_report_has_the_health_panel_as_of_the_period_end(report, client, settings):
    report.language = "en"
    report.save()
    built = data.build(report)
    health = {row["key"]: row for row in built["health"]}
    assert [row["number"] for row in built["health"]] == list(range(1, 13))
    assert health["meetings"]["status"] == "green"
    assert "was held on 01/10/2026, 30 days ago." in health["meetings"]["facts"][0]  # not the meeting of 1.11.
    assert health["management"]["facts"][0] == "The management of 0 of 3 members has signed the commitment letter."
    assert set(health["rules"]) == {"number", "key", "title", "status", "status_label", "facts"}  # plain data
    assert data.data_hash(built) == data.data_hash(data.build(report))  # the same data again: submittable

    client.force_login(report.project.coordinators.get())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        page = client.get(reverse("reports:detail", args=[report.project_id, report.pk])).content.decode()
    assert '<h2 id="health-h">9. Network health</h2>' in page
    assert "The management of 0 of 3 members has signed the commitment letter." in page
