"""Meeting times: stored in UTC, entered and shown as wall-clock time in the meeting's IANA zone.

Wall-clock times are turned into instants here and nowhere else, so that the daylight saving
changes (in Helsinki the last Sundays of March and October) come out the same in forms, pages,
e-mails and calendar files.
"""

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import dateformat, formats, timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Europe/Helsinki"


def zone(name):
    return ZoneInfo(name or DEFAULT_TIME_ZONE)


def validate_time_zone(value):
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Use a name such as Europe/Helsinki."),
            code="invalid_time_zone",
            params={"value": value},
        ) from None


class NonexistentTime(ValueError):
    """The wall-clock time is skipped by a daylight saving change (e.g. 03:30 on the last Sunday of March)."""


def make_aware(naive, zone_name):
    """The instant of wall-clock time `naive` in `zone_name`. Refuses a time that the clocks skip.

    In the autumn hour that occurs twice, the first (summer time) occurrence is meant.
    """
    tz = zone(zone_name)
    aware = naive.replace(tzinfo=tz, fold=0)
    if aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise NonexistentTime(naive)
    return aware


def wall_clock(value, zone_name):
    """The naive wall-clock time of the instant `value` in `zone_name` (for form fields)."""
    return value.astimezone(zone(zone_name)).replace(tzinfo=None) if value else None


def utc_offset(value):
    offset = value.utcoffset() or dt.timedelta(0)
    sign = "+" if offset >= dt.timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_range(start, end, zone_name, *, with_zone=True):
    """E.g. "maanantai 30. maaliskuuta 2026 10.00–12.00 (Europe/Helsinki, UTC+03:00)", in the active language."""
    tz = zone(zone_name)
    start, end = start.astimezone(tz), end.astimezone(tz)
    first = f"{_day(start)} {formats.time_format(start, 'TIME_FORMAT')}"
    if start.date() == end.date():
        last = formats.time_format(end, "TIME_FORMAT")
    else:
        last = f"{_day(end)} {formats.time_format(end, 'TIME_FORMAT')}"
    return f"{first}–{last} ({zone_name}, {utc_offset(start)})" if with_zone else f"{first}–{last}"


def _day(value):
    """Weekday and date, spelled out so that 3/4 cannot be misread: "Monday March 30, 2026"."""
    return f"{dateformat.format(value, 'l')} {formats.date_format(value, 'DATE_FORMAT')}"


def viewer_zone_name(viewer=None):
    """The viewer's zone: `viewer` when known (a contact's preference on link pages and e-mails), else the
    active zone (the site's, Europe/Helsinki, for signed-in users)."""
    return viewer or timezone.get_current_timezone_name() or settings.TIME_ZONE


def format_for_viewer(start, end, zone_name, viewer=None):
    """The range in the meeting's zone and, when the viewer's zone differs, in the viewer's zone too."""
    shown = [format_range(start, end, zone_name)]
    viewer = viewer_zone_name(viewer)
    if viewer != zone_name:
        shown.append(format_range(start, end, viewer))
    return shown


def in_your_zone(start, end, zone_name, viewer):
    """E.g. "(14.00–16.00 in your time zone, Europe/Berlin)", or "" when the viewer's zone is the meeting's."""
    if not viewer or viewer == zone_name:
        return ""
    try:
        validate_time_zone(viewer)
    except ValidationError:
        return ""
    tz = zone(viewer)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() == start.astimezone(zone(zone_name)).date() == local_end.date():
        # The same day as the meeting's date: the clock times are enough.
        local = f"{formats.time_format(local_start, 'TIME_FORMAT')}–{formats.time_format(local_end, 'TIME_FORMAT')}"
    else:
        local = format_range(start, end, viewer, with_zone=False)
    return _("(%(time)s in your time zone, %(zone)s)") % {"time": local, "zone": viewer}
