"""Reading the template of an existing project: members, contacts, past meetings with attendance, and letters signed
on paper with their scans.

The template is an Excel workbook with one sheet per table, or the same tables as CSV files (one file each). A
table is known by its sheet's or file's name (its key or its title in any language), else by its header row.
`parse` reads and validates every row of every table before anything is saved and answers (data, errors): plain
JSON values for `onboarding.services.import_project`, and for each bad row (table, row number, column, message) in
the active language. Rows refer to each other by an organisation's name or business ID and by a person's e-mail
address: a member or contact the project already has, or one in the file. A paper letter's scan is an uploaded file
named in its row, whose SHA-256 must be the one the row gives.
"""

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from commitments.forms import PAPER_SCAN_EXTENSIONS, PAPER_SCAN_MAX_BYTES
from commitments.queries import memberships_with_letters
from meetings import times
from meetings.choices import AttendanceStatus, MeetingType
from meetings.queries import meeting_titles_and_starts
from meetings.services import member_contacts
from networkhub import imports, spreadsheets, uploads
from networkhub.imports import Problem
from networkhub.models import Language
from networkhub.numbers import count
from partners.models import (
    HOME_COUNTRY,
    ContactPerson,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationType,
    normalise_business_id,
    normalise_registration_number,
)
from partners.queries import current_members

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 1000
MAX_TASKS = 20
MAX_CONTRIBUTION = Decimal("9999999999.99")
# The reference of an organisation or person whose own row has an error: rows naming it say so, nothing more.
BAD = "!"


@dataclass(frozen=True)
class Sheet:
    key: str
    title: object  # lazy
    columns: list
    examples: list = field(default_factory=list)

    @property
    def labels(self):
        return dict(self.columns)


MEMBERS = Sheet(
    "members",
    gettext_lazy("Members"),
    [
        ("name", gettext_lazy("organisation name")),
        ("business_id", gettext_lazy("Finnish business ID")),
        ("registration_number", gettext_lazy("registration or VAT number")),
        ("country", gettext_lazy("country")),
        ("org_type", gettext_lazy("organisation type")),
        ("role", gettext_lazy("role")),
        ("joined_on", gettext_lazy("joined")),
    ],
    [
        ["Ammattiopisto Esimerkki", "7654321-2", "", "FI", "vet", "partner", date(2026, 1, 1)],
        ["Berufskolleg Bremen", "", "HRB 12345", "DE", "vet", "associate", date(2026, 2, 1)],
    ],
)
CONTACTS = Sheet(
    "contacts",
    gettext_lazy("Contacts"),
    [
        ("organisation", gettext_lazy("organisation")),
        ("name", gettext_lazy("name")),
        ("title", pgettext_lazy("job title", "title")),
        ("email", gettext_lazy("e-mail address")),
        ("phone", gettext_lazy("phone")),
        ("language", gettext_lazy("language")),
        ("consent_to_share", gettext_lazy("may share contact details within the network")),
    ],
    [
        ["7654321-2", "Pia Partneri", "Opettaja", "pia.partneri@example.fi", "+358 40 123 4567", "fi", "yes"],
        ["Berufskolleg Bremen", "Jonas Becker", "Lehrer", "jonas.becker@example.de", "", "en", "no"],
    ],
)
MEETINGS = Sheet(
    "meetings",
    gettext_lazy("Meetings"),
    [
        ("title", gettext_lazy("meeting title")),
        ("meeting_type", gettext_lazy("meeting type")),
        ("date", gettext_lazy("date")),
        ("start_time", gettext_lazy("starts")),
        ("end_time", gettext_lazy("ends")),
        ("location", gettext_lazy("location")),
    ],
    [["Aloitusseminaari", "kick_off", date(2026, 2, 10), "09:00", "15:00", "Tampere"]],
)
ATTENDANCE = Sheet(
    "attendance",
    gettext_lazy("Attendance"),
    [
        ("meeting", gettext_lazy("meeting title")),
        ("email", gettext_lazy("e-mail address")),
        ("attendance", gettext_lazy("attendance")),
        ("proxy_name", gettext_lazy("proxy's name")),
    ],
    [
        ["Aloitusseminaari", "pia.partneri@example.fi", "present", ""],
        ["Aloitusseminaari", "jonas.becker@example.de", "proxy", "Anna Schulz"],
    ],
)
LETTERS = Sheet(
    "letters",
    gettext_lazy("Paper letters"),
    [
        ("organisation", gettext_lazy("organisation")),
        ("contact_email", gettext_lazy("contact person's e-mail")),
        ("signed_on", gettext_lazy("signed on")),
        ("management_name", gettext_lazy("management signatory")),
        ("management_title", gettext_lazy("title of the management signatory")),
        ("management_email", gettext_lazy("e-mail of the management signatory")),
        ("contribution_eur", gettext_lazy("contribution (EUR)")),
        ("tasks", gettext_lazy("tasks")),
        ("scan_file", gettext_lazy("scan's file name")),
        ("scan_sha256", gettext_lazy("scan's SHA-256")),
    ],
    [
        [
            "7654321-2",
            "pia.partneri@example.fi",
            date(2026, 1, 20),
            "Riitta Rehtori",
            "Rehtori",
            "riitta.rehtori@example.fi",
            8000,
            "Työpaikkaohjaajien koulutus; Vertaisarviointi",
            "sitoumuskirje-esimerkki.pdf",
            "0" * 64,
        ]
    ],
)
SHEETS = [MEMBERS, CONTACTS, MEETINGS, ATTENDANCE, LETTERS]
ROLES = (MembershipRole.PARTNER, MembershipRole.ASSOCIATE)


