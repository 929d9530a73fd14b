"""Issue 23, "Exports": every .xlsx sets its column widths from its content and freezes the header row, so a
timestamp column never shows ##### and the header stays in view while scrolling."""

import io
from datetime import datetime

from django.utils import timezone
from openpyxl import load_workbook

from networkhub.spreadsheets import MAX_WIDTH, MIN_WIDTH, WIDTH_SAMPLE_ROWS, xlsx_response, xlsx_workbook_response


def _sheets(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets


def test_columns_are_as_wide_as_their_content_and_the_header_row_is_frozen():
    submitted = timezone.make_aware(datetime(2027, 12, 31, 23, 45))
    long_name = "Pohjois-Pohjanmaan koulutuskuntayhtymä"
    response = xlsx_response(
        "queue.xlsx",
        title="Jono",
        header=["Nro", "Hanke", "Jätetty"],
        rows=[[1, "BRO", submitted], [2, long_name, None]],
        language="fi",
    )
    (sheet,) = _sheets(response)
    assert sheet.freeze_panes == "A2"
    widths = {column: sheet.column_dimensions[column].width for column in "ABC"}
    assert widths["A"] == MIN_WIDTH  # "Nro" and small numbers: the minimum
    assert widths["B"] == len(long_name) + 2
    # The timestamp shows as 31.12.2027 23:45: it needs at least 16 characters, or Excel shows #####.
    assert widths["C"] >= len("31.12.2027 23:45") + 1
    assert sheet["C2"].value == datetime(2027, 12, 31, 23, 45)  # the rows are all there, in order
    assert sheet["B3"].value == long_name


def test_a_very_long_text_is_capped_and_rows_past_the_sample_are_still_written():
    rows = [["x" * 500]] + [[f"rivi {index}"] for index in range(WIDTH_SAMPLE_ROWS + 10)]
    (sheet,) = _sheets(xlsx_response("long.xlsx", title="Pitkä", header=["Teksti"], rows=iter(rows)))
    assert sheet.column_dimensions["A"].width == MAX_WIDTH
    assert sheet.max_row == len(rows) + 1
    assert sheet.cell(row=sheet.max_row, column=1).value == f"rivi {WIDTH_SAMPLE_ROWS + 9}"


def test_every_sheet_of_a_workbook_is_laid_out():
    response = xlsx_workbook_response(
        "book.xlsx", sheets=[("Yksi", ["Organisaatio"], [["Koulu"]]), ("Kaksi", ["Päivä"], [[datetime(2027, 1, 31)]])]
    )
    for sheet in _sheets(response):
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= MIN_WIDTH + 2
