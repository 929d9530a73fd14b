"""Bringing an existing project in: members, contacts, past meetings with attendance and letters signed on paper from
one template, previewed, checked row by row in the user's language, saved all or nothing, and audited."""

import csv
import hashlib
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from commitments.models import Letter, PaperSignature, VersionStatus
from meetings.models import Attendance, Invitation, Meeting, MeetingStatus
from networkhub.models import AuditEvent
from onboarding import importer, services
from partners.models import ContactPerson, Membership, MembershipStatus, Organisation
from tests.factories import ContactFactory, OrganisationFactory, business_id, sign_in
from tests.health.helpers import NOW

pytestmark = pytest.mark.django_db

HEADERS = {sheet.key: [key for key, _label in sheet.columns] for sheet in importer.SHEETS}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _url(name, world, **kwargs):
    return reverse(f"onboarding:{name}", kwargs={"project_pk": world.project.pk, **kwargs})


def _workbook(tables):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for key, rows in tables.items():
        sheet = workbook.create_sheet(key)
        sheet.append(HEADERS[key])
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("existing-project.xlsx", out.getvalue())


def _csv(key, rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS[key])
    writer.writerows(rows)
    return SimpleUploadedFile(f"{key}.csv", out.getvalue().encode())


def _scan(number):
    content = b"%PDF-1.4\n% scanned paper letter " + str(number).encode() + b"\n%%EOF\n"
    return SimpleUploadedFile(f"letter-{number}.pdf", content, content_type="application/pdf"), hashlib.sha256(
        content
    ).hexdigest()


def _template(world, *, members=10, contacts_each=2, meetings=3, letters=5, registered=None):
    """Tables of a project with `members` members (the first one from the shared registry when `registered` is
    given), two contacts each, past meetings with attendance and paper letters; and the letters' scans."""
    today = timezone.localdate()
    start = world.project.start_date
    member_rows, contact_rows, emails = [], [], []
    for n in range(members):
        if n == 0 and registered is not None:
            member_rows.append([registered.name, registered.business_id, "", "FI", "vet", "partner", start])
        elif n == members - 1:
            member_rows.append([f"Berufskolleg {n}", "", f"HRB {1000 + n}", "DE", "vet", "associate", ""])
        else:
            member_rows.append([f"Ammattiopisto {n}", business_id(500 + n), "", "FI", "vet", "partner", start])
        organisation = member_rows[-1][1] or member_rows[-1][0]
        for m in range(contacts_each):
            email = f"person{n}.{m}@member{n}.example"
            emails.append((organisation, email))
            contact_rows.append([organisation, f"Henkilö {n}.{m}", "Opettaja", email, "", "", "yes" if m else "no"])
    meeting_rows, attendance_rows = [], []
    for n in range(meetings):
        day = today - timedelta(days=30 * (n + 1))
        title = f"Ohjausryhmä {n + 1}"
        meeting_rows.append([title, "steering_group", day, "09:00", "11:30", "Tampere"])
        attendance_rows.append([title, world.contact.email, "present", ""])
        for k, (_organisation, email) in enumerate(emails[n * 4 : n * 4 + 4]):
            status = ("present", "excused", "absent", "proxy")[k]
            attendance_rows.append([title, email, status, "Varahenkilö" if status == "proxy" else ""])
    letter_rows, scans = [], []
    for n in range(letters):
        upload, digest = _scan(n)
        scans.append(upload)
        organisation, email = emails[n * contacts_each]
        letter_rows.append(
            [
                organisation,
                email,
                today - timedelta(days=60),
                f"Rehtori {n}",
                "Rehtori",
                f"rehtori{n}@member{n}.example",
                "8000",
                "Työpaikkaohjaajien koulutus; Vertaisarviointi",
                upload.name,
                digest,
            ]
        )
    tables = {
        "members": member_rows,
        "contacts": contact_rows,
        "meetings": meeting_rows,
        "attendance": attendance_rows,
        "letters": letter_rows,
    }
    return tables, scans


def _post(client, world, tables, scans):
    return client.post(_url("wizard", world), {"files": [_workbook(tables)], "scans": scans})


def _nothing_saved(world):
    assert Membership.objects.filter(project=world.project).count() == 1
    assert not Meeting.objects.filter(project=world.project).exists()
    assert not Letter.objects.exists()
    assert not AuditEvent.objects.filter(action="project.imported").exists()