def _role(value, column):
    """Only partners and associates are brought in: the project registered its lead organisation."""
    role = imports.read_choice(value, MembershipRole, column, default=MembershipRole.PARTNER)
    if role not in ROLES:
        raise Problem(column, _("The project already has its lead organisation: write partner or associate."))
    return role


def check_file(upload):
    imports.check_file(upload, max_bytes=MAX_BYTES)


def check_scan(upload):
    """The MIME type of an acceptable scan, else ValidationError."""
    return uploads.check_upload(upload, max_bytes=PAPER_SCAN_MAX_BYTES, extensions=PAPER_SCAN_EXTENSIONS)


def _names(sheet):
    names = {sheet.key}
    for language in imports.LANGUAGES:
        with translation.override(language):
            names.add(str(sheet.title).lower())
    return names


def _which_sheet(title, rows):
    """The Sheet a table is, by its name or else by its header (all of a sheet's columns named)."""
    name = " ".join(str(title or "").split()).lower()
    for sheet in SHEETS:
        if name in _names(sheet):
            return sheet
    header = rows[0] if rows else ()
    for sheet in sorted(SHEETS, key=lambda s: -len(s.columns)):
        if not imports.missing_columns(header, sheet.columns):
            return sheet
    return None


def read_tables(uploads_):
    """{sheet key: rows} from every uploaded workbook or CSV file; ValidationError for a table that is no sheet of
    the template, or one given twice."""
    tables = {}
    for upload in uploads_:
        for title, rows in imports.read_tables(upload):
            if not any(any(str(cell or "").strip() for cell in row) for row in rows):
                continue
            sheet = _which_sheet(title, rows)
            if sheet is None:
                raise ValidationError(
                    _("“%(name)s” is not a table of the template (%(tables)s).")
                    % {"name": title, "tables": ", ".join(str(s.title) for s in SHEETS)}
                )
            if sheet.key in tables:
                raise ValidationError(_("The table “%(name)s” was given twice.") % {"name": sheet.title})
            tables[sheet.key] = rows
    if not tables:
        raise ValidationError(_("The file has no rows to import."))
    return tables


