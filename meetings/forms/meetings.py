from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from meetings import attachments, times
from meetings.models import AgendaItem, AttendanceStatus, Meeting, MeetingSeries, MeetingType, Response
from meetings.models.meetings import validate_rrule

from .fields import TimeZoneField, WallClockField, to_instant


def meeting_type_field(form):
    """The same list in every form that asks for a meeting's type (meeting, series, time poll): no blank line."""
    field = form.fields["meeting_type"]
    field.choices = MeetingType.choices
    if not form.instance.pk and not form.is_bound:
        form.initial.setdefault("meeting_type", MeetingType.STEERING_GROUP)


class MeetingForm(forms.ModelForm):
    """Start and end are typed as wall-clock times in the meeting's own zone."""

    start = WallClockField(label=_("Starts"), help_text=_("In the meeting's time zone."))
    end = WallClockField(label=_("Ends"))
    time_zone = TimeZoneField()

    class Meta:
        model = Meeting
        fields = ["title", "meeting_type", "time_zone", "location", "video_link", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"video_link": _("Teams, Zoom or another address; it goes into the calendar invitation.")}

    field_order = ["title", "meeting_type", "start", "end", "time_zone", "location", "video_link", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting_type_field(self)
        self.fields["time_zone"].offer(self.instance)
        if self.instance.pk:
            self.initial["start"] = times.wall_clock(self.instance.start, self.instance.time_zone)
            self.initial["end"] = times.wall_clock(self.instance.end, self.instance.time_zone)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        start = to_instant(self, "start", cleaned.get("start"), zone_name)
        end = to_instant(self, "end", cleaned.get("end"), zone_name)
        if start and end:
            # Model.clean (run next) refuses an end that is not after the start, at the "end" field.
            self.instance.start, self.instance.end = start, end
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the invitees)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "duration_minutes", "presenter", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["presenter"].queryset = organisations


class BaseAgendaFormSet(BaseInlineFormSet):
    def save(self, commit=True):
        """Items keep the order in which they stand on the page."""
        super().save(commit=False)
        for item in self.deleted_objects:
            item.delete()
        kept = [
            form
            for form in self.forms
            if form not in self.deleted_forms and (form.instance.pk is not None or form.has_changed())
        ]
        for position, form in enumerate(kept):
            form.instance.order = position
            form.instance.save()
        return [form.instance for form in kept]


AgendaFormSet = inlineformset_factory(
    Meeting, AgendaItem, form=AgendaItemForm, formset=BaseAgendaFormSet, extra=3, can_delete=True
)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(size)s MB. Allowed types: %(types)s.") % {
            "size": settings.MEETING_ATTACHMENT_MAX_BYTES // (1024 * 1024),
            "types": ", ".join(attachments.allowed_extensions()),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in attachments.allowed_extensions())

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = attachments.check_upload(upload)
        return upload


class ContactChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, contact):
        return f"{contact.name} ({contact.organisation.name})"


class InviteForm(forms.Form):
    contacts = ContactChoiceField(label=_("Invite"), queryset=None)

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = contacts
        if not self.is_bound:
            self.initial["contacts"] = [contact.pk for contact in contacts]


class RSVPForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your reply"),
        choices=[
            (Response.YES, _("Yes, I will attend")),
            (Response.NO, _("No, I cannot attend")),
            (Response.MAYBE, _("Maybe")),
            (Response.PROXY, _("I send a proxy")),
        ],
        widget=forms.RadioSelect,
    )
    proxy_name = forms.CharField(
        label=_("Proxy's name"), max_length=200, required=False, help_text=_("If you send someone in your place.")
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("response") == Response.PROXY and not cleaned.get("proxy_name", "").strip():
            self.add_error("proxy_name", _("Give the name of the person who attends in your place."))
        return cleaned


class AttendanceForm(forms.Form):
    """One status (and proxy name) per person on the register."""

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        choices = [("", _("Not recorded")), *AttendanceStatus.choices]
        for contact, status, proxy_name in people:
            self.fields[f"status_{contact.pk}"] = forms.ChoiceField(
                label=contact.name, choices=choices, required=False, initial=status
            )
            self.fields[f"proxy_{contact.pk}"] = forms.CharField(
                label=_("Proxy for %(name)s") % {"name": contact.name},
                max_length=200,
                required=False,
                initial=proxy_name,
            )

    def rows(self):
        for contact, _status, _proxy in self.people:
            yield contact, self[f"status_{contact.pk}"], self[f"proxy_{contact.pk}"]

    def clean(self):
        cleaned = super().clean()
        for contact, _status, _proxy in self.people:
            if (
                cleaned.get(f"status_{contact.pk}") == AttendanceStatus.PROXY
                and not cleaned.get(f"proxy_{contact.pk}", "").strip()
            ):
                self.add_error(f"proxy_{contact.pk}", _("Give the name of the proxy."))
        return cleaned

    def entries(self):
        return [
            (contact, self.cleaned_data[f"status_{contact.pk}"], self.cleaned_data[f"proxy_{contact.pk}"])
            for contact, _status, _proxy in self.people
        ]


REPEAT_PRESETS = [
    ("FREQ=MONTHLY;INTERVAL=3", _("Every 3 months")),
    ("FREQ=MONTHLY", _("Every month")),
    ("first_weekday", _("The first of the starting weekday in each month (e.g. first Tuesday)")),
    ("FREQ=WEEKLY;INTERVAL=2", _("Every other week")),
    ("custom", _("Custom rule (RFC 5545 RRULE)")),
]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class SeriesForm(forms.ModelForm):
    first_start = WallClockField(label=_("First meeting starts"), help_text=_("In the series' time zone."))
    time_zone = TimeZoneField()
    repeat = forms.ChoiceField(label=_("Repeats"), choices=REPEAT_PRESETS)
    custom_rule = forms.CharField(
        label=_("Custom rule"),
        required=False,
        max_length=300,
        help_text=_("For example FREQ=MONTHLY;BYDAY=+1TU (the first Tuesday of each month)."),
    )

    class Meta:
        model = MeetingSeries
        fields = ["title", "meeting_type", "duration_minutes", "time_zone", "location", "video_link", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    field_order = ["title", "meeting_type", "first_start", "duration_minutes", "time_zone", "repeat", "custom_rule"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting_type_field(self)
        self.fields["time_zone"].offer(self.instance)

    def clean(self):
        cleaned = super().clean()
        first = to_instant(self, "first_start", cleaned.get("first_start"), cleaned.get("time_zone"))
        repeat = cleaned.get("repeat")
        if repeat == "custom":
            rule = cleaned.get("custom_rule", "").strip().upper()
            if not rule:
                self.add_error("custom_rule", _("Write the rule, or choose one of the ready-made ones."))
        elif repeat == "first_weekday" and cleaned.get("first_start"):
            rule = f"FREQ=MONTHLY;BYDAY=+1{WEEKDAYS[cleaned['first_start'].weekday()]}"
        else:
            rule = repeat or ""
        if rule:
            try:
                validate_rrule(rule)
            except ValidationError as error:
                self.add_error("custom_rule" if repeat == "custom" else "repeat", error)
        self.instance.rrule = rule
        if first:
            self.instance.first_start = first
        return cleaned
