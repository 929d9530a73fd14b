"""Importing mobility records from an Excel workbook (.xlsx) or a CSV file laid out like the template.

`parse` reads and validates every row before anything is saved and answers (records, errors): unsaved
`Mobility` objects, and for each bad row its number in the spreadsheet (the header is row 1), the column and
the message, in the active language. The page saves only a file without errors, all rows at once
(`services.import_mobilities`). Between the preview and the saving the rows travel signed (`sign`/`unsign`),
and are validated again when saved.
"""

import csv
import io
from datetime import date, datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from openpyxl import load_workbook

from networkhub import spreadsheets, uploads
from partners.models import Organisation
from partners.queries import current_members

from .models import MAX_PARTICIPANTS, Direction, Mobility, ParticipantType

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
EXTENSIONS = ["xlsx", "csv"]

# The template's columns, in order: (key in the header row, label used in error messages).
COLUMNS = [
    ("direction", gettext_lazy("direction")),
    ("participant_type", gettext_lazy("participants are")),
    ("participants", gettext_lazy("number of participants")),
    ("sending_organisation", gettext_lazy("sending organisation")),
    ("receiving_organisation", gettext_lazy("receiving organisation")),
    ("country", gettext_lazy("country")),
    ("start_date", gettext_lazy("start date")),
    ("end_date", gettext_lazy("end date")),
    ("newcomer_first", gettext_lazy("first mobility of a newcomer")),
]
LABELS = dict(COLUMNS)
# A model field's errors are shown under the column it came from.
FIELD_COLUMN = {
    "sending_name": "sending_organisation",
    "receiving_name": "receiving_organisation",
    "__all__": "",
}

YES = {"yes", "y", "x", "1", "true", "kyllä", "k", "ja", "j"}
NO = {"", "no", "n", "0", "false", "ei", "e", "nej"}
LANGUAGES = ("fi", "sv", "en")


class Problem(Exception):
    def __init__(self, column, message):
        super().__init__(message)
        self.column, self.message = column, message


def template_rows():
    """The example rows of the downloadable template (the header comes from COLUMNS)."""
    return [
        ["outgoing", "students", 3, "", "Berufskolleg Bremen", "DE", date(2026, 3, 2), date(2026, 3, 27), "no"],
        ["incoming", "staff", 1, "Escola Profissional de Lisboa", "", "PT", date(2026, 4, 13), date(2026, 4, 17), "no"],
    ]


def _choice(value, enum, column):
    text = str(value or "").strip().lower()
    for member in enum:
        names = {member.value}
        for language in LANGUAGES:
            with translation.override(language):
                names.add(str(member.label).lower())
        if text in names:
            return member.value
    raise Problem(
        column,
        _("“%(value)s” is not one of: %(choices)s.")
        % {"value": value or "", "choices": ", ".join(f"{m.value} ({m.label})" for m in enum)},
    )


def _date(value, column):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        raise Problem(column, _("A date is required."))
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise Problem(column, _("“%(value)s” is not a date (write e.g. 31.12.2026 or 2026-12-31).") % {"value": text})


def _count(value, column):
    text = str(value if value is not None else "").strip()
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = None
    if number is None or not number.is_integer() or not 1 <= number <= MAX_PARTICIPANTS:
        raise Problem(column, _("Write a whole number from 1 to %(limit)s.") % {"limit": MAX_PARTICIPANTS})
    return int(number)


def _country(value, column):
    text = str(value or "").strip()
    code = countries.alpha2(text) if len(text) == 2 else ""
    if not code and text:
        for language in LANGUAGES:
            code = countries.by_name(text, language=language)
            if code:
                break
    if not code:
        raise Problem(column, _("“%(value)s” is not a country: write its two-letter code, e.g. DE.") % {"value": text})
    return code


def _yes_no(value, column):
    text = str(value if value is not None else "").strip().lower()
    if text in YES or value is True:
        return True
    if text in NO or value is False:
        return False
    raise Problem(column, _("Write yes or no."))


def _organisation(value, members):
    """(member organisation or None, outside name): a name or business ID of a member, else an outside name."""
    text = " ".join(str(value or "").split())
    return members.get(text.lower()), "" if text.lower() in members else text[:200]


def _rows(upload):
    extension = upload.name.rsplit(".", 1)[-1].lower()
    if extension == "xlsx":
        workbook = load_workbook(upload, read_only=True, data_only=True)
        try:
            yield from workbook.worksheets[0].iter_rows(values_only=True)
        finally:
            workbook.close()
        return
    text = upload.read().decode("utf-8-sig")
    dialect = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=dialect)


