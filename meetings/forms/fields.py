"""Form fields for wall-clock times in a chosen IANA zone."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import times
from networkhub import zones
from partners.models import ContactPerson, Organisation
from partners.queries import current_members
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
    """A select of zones with their names in the active language; `offer` puts the project's zones first."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault("initial", times.DEFAULT_TIME_ZONE)
        super().__init__(choices=zones.grouped_choices, **kwargs)

    def offer(self, instance):
        """The zones of the project's members first, then the rest; a stored alias stays offered when editing."""
        first = project_zones(instance.project) if instance.project_id else set()
        self.choices = zones.grouped_choices(first, extra=[instance.time_zone] if instance.pk else ())


def project_zones(project):
    """The zones the project's current members live in: their contacts' preferences and their countries' zones."""
    organisations = current_members(project).values("organisation_id")
    preferred = ContactPerson.objects.filter(organisation__in=organisations).values_list("time_zone", flat=True)
    countries = Organisation.objects.filter(pk__in=organisations).values_list("country", flat=True).distinct()
    found = set(preferred.distinct())
    for country in countries:
        found.update(zones.zones_of_country(country))
    return found


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
