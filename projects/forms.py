import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from networkhub import uploads

from .models import DisseminationEvent, Output, Project

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
                "earliest": formats.date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
                "latest": formats.date_format(LATEST_DATE, "SHORT_DATE_FORMAT"),
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


class OutputForm(forms.ModelForm):
    """An output with an optional web address and an optional file (checked for size, type and content)."""

    upload = forms.FileField(label=_("File"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the stored file"), required=False)

    class Meta:
        model = Output
        fields = ["output_type", "title", "description", "url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content_type = ""
        extensions = uploads.known_extensions(settings.OUTPUT_FILE_EXTENSIONS)
        self.fields["upload"].help_text = _("At most %(size)s MB. Allowed types: %(types)s.") % {
            "size": settings.OUTPUT_FILE_MAX_BYTES // (1024 * 1024),
            "types": ", ".join(extensions),
        }
        self.fields["upload"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in extensions)
        if self.instance.file_name:
            self.fields["upload"].label = _("Replace the file %(name)s") % {"name": self.instance.file_name}
        else:
            del self.fields["remove_file"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.content_type = uploads.check_upload(
                upload, max_bytes=settings.OUTPUT_FILE_MAX_BYTES, extensions=settings.OUTPUT_FILE_EXTENSIONS
            )
        return upload


# A reach above this is a typing error, and it keeps the number inside a 32-bit column on every database
# (SQLite would store a larger one that PostgreSQL refuses).
MAX_REACH = 1_000_000_000


class DisseminationEventForm(forms.ModelForm):
    class Meta:
        model = DisseminationEvent
        fields = ["date", "channel", "audience", "reach", "url"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reach"].max_value = MAX_REACH
        self.fields["reach"].widget.attrs["max"] = MAX_REACH
        self.fields["reach"].validators.append(
            MaxValueValidator(MAX_REACH, message=_("The reach can be at most %(limit_value)s people."))
        )
