"""Mobility records: constraints, who records what, the import (all rows or none), the report's section and the
list's query count."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mobility.models import Direction, Mobility, ParticipantType
from networkhub.models import AuditEvent
from projects.models import ReportType
from reports import data, services
from reports.pdf import render_pdf
from tests.factories import MembershipFactory, MobilityFactory, OrganisationFactory, sign_in
from tests.health.helpers import NOW
from tests.reports.helpers import pdftotext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):  # 2.11.2026
        yield


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def second_member(world):
    """Another member of the project, not the partner's own organisation."""
    return MembershipFactory(project=world.project, organisation=OrganisationFactory(name="Toinen opisto"))


def _url(name, world, **kwargs):
    return reverse(f"mobility:{name}", kwargs={"project_pk": world.project.pk, **kwargs})


def _post(organisation, **overrides):
    return {
        "direction": Direction.OUTGOING,
        "participant_type": ParticipantType.STUDENTS,
        "participants": "3",
        "sending_organisation": str(organisation.pk),
        "sending_name": "",
        "receiving_organisation": "",
        "receiving_name": "Berufskolleg Bremen",
        "country": "DE",
        "start_date": "2026-03-02",
        "end_date": "2026-03-27",
        **overrides,
    }


# --- Constraints --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"end_date": date(2026, 3, 1)},  # ends before it starts
        {"participants": 0},
        {"direction": "sideways"},
        {"participant_type": "pets"},
        {"country": ""},
        {"sending_name": "Both a member and a name"},
        {"receiving_name": ""},  # neither a member nor a name
        {"direction": Direction.INCOMING},  # incoming, yet no member receives it
    ],
)
def test_constraints_refuse_what_validation_refuses(world, fields):
    mobility = MobilityFactory.build(project=world.project, sending_organisation=world.membership.organisation)
    for name, value in fields.items():
        setattr(mobility, name, value)
    with pytest.raises(ValidationError):
        mobility.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        mobility.save()


def test_the_end_may_be_the_start_day(world):
    mobility = MobilityFactory.build(
        project=world.project,
        sending_organisation=world.membership.organisation,
        start_date=date(2026, 5, 4),
        end_date=date(2026, 5, 4),
    )
    mobility.full_clean()
    mobility.save()


# --- Who records what ---------------------------------------------------------------------------------


def test_partner_records_their_own_organisations_mobility_and_is_named(world, english):
    sign_in(english, world.partner)
    response = english.post(_url("create", world), _post(world.membership.organisation, newcomer_first="on"))
    assert response.status_code == 302
    mobility = Mobility.objects.get()
    assert mobility.created_by == world.partner and mobility.newcomer_first
    assert AuditEvent.objects.filter(action="mobility.added", project=world.project).exists()
    page = english.get(_url("list", world)).content.decode()
    assert world.partner.full_name in page and "Berufskolleg Bremen" in page


def test_partner_cannot_record_another_members_mobility(world, english, second_member):
    sign_in(english, world.partner)
    response = english.post(_url("create", world), _post(second_member.organisation))
    assert response.status_code == 200
    assert "Record mobilities that your own organisation sends or receives." in response.content.decode()
    assert not Mobility.objects.exists()


