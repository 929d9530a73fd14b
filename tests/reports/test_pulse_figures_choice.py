"""Issue 20: a project may keep its trust pulse figures out of its status report; the report (draft page and PDF)
then says so in item 8 instead of the figures."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from projects.models import ReportType
from pulse import services as pulse_services
from pulse.models import PulseSetting
from reports import services
from reports.demo import render_now
from tests.factories import ContactFactory, MembershipFactory
from tests.health.helpers import NOW
from tests.pulse.helpers import closed_round

from .helpers import pdftotext

pytestmark = pytest.mark.django_db

LEFT_OUT = "Hanke päätti jättää luottamuspulssin luvut pois raportista."


@pytest.fixture
def report(world):
    with time_machine.travel(NOW, tick=False):
        for _index in range(5):
            ContactFactory(
                organisation=MembershipFactory(project=world.project, joined_on=date(2026, 1, 1)).organisation
            )
        world.membership.joined_on = date(2026, 1, 1)
        world.membership.save()
        PulseSetting.objects.create(project=world.project, enabled=True)
        closed_round(world.project, 5, start=4)  # Q3/2026: trust 4.5
        yield services.create_report(
            world.project,
            actor=world.coordinator,
            report_type=ReportType.STATUS,
            period=(date(2026, 10, 1), date(2026, 12, 31)),
            language="fi",
        )


def _page(client, report):
    client.force_login(report.created_by)
    return client.get(reverse("reports:detail", args=[report.project_id, report.pk])).content.decode()


def test_the_report_carries_the_pulse_figures_by_default(report, client):
    with time_machine.travel(NOW, tick=False):
        page = _page(client, report)
    assert "Luottamus 4,5 asteikolla 1–5" in page and LEFT_OUT not in page


def test_a_project_that_keeps_them_out_gets_a_sentence_instead_in_the_page_and_the_pdf(report, client, world):
    with time_machine.travel(NOW, tick=False):
        pulse_services.set_enabled(world.project, True, actor=world.coordinator, in_report=False)
        page = _page(client, report)
        render_now(report)
        version = services.submit(report, actor=report.created_by)
    assert LEFT_OUT in page and "Luottamus 4,5" not in page
    text = " ".join(pdftotext(version.read_pdf()).split())
    assert LEFT_OUT in text and "Luottamus 4,5" not in text
