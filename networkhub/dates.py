"""Dates for people and day boundaries for queries: the one way each (issue 18, "One way each").

- `short_date(value)`: a date, or an aware datetime's date in the active time zone, in the active language's
  SHORT_DATE_FORMAT ("1.8.2026" in Finnish); None gives "".
- `local_date(value)`: the day a date or datetime falls on in the active time zone (None stays None).
- `start_of_day(day)` / `start_of_day_after(day)`: the first instant of `day` / of the day after it in the
  active time zone (by default the site's, Europe/Helsinki): "up to and including `day`" is `< start_of_day_after(day)`.
- `morning(day)`: the instant reminders fall due on `day`, at settings.REMINDER_HOUR in the active time zone.

The kernel: this module imports only Django and the standard library.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import formats, timezone


def local_date(value):
    """The date `value` falls on: a date as it is, an aware datetime's date in the active time zone.

    A naive datetime keeps its own date; None stays None."""
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def short_date(value):
    """`value` (a date or a datetime, see `local_date`) in the active language's short form; None or "" give ""."""
    if value is None or value == "":
        return ""
    return formats.date_format(local_date(value), "SHORT_DATE_FORMAT")


def _at(day, moment):
    return timezone.make_aware(datetime.combine(day, moment), timezone.get_current_timezone())


def start_of_day(day):
    """The first instant of the date `day` in the active time zone."""
    return _at(day, time.min)


def start_of_day_after(day):
    """The first instant after the date `day` in the active time zone: the exclusive end of a
    period that includes the whole of `day`."""
    return _at(day + timedelta(days=1), time.min)


def morning(day):
    """When a reminder for the date `day` falls due: settings.REMINDER_HOUR o'clock in the active time zone."""
    return _at(day, time(settings.REMINDER_HOUR))