class Parser:
    """One parse of the template for a project: each table's rows in order, sharing what earlier tables named."""

    def __init__(self, project, tables, scans):
        self.project = project
        self.tables = tables
        self.scans = scans  # `hash_scans`: {lower-case file name: {"name", "sha256", ...}}
        self.errors = []
        self.data = {"members": [], "contacts": [], "meetings": [], "letters": []}
        self.today = timezone.localdate()

    def problem(self, sheet, number, column, message):
        label = str(sheet.labels[column]) if column in sheet.labels else _("row")
        self.errors.append((str(sheet.title), number, label, message))

    def rows(self, sheet):
        try:
            return imports.table_rows(
                self.tables.get(sheet.key, [list(sheet.labels)]), sheet.columns, max_rows=MAX_ROWS
            )
        except ValidationError as error:
            raise ValidationError(f"{sheet.title}: {' '.join(error.messages)}") from None

    def run(self):
        members = self.rows(MEMBERS)
        contacts = self.rows(CONTACTS)
        meetings = self.rows(MEETINGS)
        attendance = self.rows(ATTENDANCE)
        letters = self.rows(LETTERS)
        self._load_project()
        self._members(members)
        self._contacts(contacts)
        self._meetings(meetings, attendance)
        self._letters(letters)
        return self.data, self.errors

    # --- What the project already has (a fixed number of queries, whatever the file's size) -------------------

    def _load_project(self):
        self.organisations = {}  # name or business ID, lower case -> organisation reference
        self.org_info = {}  # reference -> {"name", "country", "joined_on", "membership"}
        for membership in current_members(self.project).select_related("organisation"):
            organisation = membership.organisation
            ref = f"org:{organisation.pk}"
            self.org_info[ref] = {
                "name": organisation.name,
                "country": str(organisation.country),
                "joined_on": membership.joined_on,
                "membership": membership.pk,
            }
            self._name_organisation(ref, organisation.name, organisation.business_id)
        self.all_memberships = set(
            Membership.objects.filter(project=self.project).values_list("organisation_id", flat=True)
        )
        self.contacts = {}  # e-mail -> contact reference
        self.contact_info = {}  # reference -> {"name", "organisation" (reference)}
        for contact in member_contacts(self.project):
            ref = f"contact:{contact.pk}"
            self.contacts.setdefault(contact.email.lower(), ref)
            self.contact_info[ref] = {"name": contact.name, "organisation": f"org:{contact.organisation_id}"}
        self.with_letters = memberships_with_letters(self.project)
        self.held = meeting_titles_and_starts(self.project)

    def _name_organisation(self, ref, name, business_id):
        self.organisations.setdefault(name.lower(), ref)
        if business_id:
            self.organisations.setdefault(business_id.lower(), ref)

    # --- Members ---------------------------------------------------------------------------------------------

    def _member_values(self, cells):
        values, problems = {}, []

        def read(column, reader):
            try:
                values[column] = reader(cells.get(column), column)
            except Problem as problem:
                problems.append((problem.column, problem.message))

        read("name", lambda v, c: imports.read_text(v, c, max_length=200))
        read("country", lambda v, c: imports.read_country(v, c, default=HOME_COUNTRY))
        read("org_type", lambda v, c: imports.read_choice(v, OrganisationType, c))
        read("role", _role)
        read("joined_on", lambda v, c: imports.read_date(v, c, required=False))
        business_id, registration = (
            imports.text(cells.get("business_id")),
            imports.text(cells.get("registration_number")),
        )
        values["business_id"], values["registration_number"] = None, ""
        country = values.get("country")
        if country == HOME_COUNTRY:
            if not business_id:
                problems.append(("business_id", _("A Finnish organisation needs its business ID.")))
            else:
                try:
                    values["business_id"] = normalise_business_id(business_id)
                except ValidationError as error:
                    problems.append(("business_id", error.messages[0]))
        elif country:
            if business_id:
                problems.append(
                    (
                        "business_id",
                        _("Only Finnish organisations have a Finnish business ID. Use the registration number field."),
                    )
                )
            if registration:
                try:
                    values["registration_number"] = normalise_registration_number(registration[:40], country)
                except ValidationError as error:
                    problems.append(("registration_number", error.messages[0]))
        if values.get("joined_on") is None and "joined_on" in values:
            values["joined_on"] = self.project.start_date
        return values, problems

    def _members(self, rows):
        parsed = [(number, *self._member_values(cells)) for number, cells in rows]
        match = Q(pk__in=[])
        for _number, values, problems in parsed:
            if problems:
                continue
            if values["business_id"]:
                match |= Q(business_id=values["business_id"])
            if values["registration_number"]:
                match |= Q(country=values["country"], foreign_registration_number__iexact=values["registration_number"])
            match |= Q(name__iexact=values["name"], country=values["country"])
        registry = list(Organisation.objects.filter(match))
        seen = set()
        for index, (number, values, problems) in enumerate(parsed):
            for column, message in problems:
                self.problem(MEMBERS, number, column, message)
            if problems:
                for name in (rows[index][1].get("name"), rows[index][1].get("business_id")):
                    if imports.text(name):
                        self.organisations.setdefault(imports.text(name).lower(), BAD)
                continue
            found = self._registered(values, registry)
            identity = found.pk if found else (values["business_id"] or (values["name"].lower(), values["country"]))
            if identity in seen:
                self.problem(MEMBERS, number, "name", _("This organisation is already on an earlier row."))
                continue
            seen.add(identity)
            if found and found.pk in self.all_memberships:
                self.problem(
                    MEMBERS,
                    number,
                    "name",
                    _("%(organisation)s is already a member of this project.") % {"organisation": found.name},
                )
                continue
            ref = f"org:{found.pk}" if found else f"new:{index}"
            name = found.name if found else values["name"]
            self.org_info[ref] = {
                "name": name,
                "country": str(found.country) if found else values["country"],
                "joined_on": values["joined_on"],
                "membership": None,
            }
            self._name_organisation(ref, values["name"], values["business_id"])
            self._name_organisation(ref, name, found.business_id if found else None)
            self.data["members"].append(
                {
                    "ref": ref,
                    "organisation": found.pk if found else None,
                    "registered": found is not None,
                    "name": name,
                    "business_id": values["business_id"],
                    "registration_number": values["registration_number"],
                    "country": values["country"],
                    "org_type": values["org_type"],
                    "role": values["role"],
                    "joined_on": values["joined_on"].isoformat(),
                }
            )

    @staticmethod
    def _registered(values, registry):
        """The organisation of the shared registry the row names: by business ID, registration number, then name."""
        for organisation in registry:
            if values["business_id"] and organisation.business_id == values["business_id"]:
                return organisation
        for organisation in registry:
            if (
                values["registration_number"]
                and str(organisation.country) == values["country"]
                and organisation.foreign_registration_number.lower() == values["registration_number"].lower()
            ):
                return organisation
        for organisation in registry:
            if organisation.name.lower() == values["name"].lower() and str(organisation.country) == values["country"]:
                return organisation
        return None

    def _organisation(self, value):
        return self.organisations.get(imports.text(value).lower())

    @staticmethod
    def _organisation_problem(ref, value):
        if ref == BAD:
            return _("The organisation's row on the members sheet has an error.")
        if ref is None:
            return _("“%(value)s” is not a member of the project nor on the members sheet.") % {
                "value": imports.text(value)
            }
        return None

    @staticmethod
    def _contact_problem(ref, email):
        if ref == BAD:
            return _("The person's row on the contacts sheet has an error.")
        if ref is None:
            return _("“%(value)s” is not a member contact of the project nor on the contacts sheet.") % {"value": email}
        return None

    # --- Contacts --------------------------------------------------------------------------------------------

    def _contacts(self, rows):
        parsed = []
        for number, cells in rows:
            values, problems = {}, []
            values["organisation"] = self._organisation(cells.get("organisation"))
            if message := self._organisation_problem(values["organisation"], cells.get("organisation")):
                problems.append(("organisation", message))
            for column, reader in (
                ("name", lambda v, c: imports.read_text(v, c, max_length=200)),
                ("title", lambda v, c: imports.read_text(v, c, max_length=200, required=False)),
                ("email", imports.read_email),
                ("phone", lambda v, c: imports.read_text(v, c, max_length=40, required=False)),
                ("language", lambda v, c: imports.read_choice(v, Language, c, default="-")),
                ("consent_to_share", imports.read_yes_no),
            ):
                try:
                    values[column] = reader(cells.get(column), column)
                except Problem as problem:
                    problems.append((problem.column, problem.message))
            parsed.append((number, values, problems))
        existing_orgs = {
            int(values["organisation"][4:])
            for _n, values, problems in parsed
            if not problems and values["organisation"].startswith("org:")
        }
        emails = {values["email"] for _n, values, problems in parsed if not problems}
        registered = {
            (organisation_id, email): pk
            for pk, organisation_id, email in ContactPerson.objects.annotate(address=Lower("email"))
            .filter(organisation_id__in=existing_orgs, address__in=emails)
            .values_list("pk", "organisation_id", "address")
        }
        for index, (number, values, problems) in enumerate(parsed):
            for column, message in problems:
                self.problem(CONTACTS, number, column, message)
            if problems:
                email = imports.text(rows[index][1].get("email")).lower()
                if email:
                    self.contacts.setdefault(email, BAD)
                continue
            org_ref, email = values["organisation"], values["email"]
            found = registered.get((int(org_ref[4:]), email)) if org_ref.startswith("org:") else None
            ref = f"contact:{found}" if found else f"newcontact:{index}"
            previous = self.contacts.get(email)
            if previous and (
                previous == BAD
                or previous.startswith("newcontact:")
                or self.contact_info[previous]["organisation"] != org_ref
            ):
                self.problem(
                    CONTACTS,
                    number,
                    "email",
                    _("This e-mail address is already another contact's, on an earlier row or in the project."),
                )
                continue
            organisation = Organisation(country=self.org_info[org_ref]["country"])
            language = values["language"] if values["language"] != "-" else organisation.contact_language
            self.contacts[email] = ref
            self.contact_info[ref] = {"name": values["name"], "organisation": org_ref}
            self.data["contacts"].append(
                {
                    "ref": ref,
                    "contact": found,
                    "organisation": org_ref,
                    "organisation_name": self.org_info[org_ref]["name"],
                    "name": values["name"],
                    "title": values["title"],
                    "email": email,
                    "phone": values["phone"],
                    "language": language,
                    "time_zone": organisation.contact_time_zone,
                    "consent_to_share": values["consent_to_share"],
                }
            )

    # --- Meetings and attendance -----------------------------------------------------------------------------

    def _meetings(self, rows, attendance_rows):
        meetings, now = {}, timezone.now()
        for number, cells in rows:
            values, problems = {}, []
            for column, reader in (
                ("title", lambda v, c: imports.read_text(v, c, max_length=200)),
                ("meeting_type", lambda v, c: imports.read_choice(v, MeetingType, c, default=MeetingType.OTHER)),
                ("date", imports.read_date),
                ("start_time", imports.read_time),
                ("end_time", imports.read_time),
                ("location", lambda v, c: imports.read_text(v, c, max_length=300, required=False)),
            ):
                try:
                    values[column] = reader(cells.get(column), column)
                except Problem as problem:
                    problems.append((problem.column, problem.message))
            if not problems:
                problems = self._meeting_times(values, now)
            if not problems and values["title"].lower() in meetings:
                problems = [("title", _("Another meeting on an earlier row has this title."))]
            if not problems and (values["title"].lower(), values["start"]) in self.held:
                problems = [("title", _("The project already has this meeting."))]
            for column, message in problems:
                self.problem(MEETINGS, number, column, message)
            if problems:
                meetings.setdefault(values.get("title", "").lower(), None)
                continue
            row = {
                "title": values["title"],
                "meeting_type": values["meeting_type"],
                "start": values["start"].isoformat(),
                "end": values["end"].isoformat(),
                "location": values["location"],
                "attendance": [],
            }
            meetings[values["title"].lower()] = row
            self.data["meetings"].append(row)
        self._attendance(attendance_rows, meetings)

    @staticmethod
    def _meeting_times(values, now):
        zone = times.DEFAULT_TIME_ZONE
        try:
            values["start"] = times.make_aware(datetime.combine(values["date"], values["start_time"]), zone)
            values["end"] = times.make_aware(datetime.combine(values["date"], values["end_time"]), zone)
        except times.NonexistentTime:
            return [("start_time", _("The clocks skip this time (daylight saving). Choose another time."))]
        if values["end"] <= values["start"]:
            return [("end_time", _("The meeting must end after it starts."))]
        if values["end"] > now:
            return [("date", _("Only a meeting that has ended can be recorded as held."))]
        return []

    def _attendance(self, rows, meetings):
        seen = set()
        for number, cells in rows:
            problems, title = [], imports.text(cells.get("meeting")).lower()
            meeting = meetings.get(title)
            if title not in meetings:
                problems.append(("meeting", _("No meeting on the meetings sheet has this title.")))
            email = imports.text(cells.get("email")).lower()
            contact = self.contacts.get(email)
            if message := self._contact_problem(contact, email):
                problems.append(("email", message))
            try:
                status = imports.read_choice(cells.get("attendance"), AttendanceStatus, "attendance")
            except Problem as problem:
                problems.append((problem.column, problem.message))
                status = None
            proxy_name = imports.text(cells.get("proxy_name"))[:200]
            if status == AttendanceStatus.PROXY and not proxy_name:
                problems.append(("proxy_name", _("Give the name of the person who attends in your place.")))
            if not problems and (title, contact) in seen:
                problems.append(("email", _("This person's attendance is already on an earlier row.")))
            for column, message in problems:
                self.problem(ATTENDANCE, number, column, message)
            if problems or meeting is None:
                continue
            seen.add((title, contact))
            meeting["attendance"].append(
                {
                    "contact": contact,
                    "name": self.contact_info[contact]["name"],
                    "status": status,
                    "proxy_name": proxy_name,
                }
            )

    # --- Letters signed on paper -----------------------------------------------------------------------------

    def _letters(self, rows):
        lettered = set()
        for number, cells in rows:
            values, problems = {}, []
            org_ref = self._organisation(cells.get("organisation"))
            if message := self._organisation_problem(org_ref, cells.get("organisation")):
                problems.append(("organisation", message))
                org_ref = None
            elif org_ref in lettered or self.org_info[org_ref]["membership"] in self.with_letters:
                problems.append(("organisation", _("This member already has a letter.")))
            contact = self.contacts.get(imports.text(cells.get("contact_email")).lower())
            if contact == BAD:
                problems.append(("contact_email", _("The person's row on the contacts sheet has an error.")))
            elif contact is None or (org_ref and self.contact_info[contact]["organisation"] != org_ref):
                problems.append(
                    ("contact_email", _("Name a contact person of this organisation (on the contacts sheet)."))
                )
            for column, reader in (
                ("signed_on", imports.read_date),
                ("management_name", lambda v, c: imports.read_text(v, c, max_length=200)),
                ("management_title", lambda v, c: imports.read_text(v, c, max_length=200)),
                ("management_email", imports.read_email),
                ("contribution_eur", _contribution),
                ("tasks", _tasks),
                ("scan_file", lambda v, c: imports.read_text(v, c, max_length=255)),
                ("scan_sha256", lambda v, c: imports.read_text(v, c, max_length=200).lower()),
            ):
                try:
                    values[column] = reader(cells.get(column), column)
                except Problem as problem:
                    problems.append((problem.column, problem.message))
            if values.get("signed_on") and values["signed_on"] > self.today:
                problems.append(("signed_on", _("A paper signature cannot be dated in the future.")))
            problems.extend(self._scan_problems(values))
            if org_ref and not problems:
                period_start = max(self.project.start_date, self._joined(org_ref))
                if period_start > self.project.end_date:
                    problems.append(("organisation", _("The member joined after the project ended.")))
            for column, message in problems:
                self.problem(LETTERS, number, column, message)
            if problems:
                continue
            lettered.add(org_ref)
            self.data["letters"].append(
                {
                    "organisation": org_ref,
                    "organisation_name": self.org_info[org_ref]["name"],
                    "contact": contact,
                    "contact_name": self.contact_info[contact]["name"],
                    "signed_on": values["signed_on"].isoformat(),
                    "management_name": values["management_name"],
                    "management_title": values["management_title"],
                    "management_email": values["management_email"],
                    "contribution_eur": str(values["contribution_eur"]),
                    "period_start": period_start.isoformat(),
                    "period_end": self.project.end_date.isoformat(),
                    "tasks": values["tasks"],
                    "scan": values["scan_file"],
                    "sha256": values["scan_sha256"],
                }
            )

    def _joined(self, org_ref):
        joined = self.org_info[org_ref]["joined_on"]
        return joined if isinstance(joined, date) else date.fromisoformat(joined)

    def _scan_problems(self, values):
        name, expected = values.get("scan_file"), values.get("scan_sha256")
        if not name:
            return []
        scan = self.scans.get(name.lower())
        if scan is None:
            return [("scan_file", _("No scan named “%(name)s” was uploaded.") % {"name": name})]
        if expected is not None and expected != scan["sha256"]:
            return [
                (
                    "scan_sha256",
                    _("It does not match the uploaded scan “%(name)s”, whose SHA-256 is %(hash)s.")
                    % {"name": name, "hash": scan["sha256"]},
                )
            ]
        return []


