"""What every spreadsheet export shares, whichever app writes it: CSV that spreadsheets set to Finnish open
in columns, and Excel workbooks (.xlsx) with real dates, both safe from formulas in user text."""

import csv
import tempfile
from datetime import date, datetime
from itertools import islice

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# Excel set to Finnish (or Swedish, German...) splits a CSV on semicolons, and reads it as UTF-8 only
# with a byte order mark; with commas it puts each whole line in the first column.
CSV_DELIMITER = ";"
CSV_BOM = "\ufeff"

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# How a date cell is shown (Excel applies the code as written, whatever the reader's locale).
_DATE_FORMATS = {"fi": "d.m.yyyy", "sv": "yyyy-mm-dd", "en": "dd/mm/yyyy"}

# Column widths (in characters) are measured on the header and the first rows, which are held back until
# the widths are set: a write-only sheet takes its column widths before its first row.
WIDTH_SAMPLE_ROWS = 500
MIN_WIDTH = 8
MAX_WIDTH = 60


def csv_cell(value):
    """No spreadsheet formulas from user text (CSV injection): a leading = + - @ is kept as text with an apostrophe.

    A phone number written +358 ... therefore appears as '+358 ..., which spreadsheets show as text instead of
    trying to calculate it.
    """
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_writer(out):
    """A csv writer for exports: semicolon-separated (write `CSV_BOM` first)."""
    return csv.writer(out, delimiter=CSV_DELIMITER)


def date_format(language=None):
    """The number format of date cells in `language` (the active one by default)."""
    return _DATE_FORMATS.get((language or get_language() or "fi")[:2], _DATE_FORMATS["fi"])


def _xlsx_cell(sheet, value, day_format):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))  # Excel has no time zones: local time
        cell.number_format = f"{day_format} hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = day_format
        return cell
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"  # text stays text: openpyxl would store a leading "=" as a formula
    return cell


def _shown_width(value, day_format):
    """About how many characters `value` takes once Excel shows it (dates in `day_format`, text's longest line)."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return _shown_width(value.date(), day_format) + len(" 23:45")
    if isinstance(value, date):
        return max(len(day_format), len("31.12.2027"))  # every day format shows at most 10 characters
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(header, rows, day_format):
    """The width of each column from its longest value among `header` and `rows`, between MIN_WIDTH and MAX_WIDTH,
    plus room for the filter button and padding."""
    widths = [_shown_width(str(label), day_format) for label in header]
    for row in rows:
        for index, value in enumerate(row):
            if index >= len(widths):
                widths.append(0)
            widths[index] = max(widths[index], _shown_width(value, day_format))
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]


def xlsx_response(filename, *, title, header, rows, language=None, widths=None):
    """An .xlsx attachment with one sheet: a bold header row, then `rows` (an iterable of lists of values:
    str, int, Decimal-free numbers, date, datetime or None). Written in openpyxl's write-only mode, row by
    row to a temporary file that spills to disk past a few megabytes, so memory stays flat however many
    rows; dates are real dates in the language's format, text is never a formula. Each column is as wide
    as its content (measured on the header and the first WIDTH_SAMPLE_ROWS rows) and the header row is
    frozen, so it stays in view while scrolling. `widths`, in characters, set the columns' widths instead."""
    return xlsx_workbook_response(filename, sheets=[(title, header, rows, widths)], language=language)


def xlsx_workbook_response(filename, *, sheets, language=None):
    """An .xlsx attachment with a sheet for each (title, header, rows) or (title, header, rows, widths) of `sheets`,
    written as `xlsx_response`; `widths`, in characters, set the columns' widths in order."""
    day_format = date_format(language)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows, *rest in sheets:
        sheet = workbook.create_sheet(title=ILLEGAL_CHARACTERS_RE.sub("", str(title))[:31] or "Sheet")
        rows = iter(rows)
        sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
        widths = (rest[0] if rest else None) or column_widths(header, sample, day_format)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        heading = []
        for label in header:
            cell = WriteOnlyCell(sheet, value=str(label))
            cell.font = bold
            heading.append(cell)
        sheet.append(heading)
        for row in sample:
            sheet.append([_xlsx_cell(sheet, value, day_format) for value in row])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value, day_format) for value in row])
    out = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    workbook.save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
