"""Issue 21's "Done when": the final report's PDF, in Finnish and in Swedish, has the mobility table and chart, the
use-and-continuation section and the outputs with their co-authors, and `pdftotext` reads the numbers from it.

One real WeasyPrint PDF per language, built from what partners record (outputs with co-authoring members and
their dissemination, an uptake, continuation plans, mobilities), read back with poppler's pdftotext.
"""

import re
from datetime import date, timedelta

import pytest
import time_machine

from mobility.models import Direction, ParticipantType
from projects.models import ReportType
from reports import data, services
from reports.pdf import render_pdf
from results.models import AudienceType, DisseminationChannel
from tests.factories import (
    ContinuationPlanFactory,
    DisseminationEventFactory,
    MembershipFactory,
    MobilityFactory,
    OrganisationFactory,
    OutputFactory,
    UptakeFactory,
)
from tests.health.helpers import FOUNDED, NOW
from tests.reports.helpers import pdftotext

pytestmark = pytest.mark.django_db

PERIOD = (date(2026, 8, 1), date(2026, 10, 31))

# The words the checks look for, per language.
WORDS = {
    "fi": {
        "germany": "Saksa",
        "portugal": "Portugali",
        "estonia": "Viro",
        "co_authors": "Tekijäorganisaatiot",
        "mobility": "Liikkuvuus maittain",
        "students": "Opiskelijat",
        "staff": "Henkilöstö",
        "continuation": "Toiminnan jatkuminen rahoituksen jälkeen",
        "uptake_date": "20.10.2026",
    },
    "sv": {
        "germany": "Tyskland",
        "portugal": "Portugal",
        "estonia": "Estland",
        "co_authors": "Medförfattare",
        "mobility": "Mobilitet per land",
        "students": "Studerande",
        "staff": "Personal",
        "continuation": "Fortsättning efter finansieringen",
        "uptake_date": "2026-10-20",
    },
}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _network(world):
    """Two members who made a model together and disseminated it, one of them alone a second output; an uptake;
    both members' continuation plans; 7 outgoing students to Germany, 4 incoming staff from Portugal (a
    newcomer's first mobility) and 3 outgoing staff to Estonia in the period, 50 students after it."""
    project = world.project
    project.application_date, project.start_date, project.end_date = date(2026, 3, 1), PERIOD[0], date(2028, 7, 31)
    project.save()
    world.membership.joined_on = FOUNDED
    world.membership.save()
    own = world.membership.organisation
    second = MembershipFactory(
        project=project, organisation=OrganisationFactory(name="Rannikon opisto"), joined_on=FOUNDED
    ).organisation

    model = OutputFactory(
        project=project, title="Mentorointimalli", created_at=NOW - timedelta(days=60), recorded_for=own
    )
    model.contributors.set([own, second])
    DisseminationEventFactory(
        output=model,
        date=date(2026, 9, 15),
        channel=DisseminationChannel.SEMINAR,
        audience_type=AudienceType.SECTOR,
        reach=120,
    )
    DisseminationEventFactory(
        output=model,
        date=date(2026, 10, 2),
        channel=DisseminationChannel.NETWORK_MEETING,
        audience_type=AudienceType.NETWORK,
        reach=35,
    )
    UptakeFactory(output=model, organisation_name="Lappeenranta", date=date(2026, 10, 20))
    day = OutputFactory(
        project=project, title="Kv-paluupäivä", created_at=NOW - timedelta(days=50), recorded_for=second
    )
    day.contributors.set([second])
    DisseminationEventFactory(
        output=day,
        date=date(2026, 10, 10),
        channel=DisseminationChannel.MEDIA,
        audience_type=AudienceType.PUBLIC,
        reach=2500,
    )
    ContinuationPlanFactory(
        membership=world.membership, decided_by="Johtoryhmä", resources="Kaksi opettajaa, 5000 euroa vuodessa"
    )
    ContinuationPlanFactory(
        membership=second.memberships.get(project=project), decided_by="Hallitus", resources="Puolet koordinaattorista"
    )

    MobilityFactory(
        project=project, sending_organisation=own, participants=7, start_date=date(2026, 9, 1),
        end_date=date(2026, 9, 30),
    )  # fmt: skip
    MobilityFactory(
        project=project,
        direction=Direction.INCOMING,
        participant_type=ParticipantType.STAFF,
        participants=4,
        sending_organisation=None,
        sending_name="Escola de Lisboa",
        receiving_organisation=second,
        receiving_name="",
        country="PT",
        start_date=date(2026, 10, 5),
        end_date=date(2026, 10, 9),
        newcomer_first=True,
    )
    MobilityFactory(
        project=project, sending_organisation=second, participant_type=ParticipantType.STAFF, participants=3,
        receiving_name="Tallinna Teeninduskool", country="EE", start_date=date(2026, 10, 12),
        end_date=date(2026, 10, 16),
    )  # fmt: skip
    MobilityFactory(
        project=project,
        sending_organisation=own,
        participants=50,
        start_date=date(2026, 11, 2),
        end_date=date(2026, 11, 20),
    )  # fmt: skip  (after the period: not in the report)
    return own, second


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_final_reports_pdf_has_mobility_use_and_continuation_and_co_authors(world, language):
    own, second = _network(world)
    words = WORDS[language]
    report = services.create_report(
        world.project, actor=world.coordinator, report_type=ReportType.FINAL, period=PERIOD, language=language
    )
    built = data.build(report)
    layout = pdftotext(render_pdf(built))
    text = " ".join(layout.split())

    # The outputs, each with its co-authoring members and its dissemination.
    co_authors = re.search(rf"{words['co_authors']}\s+(.+)", layout).group(1)
    assert own.name in co_authors and second.name in co_authors, co_authors
    for reach in ("120", "35", "2 500" if language == "fi" else "2"):
        assert reach in text
    assert "Mentorointimalli" in text and "Kv-paluupäivä" in text

    # The mobility section: the totals, the table per country (outgoing, incoming, students, staff, all) and per
    # member, and the chart, whose bars carry the same numbers and whose legend names the two series.
    lines = layout.splitlines()

    def row(label):
        return [" ".join(line.split()) for line in lines if re.match(rf"\s*{re.escape(label)}\s+\d", line)]

    assert f"{words['germany']} 7 0 7 0 7" in row(words["germany"]), row(words["germany"])
    assert f"{words['portugal']} 0 4 0 4 4" in row(words["portugal"]), row(words["portugal"])
    assert f"{words['estonia']} 3 0 0 3 3" in row(words["estonia"]), row(words["estonia"])
    assert f"{own.name} 7 0 7 0 7" in row(own.name), row(own.name)
    assert f"{second.name} 3 4 0 7 7" in row(second.name), row(second.name)
    assert words["mobility"] in text
    assert f"{words['students']} · {words['staff']}" in text  # the chart's legend
    # The chart draws each country's name beside its bars: once there and once in the table.
    assert text.count(words["germany"]) >= 2 and text.count(words["portugal"]) >= 2
    assert "50" not in " ".join(row(words["germany"]))  # the mobility after the period is not counted

    # Use and continuation: the uptake with its date, the plans with their resources.
    assert words["continuation"] in text
    assert "Lappeenranta" in text and words["uptake_date"] in text
    assert "5000 euroa vuodessa" in text and "Puolet koordinaattorista" in text
    assert "Johtoryhmä" in text and "Hallitus" in text