def test_the_template_of_10_members_20_contacts_3_meetings_and_5_letters_is_brought_in(world, english):
    registered = OrganisationFactory(name="Rekisteröity opisto")
    tables, scans = _template(world, registered=registered)
    sign_in(english, world.coordinator)
    preview = _post(english, world, tables, scans)
    body = preview.content.decode()
    assert (
        "10 members, 20 contacts, 3 past meetings with 15 attendance records and 5 letters signed on paper" in body
    ), body[-3000:]
    _nothing_saved(world)

    response = english.post(
        _url("wizard", world), {"confirm": "1", "token": preview.context["token"], "file_name": "existing.xlsx"}
    )
    assert response.status_code == 302

    imported = Membership.objects.filter(project=world.project).exclude(pk=world.membership.pk)
    assert imported.count() == 10
    assert set(imported.values_list("status", flat=True)) == {MembershipStatus.ACTIVE}
    # The registry's organisation was matched by its business ID, not registered twice.
    assert Organisation.objects.filter(business_id=registered.business_id).count() == 1
    assert imported.filter(organisation=registered).exists()
    german = Organisation.objects.get(name="Berufskolleg 9")
    assert str(german.country) == "DE" and german.foreign_registration_number == "HRB 1009"

    visible = ContactPerson.objects.visible_to(world.project)
    emails = {row[3] for row in tables["contacts"]}
    assert emails <= set(visible.values_list("email", flat=True))
    assert ContactPerson.objects.get(email="person9.0@member9.example").language == "en"

    meetings = Meeting.objects.filter(project=world.project)
    assert meetings.count() == 3
    assert set(meetings.values_list("status", flat=True)) == {MeetingStatus.HELD}
    assert all(meeting.end < timezone.now() for meeting in meetings)
    assert Attendance.objects.filter(meeting__in=meetings).count() == 15
    assert Invitation.objects.filter(meeting__in=meetings).count() == 15
    assert Attendance.objects.filter(meeting__in=meetings, status="proxy", proxy_name="Varahenkilö").count() == 3

    papers = PaperSignature.objects.select_related("version__letter__membership__organisation")
    assert papers.count() == 5
    expected = {row[8]: row[9] for row in tables["letters"]}
    for paper in papers:
        assert paper.file_sha256 == expected[paper.file_name]
        assert paper.version.status == VersionStatus.SIGNED
        assert paper.version.tasks.count() == 2
        assert paper.contact_signed_on == timezone.localdate() - timedelta(days=60)
        assert paper.version.letter.membership.project == world.project

    event = AuditEvent.objects.get(action="project.imported")
    assert event.actor == world.coordinator and event.project == world.project
    assert event.data | {"file": "existing.xlsx"} == {
        "file": "existing.xlsx",
        "members": 10,
        "contacts": 20,
        "meetings": 3,
        "attendance": 15,
        "letters": 5,
    }
    assert AuditEvent.objects.filter(action="membership.imported", project=world.project).count() == 10
    assert AuditEvent.objects.filter(action="contact.imported", project=world.project).count() == 20
    assert AuditEvent.objects.filter(action="meeting.imported", project=world.project).count() == 3
    assert AuditEvent.objects.filter(action="letter.paper_signed", project=world.project).count() == 10


