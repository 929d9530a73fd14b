"""English pages write dates day first, as in Europe (issue 13, "Languages and formats")."""

from datetime import date, datetime

from django.utils import formats, translation


def test_english_dates_are_day_first_with_a_24_hour_clock():
    with translation.override("en"):
        assert formats.date_format(date(2026, 8, 1), "SHORT_DATE_FORMAT") == "01/08/2026"
        assert formats.date_format(date(2026, 8, 1)) == "1 August 2026"
        assert formats.date_format(datetime(2026, 8, 1, 14, 30), "SHORT_DATETIME_FORMAT") == "01/08/2026 14:30"


def test_finnish_and_swedish_keep_their_own_formats():
    with translation.override("fi"):
        assert formats.date_format(date(2026, 8, 1), "SHORT_DATE_FORMAT") == "1.8.2026"
    with translation.override("sv"):
        assert formats.date_format(date(2026, 8, 1), "SHORT_DATE_FORMAT") == "2026-08-01"