def _header_keys(header):
    names = {}
    for key, label in COLUMNS:
        names[key] = key
        for language in LANGUAGES:
            with translation.override(language):
                names[str(label).lower()] = key
    return [names.get(str(cell or "").strip().lower()) for cell in header]


def check_file(upload):
    """Raise ValidationError unless the upload is a spreadsheet of an acceptable size and type."""
    uploads.check_upload(upload, max_bytes=MAX_BYTES, extensions=EXTENSIONS)


def parse(upload, project, *, own=None):
    """(values, errors): each good row's values (plain JSON, see `build`) and each bad one's
    (row number, column label, message). `own`: the pks of a partner's own organisations, None for a coordinator."""
    try:
        rows = iter(_rows(upload))
        header = next(rows, None)
    except (UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError) as failure:
        raise ValidationError(_("The file could not be read as a spreadsheet.")) from failure
    if header is None:
        raise ValidationError(_("The file has no rows."))
    keys = _header_keys(header)
    missing = [str(LABELS[key]) for key, _label in COLUMNS if key not in keys]
    if missing:
        raise ValidationError(
            _("The first row must name the template's columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    members = _members(project)
    values, errors = [], []
    try:
        for number, row in enumerate(rows, start=2):
            cells = dict(zip(keys, row, strict=False))
            cells.pop(None, None)
            if not any(str(cell or "").strip() for cell in cells.values()):
                continue
            if len(values) + len(errors) >= MAX_ROWS:
                raise ValidationError(_("At most %(rows)s rows can be imported at once.") % {"rows": MAX_ROWS})
            row_values, row_errors = _row(cells, members, project, own)
            errors.extend((number, label, message) for label, message in row_errors)
            if not row_errors:
                values.append(row_values)
    except (csv.Error, OSError, ValueError, KeyError) as failure:
        raise ValidationError(_("The file could not be read as a spreadsheet.")) from failure
    if not values and not errors:
        raise ValidationError(_("The file has no rows to import."))
    return values, errors


def _members(project):
    members = {}
    for organisation in Organisation.objects.filter(pk__in=current_members(project).values("organisation_id")):
        members[organisation.name.lower()] = organisation
        if organisation.business_id:
            members[organisation.business_id.lower()] = organisation
    return members


def _row(cells, members, project, own):
    problems, values = [], {}
    readers = {
        "direction": lambda v, c: _choice(v, Direction, c),
        "participant_type": lambda v, c: _choice(v, ParticipantType, c),
        "participants": _count,
        "country": _country,
        "start_date": _date,
        "end_date": _date,
        "newcomer_first": _yes_no,
    }
    for key, read in readers.items():
        try:
            values[key] = read(cells.get(key), key)
        except Problem as problem:
            problems.append((str(LABELS[problem.column]), problem.message))
    for side in ("sending", "receiving"):
        organisation, name = _organisation(cells.get(f"{side}_organisation"), members)
        values[f"{side}_organisation"] = organisation.pk if organisation else None
        values[f"{side}_name"] = name
    if problems:
        return None, problems
    values["start_date"], values["end_date"] = values["start_date"].isoformat(), values["end_date"].isoformat()
    mobility = build(values, project)
    try:
        mobility.full_clean(exclude=["created_by"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            column = FIELD_COLUMN.get(field, field)
            label = str(LABELS[column]) if column in LABELS else _("row")
            problems.extend((label, message) for message in messages)
    if own is not None and not ({values["sending_organisation"], values["receiving_organisation"]} & set(own)):
        problems.append((_("row"), _("Record mobilities that your own organisation sends or receives.")))
    return values, problems


def build(values, project):
    """An unsaved Mobility from a row's values (as `parse` gives them)."""
    return Mobility(
        project=project,
        direction=values["direction"],
        participant_type=values["participant_type"],
        participants=values["participants"],
        sending_organisation_id=values["sending_organisation"],
        sending_name=values["sending_name"],
        receiving_organisation_id=values["receiving_organisation"],
        receiving_name=values["receiving_name"],
        country=values["country"],
        start_date=date.fromisoformat(values["start_date"]),
        end_date=date.fromisoformat(values["end_date"]),
        newcomer_first=values["newcomer_first"],
    )


def _salt(project, user):
    return f"mobility.import:{project.pk}:{user.pk}"


def sign(values, project, user):
    return signing.dumps(values, salt=_salt(project, user), compress=True)


def unsign(token, project, user):
    """The rows signed for this project and user within the last hour, else None."""
    try:
        return signing.loads(token, salt=_salt(project, user), max_age=3600)
    except signing.BadSignature:
        return None


def template_response(language):
    header = [key for key, _label in COLUMNS]
    return spreadsheets.xlsx_response(
        "mobility-template.xlsx", title=_("Mobility"), header=header, rows=template_rows(), language=language
    )
