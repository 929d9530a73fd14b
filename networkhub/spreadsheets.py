"""What every spreadsheet export shares, whichever app writes it: CSV that spreadsheets set to Finnish open
in columns, and Excel workbooks (.xlsx) with real dates, both safe from formulas in user text."""

import csv
import tempfile
from datetime import date, datetime

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


def xlsx_response(filename, *, title, header, rows, language=None, widths=None):
    """An .xlsx attachment with one sheet: a bold header row, then `rows` (an iterable of lists of values:
    str, int, Decimal-free numbers, date, datetime or None). Written in openpyxl's write-only mode, row by
    row to a temporary file that spills to disk past a few megabytes, so memory stays flat however many
    rows; dates are real dates in the language's format, text is never a formula."""
    return xlsx_workbook_response(filename, sheets=[(title, header, rows, widths)], language=language)


def xlsx_workbook_response(filename, *, sheets, language=None):
    """An .xlsx attachment with a sheet for each (title, header, rows) or (title, header, rows, widths) of `sheets`,
    written as `xlsx_response`; `widths`, in characters, set the columns' widths in order."""
    day_format = date_format(language)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows, *rest in sheets:
        sheet = workbook.create_sheet(title=ILLEGAL_CHARACTERS_RE.sub("", str(title))[:31] or "Sheet")
        for number, width in enumerate((rest[0] if rest else None) or [], start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        heading = []
        for label in header:
            cell = WriteOnlyCell(sheet, value=str(label))
            cell.font = bold
            heading.append(cell)
        sheet.append(heading)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value, day_format) for value in row])
    out = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    workbook.save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
