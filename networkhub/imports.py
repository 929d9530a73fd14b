"""What every spreadsheet import shares, whichever app reads it: Excel workbooks (.xlsx) and CSV files laid out like
a template the page offers, read row by row into plain values with each bad cell named in the user's language.

An importing app describes each table as a list of (key, label) columns: the header row may name a column by its
key or by its label in any of the app's languages. `read_tables` yields each table of a workbook (one per sheet)
or CSV file; `table_rows` checks its header and yields (row number, {key: cell}) for each non-empty row, the
header being row 1. The `read_*` functions turn one cell into a value or raise `Problem(column, message)`.
Between a preview and the saving, an import's values travel signed (`sign`/`unsign`) and are checked again.
"""

import csv
import io
import re
from datetime import date, datetime, time

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from openpyxl import load_workbook

from . import uploads

LANGUAGES = ("fi", "sv", "en")
EXTENSIONS = ("xlsx", "csv")
YES = {"yes", "y", "x", "1", "true", "kyllä", "k", "ja", "j"}
NO = {"", "no", "n", "0", "false", "ei", "e", "nej"}
# What a broken file raises while it is read.
READ_ERRORS = (UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError, EOFError)


class Problem(Exception):
    """A cell that cannot be read: its column's key and the message in the active language."""

    def __init__(self, column, message):
        super().__init__(message)
        self.column, self.message = column, message


def unreadable():
    return ValidationError(_("The file could not be read as a spreadsheet."))


def check_file(upload, *, max_bytes, extensions=EXTENSIONS):
    """Raise ValidationError unless the upload is a spreadsheet of an acceptable size and type."""
    uploads.check_upload(upload, max_bytes=max_bytes, extensions=extensions)


def extension(upload):
    return upload.name.rsplit(".", 1)[-1].lower()


def _csv_rows(upload):
    text = upload.read().decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    yield from csv.reader(io.StringIO(text), delimiter=";" if first.count(";") >= first.count(",") else ",")


def read_tables(upload):
    """[(title, rows)]: each sheet of a workbook, or the one table of a CSV file (titled by its file name); rows is
    a list of tuples of cell values. ValidationError if the file cannot be read."""
    try:
        if extension(upload) == "xlsx":
            workbook = load_workbook(upload, read_only=True, data_only=True)
            try:
                return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in workbook.worksheets]
            finally:
                workbook.close()
        return [(upload.name.rsplit(".", 1)[0], list(_csv_rows(upload)))]
    except READ_ERRORS as failure:
        raise unreadable() from failure


def label_names(columns):
    """{lower-case name: key}: each column's key and its label in every language."""
    names = {}
    for key, label in columns:
        names[key] = key
        for language in LANGUAGES:
            with translation.override(language):
                names[str(label).lower()] = key
    return names


def header_keys(header, columns):
    names = label_names(columns)
    return [names.get(str(cell or "").strip().lower()) for cell in header]


def missing_columns(header, columns, required=None):
    """The labels of the required columns (all by default) the header does not name."""
    keys = set(header_keys(header, columns))
    required = [key for key, _label in columns] if required is None else required
    labels = dict(columns)
    return [str(labels[key]) for key in required if key not in keys]


def table_rows(rows, columns, *, max_rows, required=None):
    """[(row number, {key: cell})] for each non-empty row under the header. ValidationError if the header lacks a
    required column (all by default) or there are more than `max_rows` rows."""
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        raise ValidationError(_("The file has no rows."))
    missing = missing_columns(header, columns, required)
    if missing:
        raise ValidationError(
            _("The first row must name the template's columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    keys = header_keys(header, columns)
    result = []
    for number, row in enumerate(rows, start=2):
        cells = dict(zip(keys, row, strict=False))
        cells.pop(None, None)
        if not any(str(cell if cell is not None else "").strip() for cell in cells.values()):
            continue
        if len(result) >= max_rows:
            raise ValidationError(
                ngettext(
                    "At most %(rows)s row can be imported at once.",
                    "At most %(rows)s rows can be imported at once.",
                    max_rows,
                )
                % {"rows": max_rows}
            )
        result.append((number, cells))
    return result


# --- Reading one cell ------------------------------------------------------------------------


def text(value):
    """A cell as one line of text, runs of white space made single."""
    return " ".join(str(value if value is not None else "").split())


def read_text(value, column, *, max_length, required=True):
    value = text(value)
    if required and not value:
        raise Problem(column, _("This column is required."))
    if len(value) > max_length:
        raise Problem(column, _("Write at most %(limit)s characters.") % {"limit": max_length})
    return value


def read_email(value, column, *, required=True):
    value = text(value).lower()
    if not value and not required:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise Problem(column, _("“%(value)s” is not an e-mail address.") % {"value": value}) from None
    return value


def read_choice(value, enum, column, *, default=None):
    """A TextChoices member's value, named by its value or its label in any language."""
    given = text(value).lower()
    if not given and default is not None:
        return default
    for member in enum:
        names = {member.value}
        for language in LANGUAGES:
            with translation.override(language):
                names.add(str(member.label).lower())
        if given in names:
            return member.value
    raise Problem(
        column,
        _("“%(value)s” is not one of: %(choices)s.")
        % {"value": value or "", "choices": ", ".join(f"{m.value} ({m.label})" for m in enum)},
    )


def read_date(value, column, *, required=True):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    given = text(value)
    if not given:
        if required:
            raise Problem(column, _("A date is required."))
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(given, pattern).date()
        except ValueError:
            continue
    raise Problem(column, _("“%(value)s” is not a date (write e.g. 31.12.2026 or 2026-12-31).") % {"value": given})


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?$")


def read_time(value, column):
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    match = _TIME.match(text(value))
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return time(int(match[1]), int(match[2]))
    raise Problem(column, _("“%(value)s” is not a time of day (write e.g. 14:30).") % {"value": text(value)})


def read_count(value, column, *, low, high):
    """A whole number from `low` to `high`."""
    given = text(value)
    try:
        number = float(given.replace(",", "."))
    except ValueError:
        number = None
    if number is None or not number.is_integer() or not low <= number <= high:
        raise Problem(column, _("Write a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
    return int(number)


def read_country(value, column, *, default=""):
    given = text(value)
    if not given and default:
        return default
    code = countries.alpha2(given) if len(given) == 2 else ""
    if not code and given:
        for language in LANGUAGES:
            code = countries.by_name(given, language=language)
            if code:
                break
    if not code:
        raise Problem(column, _("“%(value)s” is not a country: write its two-letter code, e.g. DE.") % {"value": given})
    return code


def read_yes_no(value, column):
    given = text(value).lower()
    if given in YES or value is True:
        return True
    if given in NO or value is False:
        return False
    raise Problem(column, _("Write yes or no."))


# --- The values between the preview and the saving ---------------------------------------------


def sign(values, salt):
    return signing.dumps(values, salt=salt, compress=True)


def unsign(token, salt, max_age=3600):
    """The values signed with `salt` within `max_age` seconds, else None."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
