"""The report's outputs section comes from the project's outputs and their dissemination, as of the period."""

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import ReportType
from reports import data, services
from reports.demo import render_now
from reports.models import OutputKind, Report, ReportOutput, ReportVersion
from results.models import DisseminationChannel, OutputType
from tests.factories import DisseminationEventFactory, OutputFactory, sign_in

from .helpers import draft, pdftotext, submitted

PERIOD = (date(2026, 8, 1), date(2026, 12, 31))


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time(12)), timezone.get_current_timezone())


def _report(world, report_type=ReportType.STATUS, language="fi", period=PERIOD):
    return services.create_report(
        world.project, report_type=report_type, period=period, actor=world.coordinator, language=language
    )


@pytest.fixture
def results(world):
    """Outputs recorded before, during and after the status period, with events before, in and after it."""
    model = OutputFactory(
        project=world.project,
        output_type=OutputType.OPERATING_MODEL,
        title="Valmennusmalli",
        created_at=_aware(date(2026, 9, 1)),
    )
    DisseminationEventFactory(output=model, date=date(2026, 7, 20), audience="Ennen kautta", reach=5)
    DisseminationEventFactory(
        output=model,
        date=date(2026, 10, 8),
        channel=DisseminationChannel.SEMINAR,
        audience="Kv-koordinaattorit",
        reach=1200,
        url="https://example.org/seminaari",
    )
    DisseminationEventFactory(
        output=model,
        date=date(2026, 11, 5),
        channel=DisseminationChannel.NETWORK_MEETING,
        audience="Opettajat",
        reach=35,
    )
    DisseminationEventFactory(output=model, date=date(2027, 2, 1), audience="Kauden jälkeen", reach=7)
    guide = OutputFactory(
        project=world.project,
        output_type=OutputType.PUBLICATION,
        title="Opas",
        url="https://example.org/opas",
        created_at=_aware(date(2026, 7, 1)),
    )
    DisseminationEventFactory(output=guide, date=date(2026, 7, 15), audience="Vain ennen kautta", reach=60)
    OutputFactory(project=world.project, title="Tarkistuslista", created_at=_aware(date(2026, 12, 20)))
    OutputFactory(project=world.project, title="Myöhempi tuotos", created_at=_aware(date(2027, 1, 10)))
    OutputFactory(project=world.other_project, title="Vieras tuotos", created_at=_aware(date(2026, 9, 1)))


def test_a_status_report_counts_dissemination_in_its_period(world, results):
    built = data.build(_report(world))["results"]
    assert built["scope"] == "period"
    assert [row["title"] for row in built["outputs"]] == ["Opas", "Valmennusmalli", "Tarkistuslista"]
    model = built["outputs"][1]
    assert model["type"] == "Toimintamalli"
    assert [(event["date"], event["channel"], event["reach"]) for event in model["events"]] == [
        ("8.10.2026", "Seminaari tai konferenssi", "1\xa0200"),
        ("5.11.2026", "Verkoston kokous", "35"),
    ]
    assert model["events"][0]["url"] == "https://example.org/seminaari"
    assert model["reach"] == "1\xa0235"
    assert built["outputs"][0]["events"] == []  # the guide was disseminated only before the period
    assert (built["count"], built["disseminated"], built["events"], built["reach"]) == (3, 1, 2, "1\xa0235")
    assert built["by_channel"] == [["Seminaari tai konferenssi", 1, "1\xa0200"], ["Verkoston kokous", 1, "35"]]


def test_the_final_report_counts_dissemination_over_the_whole_project(world, results):
    report = _report(world, ReportType.FINAL, language="sv", period=(date(2026, 12, 1), date(2026, 12, 31)))
    built = data.build(report)["results"]
    assert built["scope"] == "project"
    assert [row["title"] for row in built["outputs"]] == ["Opas", "Valmennusmalli", "Tarkistuslista"]
    assert (built["count"], built["disseminated"], built["events"]) == (3, 2, 4)
    assert built["reach"] == "1\xa0300"  # 5 + 1 200 + 35 + 60; the event after the period's end is not counted
    assert built["by_channel"][0] == ["Seminarium eller konferens", 3, "1\xa0265"]