def _contribution(value, column):
    given = imports.text(value).replace(" ", "").replace(",", ".")
    if not given:
        return Decimal("0.00")
    try:
        amount = Decimal(given).quantize(Decimal("0.01"))
    except InvalidOperation:
        amount = None
    if amount is None or not Decimal(0) <= amount <= MAX_CONTRIBUTION:
        raise Problem(column, _("Write the amount in euros, e.g. 8000 or 2500,50."))
    return amount


def _tasks(value, column):
    titles = [" ".join(part.split()) for part in str(value or "").replace("\n", ";").split(";")]
    titles = [title for title in titles if title]
    if not titles:
        raise Problem(column, _("Name at least one task; separate tasks with a semicolon."))
    if len(titles) > MAX_TASKS or any(len(title) > 200 for title in titles):
        raise Problem(
            column,
            ngettext(
                "At most %(count)s task of at most 200 characters.",
                "At most %(count)s tasks of at most 200 characters each.",
                MAX_TASKS,
            )
            % {"count": MAX_TASKS},
        )
    return titles


def hash_scans(scans):
    """{lower-case file name: {"name", "sha256", "size", "content_type", "upload"}} of the uploaded scans."""
    hashed = {}
    for upload, content_type in scans:
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        name = upload.name.rsplit("/", 1)[-1]
        hashed[name.lower()] = {
            "name": name,
            "sha256": digest.hexdigest(),
            "size": upload.size,
            "content_type": content_type,
            "upload": upload,
        }
    return hashed