def test_bad_input_is_explained_at_the_field_and_kept(world, english):
    sign_in(english, world.coordinator)
    response = english.post(
        _url("create", world), _post(world.membership.organisation, end_date="2026-02-01", receiving_name="")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in body
    assert "Choose a member organisation or name an outside one." in body
    assert 'value="2026-02-01"' in body
    assert not Mobility.objects.exists()


def test_partner_edits_and_deletes_only_their_own_organisations_records(world, client, second_member):
    own = MobilityFactory(project=world.project, sending_organisation=world.membership.organisation)
    theirs = MobilityFactory(project=world.project, sending_organisation=second_member.organisation)
    sign_in(client, world.partner)
    for name in ("edit", "delete"):
        assert client.get(_url(name, world, mobility_pk=theirs.pk)).status_code == 404
        assert client.post(_url(name, world, mobility_pk=theirs.pk)).status_code == 404
    page = client.get(_url("list", world)).content.decode()
    assert _url("edit", world, mobility_pk=own.pk) in page
    assert _url("edit", world, mobility_pk=theirs.pk) not in page
    response = client.post(
        _url("edit", world, mobility_pk=own.pk), _post(world.membership.organisation, participants="5")
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.participants == 5
    # A partner whose organisation receives an incoming mobility may change it too.
    incoming = MobilityFactory(
        project=world.project,
        direction=Direction.INCOMING,
        sending_organisation=None,
        sending_name="Escola de Lisboa",
        receiving_organisation=world.membership.organisation,
        receiving_name="",
        country="PT",
    )
    assert client.get(_url("delete", world, mobility_pk=incoming.pk)).status_code == 200  # asks first
    assert Mobility.objects.filter(pk=incoming.pk).exists()
    assert client.post(_url("delete", world, mobility_pk=incoming.pk)).status_code == 302
    assert not Mobility.objects.filter(pk=incoming.pk).exists()
    assert AuditEvent.objects.filter(action="mobility.deleted").exists()


def test_coordinator_edits_any_members_record(world, client, second_member):
    theirs = MobilityFactory(project=world.project, sending_organisation=second_member.organisation)
    sign_in(client, world.coordinator)
    response = client.post(
        _url("edit", world, mobility_pk=theirs.pk), _post(second_member.organisation, participant_type="staff")
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.participant_type == ParticipantType.STAFF


def test_another_projects_record_is_404_and_never_listed(world, client):
    other = MobilityFactory(
        project=world.other_project, sending_organisation=world.other_membership.organisation, receiving_name="Salainen"
    )
    sign_in(client, world.coordinator)
    assert client.get(_url("edit", world, mobility_pk=other.pk)).status_code == 404
    assert client.post(_url("delete", world, mobility_pk=other.pk)).status_code == 404
    assert "Salainen" not in client.get(_url("list", world)).content.decode()


# --- Import ---------------------------------------------------------------------------------------------

HEADER = [
    "direction",
    "participant_type",
    "participants",
    "sending_organisation",
    "receiving_organisation",
    "country",
    "start_date",
    "end_date",
    "newcomer_first",
]


def _csv(rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile("mobility.csv", ("\ufeff" + out.getvalue()).encode(), content_type="text/csv")


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("mobility.xlsx", out.getvalue())


def test_one_bad_row_saves_nothing_and_names_the_row_and_field(world, english):
    member = world.membership.organisation.name
    upload = _csv(
        [
            ["outgoing", "students", "3", member, "Berufskolleg Bremen", "DE", "2.3.2026", "27.3.2026", "no"],
            ["outgoing", "staff", "1", member, "Escola de Lisboa", "PT", "13.4.2026", "10.4.2026", "no"],
            ["incoming", "staff", "2", "Escola de Lisboa", member, "XX", "13.4.2026", "17.4.2026", "no"],
        ]
    )
    sign_in(english, world.coordinator)
    body = english.post(_url("import", world), {"file": upload}).content.decode()
    assert "Nothing was saved." in body
    assert "Row 3, end date: The end date cannot be before the start date." in body
    assert "Row 4, country:" in body
    assert "Row 2" not in body
    assert not Mobility.objects.exists()


def test_a_good_file_is_previewed_then_saved_whole_and_audited(world, english, second_member):
    member = world.membership.organisation.name
    upload = _xlsx(
        [
            [
                "outgoing",
                "students",
                3,
                member,
                "Berufskolleg Bremen",
                "DE",
                date(2026, 3, 2),
                date(2026, 3, 27),
                "yes",
            ],
            [
                "Incoming",
                "Staff",
                1,
                "Escola de Lisboa",
                second_member.organisation.name,
                "pt",
                "2026-04-13",
                "2026-04-17",
                "",
            ],
        ]
    )
    sign_in(english, world.coordinator)
    preview = english.post(_url("import", world), {"file": upload})
    body = preview.content.decode()
    assert "2 rows are ready to be saved" in body
    assert not Mobility.objects.exists()
    rows = preview.context["rows"]
    response = english.post(_url("import", world), {"confirm": "1", "rows": rows, "file_name": "mobility.xlsx"})
    assert response.status_code == 302
    saved = Mobility.objects.order_by("start_date")
    assert [(m.direction, m.participants, str(m.country), m.newcomer_first) for m in saved] == [
        ("outgoing", 3, "DE", True),
        ("incoming", 1, "PT", False),
    ]
    assert saved[1].receiving_organisation == second_member.organisation and saved[1].sending_name == "Escola de Lisboa"
    assert all(m.created_by == world.coordinator for m in saved)
    event = AuditEvent.objects.get(action="mobility.imported")
    assert event.data["count"] == 2 and event.data["participants"] == 4


def test_a_tampered_preview_saves_nothing(world, english):
    sign_in(english, world.coordinator)
    response = english.post(_url("import", world), {"confirm": "1", "rows": "forged", "file_name": "x.csv"})
    assert response.status_code == 302
    assert not Mobility.objects.exists()


def test_a_partners_import_may_hold_only_their_own_organisations_rows(world, english, second_member):
    upload = _csv(
        [["outgoing", "students", "2", second_member.organisation.name, "Bremen", "DE", "2.3.2026", "6.3.2026", "no"]]
    )
    sign_in(english, world.partner)
    body = english.post(_url("import", world), {"file": upload}).content.decode()
    assert "Row 2, row: Record mobilities that your own organisation sends or receives." in body
    assert not Mobility.objects.exists()


def test_errors_are_in_the_users_language(world, client):
    upload = _csv(
        [["outgoing", "students", "3", world.membership.organisation.name, "Bremen", "DE", "", "6.3.2026", "no"]]
    )
    sign_in(client, world.coordinator)  # Finnish by default
    body = client.post(_url("import", world), {"file": upload}).content.decode()
    assert "Rivi 2" in body
    assert not Mobility.objects.exists()


def test_the_template_downloads_with_the_columns(world, client):
    sign_in(client, world.partner)
    response = client.get(_url("import_template", world))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [cell.value for cell in next(workbook.active.iter_rows())] == HEADER


def test_a_file_that_is_not_a_spreadsheet_is_refused_at_the_field(world, english):
    sign_in(english, world.coordinator)
    upload = SimpleUploadedFile("mobility.xlsx", b"not a zip at all")
    response = english.post(_url("import", world), {"file": upload})
    assert response.status_code == 200
    assert "does not match its name" in response.content.decode()


# --- The report -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_report_has_the_mobility_tables_and_chart(world, second_member, language):
    own = world.membership.organisation
    MobilityFactory(project=world.project, sending_organisation=own, participants=7, start_date=date(2026, 9, 1),
                    end_date=date(2026, 9, 30))  # fmt: skip
    MobilityFactory(
        project=world.project,
        direction=Direction.INCOMING,
        participant_type=ParticipantType.STAFF,
        participants=4,
        sending_organisation=None,
        sending_name="Escola de Lisboa",
        receiving_organisation=second_member.organisation,
        receiving_name="",
        country="PT",
        start_date=date(2026, 10, 5),
        end_date=date(2026, 10, 9),
        newcomer_first=True,
    )
    MobilityFactory(
        project=world.project,
        sending_organisation=own,
        participants=50,
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 5),
    )  # fmt: skip  (after the period: not counted)
    report = services.create_report(
        world.project,
        actor=world.coordinator,
        report_type=ReportType.STATUS,
        period=(date(2026, 8, 1), date(2026, 10, 31)),
        language=language,
    )
    built = data.build(report)
    section = built["sections"][0]
    assert (section["participants"], section["students"], section["staff"], section["newcomer_first"]) == (
        "11",
        "7",
        "4",
        "1",
    )
    assert [(row["label"], row["participants"]) for row in section["by_member"]] == [
        (own.name, "7"),
        (second_member.organisation.name, "4"),
    ]
    text = pdftotext(render_pdf(built))
    assert own.name in text and second_member.organisation.name in text
    assert ("Saksa" if language == "fi" else "Tyskland") in text
    assert ("Portugali" if language == "fi" else "Portugal") in text
    assert "50" not in section["participants"]


def test_the_report_chart_is_svg_in_the_preview(world):
    own = world.membership.organisation
    MobilityFactory(
        project=world.project, sending_organisation=own, start_date=date(2026, 9, 1), end_date=date(2026, 9, 3)
    )
    report = services.create_report(
        world.project, actor=world.coordinator, report_type=ReportType.STATUS,
        period=(date(2026, 8, 1), date(2026, 10, 31)), language="en",
    )  # fmt: skip
    from reports.pdf import render_html

    html = render_html(data.build(report))
    assert 'aria-labelledby="mobility-chart-title mobility-chart-desc"' in html
    assert "Mobility per member" in html


# --- Query counts -----------------------------------------------------------------------------------------


def _grow(world, count):
    for n in range(count):
        MobilityFactory(
            project=world.project,
            sending_organisation=world.membership.organisation,
            receiving_name=f"Koulu {n}",
            created_by=world.partner,
        )


@pytest.mark.parametrize("role", ["coordinator", "partner"])
def test_list_query_count_does_not_grow_with_records(world, client, django_assert_max_num_queries, role):
    sign_in(client, getattr(world, role))
    url = _url("list", world)
    _grow(world, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 30)
    with django_assert_max_num_queries(len(small)):
        page = client.get(url)
    assert page.content.decode().count('<tr id="mobility-') == 32


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (2, "3.5", "Row 2, number of participants: Write a whole number from 1 to 10000."),
        (2, "0", "Row 2, number of participants: Write a whole number from 1 to 10000."),
        (0, "sideways", "Row 2, direction: “sideways” is not one of:"),
        (8, "maybe", "Row 2, first mobility of a newcomer: Write yes or no."),
        (6, "31.2.2026", "Row 2, start date: “31.2.2026” is not a date"),
        (3, "", "Row 2, sending organisation: Choose a member organisation or name an outside one."),
        (3, "Escola de Lisboa", "Row 2, sending organisation: An outgoing mobility is sent by a member organisation."),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(world, english, column, value, message):
    row = ["outgoing", "students", "3", world.membership.organisation.name, "Bremen", "DE", "2.3.2026", "6.3.2026", ""]
    row[column] = value
    sign_in(english, world.coordinator)
    body = english.post(_url("import", world), {"file": _csv([row])}).content.decode()
    assert message in body
    assert not Mobility.objects.exists()


def test_a_partners_signed_preview_is_checked_again_when_saved(world, english, second_member):
    """A preview signed for the partner cannot carry another member's rows into the saving step."""
    from mobility import importer

    values = [
        {
            "direction": "outgoing",
            "participant_type": "students",
            "participants": 2,
            "sending_organisation": second_member.organisation.pk,
            "sending_name": "",
            "receiving_organisation": None,
            "receiving_name": "Bremen",
            "country": "DE",
            "start_date": "2026-03-02",
            "end_date": "2026-03-06",
            "newcomer_first": False,
        }
    ]
    sign_in(english, world.partner)
    token = importer.sign(values, world.project, world.partner)
    response = english.post(_url("import", world), {"confirm": "1", "rows": token, "file_name": "x.csv"})
    assert response.status_code == 302
    assert not Mobility.objects.exists()
