"""Form fields for wall-clock times in a chosen IANA zone."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import times
from projects.forms import validate_date_in_range


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class WallClockField(forms.DateTimeField):
    """A date and time as typed, without a zone: the form turns it into an instant in the chosen zone."""

    widget = DateTimeLocalInput
    default_validators = [validate_date_in_range]  # year 1 or 9999 would overflow in make_aware

    def to_python(self, value):
        with timezone.override(dt.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result

    def prepare_value(self, value):
        return value


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault("initial", times.DEFAULT_TIME_ZONE)
        super().__init__(choices=times.time_zone_choices, **kwargs)


NONEXISTENT = _("This time does not exist in %(zone)s: the clocks skip it for daylight saving time.")


def to_instant(form, field, naive, zone_name):
    """The instant of the typed wall-clock time, or None with an error at the field."""
    if naive is None or not zone_name:
        return None
    try:
        return times.make_aware(naive, zone_name)
    except times.NonexistentTime:
        form.add_error(field, ValidationError(NONEXISTENT, code="nonexistent_time", params={"zone": zone_name}))
        return None


def submitted_zone(data, field="time_zone"):
    """The zone typed into a bound form, if valid: other forms on the same page interpret times in it."""
    name = (data or {}).get(field) or times.DEFAULT_TIME_ZONE
    try:
        times.validate_time_zone(name)
    except ValidationError:
        return times.DEFAULT_TIME_ZONE
    return name