def parse(uploads_, scans, project):
    """(data, errors) of the uploaded tables (see the module's docstring); ValidationError if a file cannot be read
    as the template. `scans`: `hash_scans` of the uploaded scans."""
    return Parser(project, read_tables(uploads_), scans).run()


def preview(data):
    """The data as the preview shows it: choices by their labels in the active language, dates and times local."""
    roles, statuses = dict(MembershipRole.choices), dict(AttendanceStatus.choices)
    zone = times.zone(times.DEFAULT_TIME_ZONE)
    return {
        "members": [
            row | {"role": roles[row["role"]], "joined_on": date.fromisoformat(row["joined_on"])}
            for row in data["members"]
        ],
        "contacts": data["contacts"],
        "meetings": [
            row
            | {
                "start": datetime.fromisoformat(row["start"]).astimezone(zone),
                "attendance": [entry | {"status": statuses[entry["status"]]} for entry in row["attendance"]],
            }
            for row in data["meetings"]
        ],
        "letters": [row | {"signed_on": date.fromisoformat(row["signed_on"])} for row in data["letters"]],
    }


def summary(data):
    return {key: len(rows) for key, rows in data.items()} | {
        "attendance": sum(len(meeting["attendance"]) for meeting in data["meetings"])
    }


def summary_text(counts):
    """What an import brings (or brought) in, each count in its plural form: "8 members, 1 contact, …"."""
    parts = [
        ngettext("%(count)s member", "%(count)s members", counts["members"]) % {"count": count(counts["members"])},
        ngettext("%(count)s contact", "%(count)s contacts", counts["contacts"]) % {"count": count(counts["contacts"])},
        ngettext(
            "%(count)s past meeting with %(attendance)s",
            "%(count)s past meetings with %(attendance)s",
            counts["meetings"],
        )
        % {
            "count": count(counts["meetings"]),
            "attendance": ngettext("%(count)s attendance record", "%(count)s attendance records", counts["attendance"])
            % {"count": count(counts["attendance"])},
        },
        ngettext("%(count)s letter signed on paper", "%(count)s letters signed on paper", counts["letters"])
        % {"count": count(counts["letters"])},
    ]
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


# --- The template ---------------------------------------------------------------------------------------------


def template_response(language):
    return spreadsheets.xlsx_workbook_response(
        "existing-project-template.xlsx",
        sheets=[(sheet.title, [key for key, _label in sheet.columns], sheet.examples) for sheet in SHEETS],
        language=language,
    )


def _csv_value(value):
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheets.csv_cell(value)


def csv_template(sheet_key):
    """(file name, CSV text) of one table of the template."""
    sheet = next(sheet for sheet in SHEETS if sheet.key == sheet_key)
    out = io.StringIO()
    out.write(spreadsheets.CSV_BOM)
    writer = spreadsheets.csv_writer(out)
    writer.writerow([key for key, _label in sheet.columns])
    for row in sheet.examples:
        writer.writerow([_csv_value(value) for value in row])
    return f"{sheet.key}.csv", out.getvalue()


def _salt(project, user):
    return f"onboarding.import:{project.pk}:{user.pk}"


def sign(data, project, user):
    return imports.sign(data, _salt(project, user))


def unsign(token, project, user):
    return imports.unsign(token, _salt(project, user))
