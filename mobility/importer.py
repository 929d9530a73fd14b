"""Importing mobility records from an Excel workbook (.xlsx) or a CSV file laid out like the template.

`parse` reads and validates every row before anything is saved and answers (records, errors): unsaved
`Mobility` objects, and for each bad row its number in the spreadsheet (the header is row 1), the column and
the message, in the active language. The page saves only a file without errors, all rows at once
(`services.import_mobilities`). Between the preview and the saving the rows travel signed (`sign`/`unsign`),
and are validated again when saved.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networkhub import imports, spreadsheets
from networkhub.imports import Problem
from partners.models import Organisation
from partners.queries import current_members

from .models import MAX_PARTICIPANTS, Direction, Mobility, ParticipantType

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000

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


def template_rows():
    """The example rows of the downloadable template (the header comes from COLUMNS)."""
    return [
        ["outgoing", "students", 3, "", "Berufskolleg Bremen", "DE", date(2026, 3, 2), date(2026, 3, 27), "no"],
        ["incoming", "staff", 1, "Escola Profissional de Lisboa", "", "PT", date(2026, 4, 13), date(2026, 4, 17), "no"],
    ]


def _organisation(value, members):
    """(member organisation or None, outside name): a name or business ID of a member, else an outside name."""
    text = imports.text(value)
    return members.get(text.lower()), "" if text.lower() in members else text[:200]


def check_file(upload):
    """Raise ValidationError unless the upload is a spreadsheet of an acceptable size and type."""
    imports.check_file(upload, max_bytes=MAX_BYTES)


def parse(upload, project, *, own=None):
    """(values, errors): each good row's values (plain JSON, see `build`) and each bad one's
    (row number, column label, message). `own`: the pks of a partner's own organisations, None for a coordinator."""
    _title, rows = imports.read_tables(upload)[0]
    members = _members(project)
    values, errors = [], []
    for number, cells in imports.table_rows(rows, COLUMNS, max_rows=MAX_ROWS):
        row_values, row_errors = _row(cells, members, project, own)
        errors.extend((number, label, message) for label, message in row_errors)
        if not row_errors:
            values.append(row_values)
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
        "direction": lambda v, c: imports.read_choice(v, Direction, c),
        "participant_type": lambda v, c: imports.read_choice(v, ParticipantType, c),
        "participants": lambda v, c: imports.read_count(v, c, low=1, high=MAX_PARTICIPANTS),
        "country": imports.read_country,
        "start_date": imports.read_date,
        "end_date": imports.read_date,
        "newcomer_first": imports.read_yes_no,
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
    return imports.sign(values, _salt(project, user))


def unsign(token, project, user):
    """The rows signed for this project and user within the last hour, else None."""
    return imports.unsign(token, _salt(project, user))


def template_response(language):
    header = [key for key, _label in COLUMNS]
    return spreadsheets.xlsx_response(
        "mobility-template.xlsx", title=_("Mobility"), header=header, rows=template_rows(), language=language
    )
