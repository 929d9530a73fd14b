import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from networkhub.dates import short_date

from .models import Project

# Dates anyone means here. Outside them a date is a typo (year 1, 9999), and the year 1 or
# 9999 overflows when a time is turned into an instant or a day is added to it.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def validate_date_in_range(value):
    """For every date and date-time field: the date (of a date-time, as typed) within 2000-2100."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": short_date(EARLIEST_DATE),
                "latest": short_date(LATEST_DATE),
            },
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateField(forms.DateField):
    """A date field with the date picker, refusing dates outside 2000-2100. Model forms use it through
    Meta.field_classes."""

    widget = DateInput
    default_validators = [validate_date_in_range]


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "acronym",
            "programme",
            "case_number",
            "region",
            "status",
            "application_date",
            "start_date",
            "end_date",
            "grant_eur",
            "self_financing_eur",
            "description",
            "review_interval_months",
            "require_two_factor",
        ]
        field_classes = dict.fromkeys(["application_date", "start_date", "end_date"], DateField)
        widgets = {
            "application_date": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }


class AddCoordinatorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the coordinator"))