def test_the_tables_may_come_as_csv_files(world, english):
    tables, scans = _template(world, members=2, meetings=1, letters=1)
    sign_in(english, world.coordinator)
    files = [_csv(key, rows) for key, rows in tables.items()]
    preview = english.post(_url("wizard", world), {"files": files, "scans": scans})
    assert "2 members, 4 contacts, 1 past meeting with" in preview.content.decode()
    english.post(_url("wizard", world), {"confirm": "1", "token": preview.context["token"], "file_name": "x"})
    assert Membership.objects.filter(project=world.project).count() == 3
    assert PaperSignature.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Contacts, row 4, organisation: “Tuntematon Oy” is not a member of the project nor on the members sheet.",
        ),
        ("fi", "Yhteyshenkilöt, rivi 4, organisaatio: "),
    ],
)
def test_one_bad_row_saves_nothing_and_names_the_row_and_field(world, client, settings, language, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    tables, scans = _template(world)
    tables["contacts"][2][0] = "Tuntematon Oy"
    sign_in(client, world.coordinator)
    response = _post(client, world, tables, scans)
    body = response.content.decode()
    assert response.status_code == 200
    assert expected in body
    assert "token" not in response.context
    _nothing_saved(world)


@pytest.mark.parametrize("language", ["en", "fi"])
def test_a_bad_date_names_its_row_and_column(world, client, settings, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    tables, scans = _template(world, members=3, meetings=2, letters=1)
    tables["meetings"][1][2] = "31.2.2026"
    sign_in(client, world.coordinator)
    body = _post(client, world, tables, scans).content.decode()
    expected = {
        "en": "Meetings, row 3, date: “31.2.2026” is not a date",
        "fi": "Kokoukset, rivi 3, päivämäärä: ",
    }[language]
    assert expected in body
    _nothing_saved(world)


def test_a_wrong_sha256_is_refused(world, english):
    tables, scans = _template(world, members=3, meetings=1, letters=2)
    tables["letters"][1][9] = "a" * 64
    sign_in(english, world.coordinator)
    body = _post(english, world, tables, scans).content.decode()
    assert "Paper letters, row 3, scan&#x27;s SHA-256: It does not match the uploaded scan “letter-1.pdf”" in body
    _nothing_saved(world)


def test_a_missing_scan_is_refused(world, english):
    tables, scans = _template(world, members=3, meetings=1, letters=2)
    sign_in(english, world.coordinator)
    body = _post(english, world, tables, scans[:1]).content.decode()
    assert "Paper letters, row 3, scan&#x27;s file name: No scan named “letter-1.pdf” was uploaded." in body
    _nothing_saved(world)


def test_a_future_meeting_a_member_twice_and_an_unknown_attendee_are_row_errors(world, english):
    tables, scans = _template(world, members=3, meetings=1, letters=0)
    tables["members"].append(list(tables["members"][1]))
    tables["meetings"].append(["Tuleva", "workshop", timezone.localdate() + timedelta(days=3), "9:00", "10:00", ""])
    tables["attendance"].append(["Ohjausryhmä 1", "nobody@example.org", "present", ""])
    sign_in(english, world.coordinator)
    body = _post(english, world, tables, scans).content.decode()
    assert "Members, row 5, organisation name: This organisation is already on an earlier row." in body
    assert "Meetings, row 3, date: Only a meeting that has ended can be recorded as held." in body
    assert "Attendance, row 7, e-mail address: “nobody@example.org” is not a member contact" in body
    _nothing_saved(world)


def test_a_change_between_the_preview_and_the_saving_saves_nothing(world, english):
    tables, scans = _template(world, members=3, meetings=1, letters=1)
    sign_in(english, world.coordinator)
    preview = _post(english, world, tables, scans)
    # Someone registers the same organisation meanwhile: the import's new one would duplicate its business ID.
    OrganisationFactory(name="Ehtijä", business_id=tables["members"][0][1])
    response = english.post(_url("wizard", world), {"confirm": "1", "token": preview.context["token"]})
    assert response.status_code == 302
    _nothing_saved(world)
    assert not ContactPerson.objects.filter(email__endswith=".example").exists()


def test_a_forged_preview_saves_nothing(world, english):
    sign_in(english, world.coordinator)
    response = english.post(_url("wizard", world), {"confirm": "1", "token": "forged"})
    assert response.status_code == 302
    _nothing_saved(world)


def test_an_existing_contact_of_a_registered_organisation_is_kept_as_it_is(world, english):
    registered = OrganisationFactory(name="Rekisteröity opisto")
    kept = ContactFactory(organisation=registered, email="person0.0@member0.example", name="Alkuperäinen Nimi")
    tables, scans = _template(world, members=2, meetings=0, letters=0, registered=registered)
    sign_in(english, world.coordinator)
    preview = _post(english, world, tables, scans)
    english.post(_url("wizard", world), {"confirm": "1", "token": preview.context["token"]})
    kept.refresh_from_db()
    assert kept.name == "Alkuperäinen Nimi"
    assert ContactPerson.objects.filter(email=kept.email).count() == 1
    assert ContactPerson.objects.visible_to(world.project).filter(pk=kept.pk).exists()


@pytest.mark.parametrize("role", ["partner", "other_coordinator"])
def test_a_partner_and_another_projects_coordinator_cannot_import(world, client, role):
    tables, scans = _template(world, members=2, meetings=0, letters=0)
    sign_in(client, getattr(world, role))
    assert client.get(_url("wizard", world)).status_code == 404
    assert _post(client, world, tables, scans).status_code == 404
    _nothing_saved(world)


def test_the_preview_query_count_does_not_grow_with_the_file(world, client, django_assert_max_num_queries):
    sign_in(client, world.coordinator)
    small_tables, small_scans = _template(world, members=2, meetings=1, letters=1)
    with CaptureQueriesContext(connection) as small:
        assert "token" in _post(client, world, small_tables, small_scans).context
    big_tables, big_scans = _template(world, members=12, meetings=3, letters=6)
    with django_assert_max_num_queries(len(small)):
        assert "token" in _post(client, world, big_tables, big_scans).context


def test_the_template_downloads_with_every_tables_columns(world, client):
    sign_in(client, world.coordinator)
    response = client.get(_url("template", world))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.worksheets) == 5
    for sheet, key in zip(workbook.worksheets, HEADERS, strict=True):
        assert [cell.value for cell in next(sheet.iter_rows())] == HEADERS[key]
    assert "scan_sha256" in HEADERS["letters"] and "scan_file" in HEADERS["letters"]
    response = client.get(_url("template_csv", world, sheet="letters"))
    assert response.content.decode("utf-8-sig").splitlines()[0] == ";".join(HEADERS["letters"])
    assert client.get(_url("template_csv", world, sheet="nonsense")).status_code == 404


def test_the_downloaded_template_is_read_back_as_it_is(world, english):
    """The template's own example rows are checked like any file (their scan is missing)."""
    sign_in(english, world.coordinator)
    response = english.get(_url("template", world))
    upload = SimpleUploadedFile("template.xlsx", b"".join(response.streaming_content))
    body = english.post(_url("wizard", world), {"files": [upload]}).content.decode()
    assert "No scan named “sitoumuskirje-esimerkki.pdf” was uploaded." in body
    assert "Members, row" not in body and "Contacts, row" not in body
    _nothing_saved(world)


def test_the_members_page_links_to_the_import_for_coordinators(world, client):
    sign_in(client, world.coordinator)
    assert _url("wizard", world) in client.get(reverse("partners:list", args=[world.project.pk])).content.decode()
    sign_in(client, world.partner)
    assert _url("wizard", world) not in client.get(reverse("partners:list", args=[world.project.pk])).content.decode()


def test_the_scans_kept_for_the_preview_are_removed_once_saved(world, english, django_capture_on_commit_callbacks):
    tables, scans = _template(world, members=2, meetings=0, letters=1)
    sign_in(english, world.coordinator)
    preview = _post(english, world, tables, scans)
    _folders, pending = default_storage.listdir(services.PENDING_FOLDER)
    assert len(pending) == 1
    with django_capture_on_commit_callbacks(execute=True):
        english.post(_url("wizard", world), {"confirm": "1", "token": preview.context["token"]})
    assert default_storage.listdir(services.PENDING_FOLDER)[1] == []
    assert PaperSignature.objects.get().file_sha256 == tables["letters"][0][9]


def test_scans_of_a_preview_never_confirmed_are_removed_after_a_while(world, english):
    tables, scans = _template(world, members=2, meetings=0, letters=1)
    sign_in(english, world.coordinator)
    _post(english, world, tables, scans)
    (name,) = default_storage.listdir(services.PENDING_FOLDER)[1]
    kept_at = default_storage.get_modified_time(f"{services.PENDING_FOLDER}/{name}")
    services.discard_stale_scans(now=kept_at + timedelta(hours=1))
    assert default_storage.listdir(services.PENDING_FOLDER)[1] == [name]
    services.discard_stale_scans(now=kept_at + services.PENDING_LIFETIME + timedelta(minutes=1))
    assert default_storage.listdir(services.PENDING_FOLDER)[1] == []


def test_a_file_brought_in_twice_is_refused_the_second_time(world, english):
    tables, scans = _template(world, members=2, meetings=1, letters=1)
    sign_in(english, world.coordinator)
    preview = _post(english, world, tables, scans)
    english.post(_url("wizard", world), {"confirm": "1", "token": preview.context["token"]})
    again = _post(english, world, *_template(world, members=2, meetings=1, letters=1)).content.decode()
    assert "Members, row 2, organisation name: Ammattiopisto 0 is already a member of this project." in again
    assert "Meetings, row 2, meeting title: The project already has this meeting." in again
    assert "Paper letters, row 2, organisation: This member already has a letter." in again
    assert Meeting.objects.filter(project=world.project).count() == 1