def test_self_check_asks_for_dissemination(world):
    report = _report(world)
    assert "Yhtään tuotosta ei levitetty kaudella." in data.self_check(data.build(report))
    DisseminationEventFactory(output=OutputFactory(project=world.project, created_at=_aware(date(2026, 9, 1))))
    assert "Yhtään tuotosta ei levitetty kaudella." not in data.self_check(data.build(report))


def test_a_change_in_the_results_makes_the_generated_pdf_stale(world, results):
    report = draft(world.project, world.coordinator)
    before = data.data_hash(data.build(report))
    DisseminationEventFactory(output=OutputFactory(project=world.project, created_at=_aware(date(2026, 9, 1))))
    assert data.data_hash(data.build(report)) != before


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("fi", ["6. Tuotokset ja levittäminen", "Levittäminen raportointikaudella.", "Seminaari tai konferenssi"]),
        ("sv", ["6. Produkter och spridning", "Spridning under rapporteringsperioden.", "Seminarium eller konferens"]),
        ("en", ["6. Outputs and dissemination", "Dissemination in the reporting period.", "Seminar or conference"]),
    ],
)
def test_the_pdf_lists_outputs_and_their_dissemination(world, results, language, texts):
    report = _report(world, language=language)
    render_now(report)
    assert report.render_status == "done", report.render_error
    text = " ".join(pdftotext(report.read_rendered_pdf()).split())
    for expected in [*texts, "Valmennusmalli", "Kv-koordinaattorit", "https://example.org/seminaari", "Opas"]:
        assert expected in text, expected
    for absent in ("Myöhempi tuotos", "Kauden jälkeen", "Vieras tuotos"):
        assert absent not in text, absent


def test_the_preview_shows_the_outputs(world, results, client):
    report = _report(world)
    client.force_login(world.coordinator)
    page = client.get(reverse("reports:detail", args=[world.project.pk, report.pk])).content.decode()
    assert "Valmennusmalli" in page and "Kv-koordinaattorit" in page and "Myöhempi tuotos" not in page


def test_versions_frozen_before_the_results_still_show_their_typed_outputs(world, client):
    """A version submitted while outputs were typed into the report has no "results" in its data."""
    report = submitted(world.project, world.coordinator)
    version = report.versions.get()
    legacy = {key: value for key, value in version.data.items() if key != "results"}
    legacy["outputs"] = [
        {"kind": "Julkaisu", "title": "Vanha opas", "description": "", "url": "", "disseminated": "Seminaari 2025"}
    ]
    ReportVersion.objects.filter(pk=version.pk).update(data=legacy)  # as stored before this change
    for user, url in (
        (world.coordinator, reverse("reports:detail", args=[world.project.pk, report.pk])),
        (world.funder, reverse("reports:report", args=[report.pk])),
    ):
        sign_in(client, user)
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Vanha opas" in page and "Seminaari 2025" in page
        assert "Levittäminen raportointikaudella." not in page
    assert version.verify()  # the stored PDF is untouched


def test_a_draft_keeps_outputs_typed_in_before(world, results, client):
    report = _report(world)
    ReportOutput.objects.create(report=report, kind=OutputKind.PUBLICATION, title="Kirjoitettu tuotos")
    built = data.build(report)
    assert [row["title"] for row in built["outputs"]] == ["Kirjoitettu tuotos"]
    client.force_login(world.coordinator)
    page = client.get(reverse("reports:detail", args=[world.project.pk, report.pk])).content.decode()
    assert "Raporttiin kirjoitetut tuotokset" in page and "Kirjoitettu tuotos" in page and "Valmennusmalli" in page


def test_report_data_query_count_does_not_grow_with_outputs(world, django_assert_max_num_queries):
    report = Report.objects.select_related("project__programme").get(pk=_report(world).pk)

    def grow(outputs, events):
        for _ in range(outputs):
            output = OutputFactory(project=world.project, created_at=_aware(date(2026, 9, 1)))
            DisseminationEventFactory.create_batch(events, output=output, date=date(2026, 10, 1))

    grow(2, 1)
    with CaptureQueriesContext(connection) as small:
        data.build(report)
    grow(20, 6)
    with django_assert_max_num_queries(len(small)):
        built = data.build(report)
    assert built["results"]["count"] == 22 and built["results"]["events"] == 122
