"""networkhub.dates: the one way to show a short date and to find a day's boundaries (issue 18, "One way each").

Dates are built from the clock (time_machine pins it where a test needs a particular day), including the days in
Europe/Helsinki when daylight-saving time starts (a 23-hour day) and ends (a 25-hour day)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings
from django.utils import timezone, translation

from networkhub.dates import local_date, morning, short_date, start_of_day, start_of_day_after

HELSINKI = ZoneInfo("Europe/Helsinki")
# The last Sundays of March and October 2027 and 2026: Helsinki moves from +02:00 to +03:00 at 03:00 on the
# first, and back at 04:00 on the second.
SPRING_FORWARD = datetime(2027, 3, 28, 12, tzinfo=HELSINKI)
FALL_BACK = datetime(2026, 10, 25, 12, tzinfo=HELSINKI)


def _elapsed(start, end):
    """Real time between two instants (subtracting datetimes of one zone would give the wall-clock difference)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def _finnish(day):
    return f"{day.day}.{day.month}.{day.year}"


def test_a_day_runs_from_its_start_to_the_start_of_the_next_whatever_the_clock():
    now = timezone.now()
    today = timezone.localdate()
    assert start_of_day(today) <= now < start_of_day_after(today)
    assert start_of_day_after(today) == start_of_day(today + timedelta(days=1))
    assert timezone.localtime(start_of_day(today)).time().hour == 0
    assert local_date(start_of_day_after(today) - timedelta(microseconds=1)) == today


def test_short_date_of_a_date_follows_the_active_language():
    today = timezone.localdate()
    with translation.override("fi"):
        assert short_date(today) == _finnish(today)
    with translation.override("en"):
        assert short_date(today) == f"{today.day:02}/{today.month:02}/{today.year}"
    with translation.override("sv"):
        assert short_date(today) == today.isoformat()


def test_short_date_of_an_instant_is_its_local_date():
    with time_machine.travel(SPRING_FORWARD.replace(hour=0, minute=30), tick=False):
        now = timezone.now()  # 22.30 UTC the evening before: already the next day in Helsinki
        assert now.astimezone(UTC).date() == SPRING_FORWARD.date() - timedelta(days=1)
        with translation.override("fi"):
            assert short_date(now) == _finnish(SPRING_FORWARD.date())
            assert short_date(now.astimezone(UTC)) == _finnish(SPRING_FORWARD.date())
            with timezone.override("UTC"):
                assert short_date(now) == _finnish(SPRING_FORWARD.date() - timedelta(days=1))


def test_nothing_shows_as_nothing():
    assert short_date(None) == ""
    assert short_date("") == ""
    assert local_date(None) is None


def test_local_date_keeps_a_date_and_a_naive_datetime_s_own_day():
    today = timezone.localdate()
    assert local_date(today) == today
    naive = datetime.combine(today, datetime.max.time())
    assert local_date(naive) == today


def test_the_day_daylight_saving_starts_has_23_hours():
    with time_machine.travel(SPRING_FORWARD, tick=False):
        today = timezone.localdate()
        start, end = start_of_day(today), start_of_day_after(today)
        assert start.utcoffset() == timedelta(hours=2)
        assert end.utcoffset() == timedelta(hours=3)
        assert _elapsed(start, end) == timedelta(hours=23)
        assert start <= timezone.now() < end
        assert start.astimezone(UTC) == datetime(today.year, today.month, today.day, tzinfo=UTC) - timedelta(hours=2)


def test_the_day_daylight_saving_ends_has_25_hours():
    with time_machine.travel(FALL_BACK, tick=False):
        today = timezone.localdate()
        start, end = start_of_day(today), start_of_day_after(today)
        assert start.utcoffset() == timedelta(hours=3)
        assert end.utcoffset() == timedelta(hours=2)
        assert _elapsed(start, end) == timedelta(hours=25)
        assert start <= timezone.now() < end


def test_day_boundaries_follow_the_active_time_zone():
    today = timezone.localdate()
    with timezone.override("UTC"):
        assert start_of_day(today) == datetime(today.year, today.month, today.day, tzinfo=UTC)
        assert start_of_day_after(today) == datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(days=1)


@override_settings(REMINDER_HOUR=8)
def test_a_reminder_morning_is_the_reminder_hour_local_time_also_on_daylight_saving_days():
    for moment in (SPRING_FORWARD, FALL_BACK):
        with time_machine.travel(moment, tick=False):
            today = timezone.localdate()
            before, on, after = (morning(today + timedelta(days=days)) for days in (-1, 0, 1))
            assert [timezone.localtime(at).hour for at in (before, on, after)] == [8, 8, 8]
            assert [local_date(at) for at in (before, on, after)] == [
                today - timedelta(days=1),
                today,
                today + timedelta(days=1),
            ]
            assert {_elapsed(on, after), _elapsed(before, on)} == {
                timedelta(hours=24),
                timedelta(hours=23 if moment is SPRING_FORWARD else 25),
            }
            assert start_of_day(today) < on < start_of_day_after(today)


@override_settings(REMINDER_HOUR=6)
def test_the_morning_follows_the_setting():
    today = timezone.localdate()
    assert timezone.localtime(morning(today)).hour == 6
    assert local_date(morning(today)) == today
