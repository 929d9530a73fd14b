import datetime as dt

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import times
from meetings.models import PollAnswerChoice, TimePoll
from projects.forms import DateField

from .fields import TimeInput, TimeZoneField, WallClockField, to_instant
from .meetings import ContactChoiceField


class PollForm(forms.ModelForm):
    deadline = WallClockField(label=_("Reply by"), help_text=_("In the poll's time zone."))
    time_zone = TimeZoneField()
    contacts = ContactChoiceField(label=_("Ask"), queryset=None)

    class Meta:
        model = TimePoll
        fields = ["title", "meeting_type", "description", "location", "video_link", "time_zone", "members_see_answers"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    field_order = ["title", "meeting_type", "deadline", "time_zone", "location", "video_link", "description"]

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].offer(self.instance)
        self.fields["contacts"].queryset = contacts
        if not self.is_bound:
            self.initial["contacts"] = [contact.pk for contact in contacts]

    def clean(self):
        cleaned = super().clean()
        deadline = to_instant(self, "deadline", cleaned.get("deadline"), cleaned.get("time_zone"))
        if deadline is not None:
            if deadline <= timezone.now():
                self.add_error("deadline", _("The reply deadline must be in the future."))
            else:
                self.instance.deadline = deadline
        return cleaned


class SlotForm(forms.Form):
    """A proposed time: a date and a start and end time, in the poll's zone."""

    date = DateField(label=_("Date"), required=False)
    start_time = forms.TimeField(label=_("From"), widget=TimeInput(), required=False)
    end_time = forms.TimeField(label=_("To"), widget=TimeInput(), required=False)

    def __init__(self, *args, zone_name=times.DEFAULT_TIME_ZONE, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone_name = zone_name
        self.instants = None

    def clean(self):
        cleaned = super().clean()
        day, start_time, end_time = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if not (day and start_time and end_time):
            for name in ("date", "start_time", "end_time"):
                if any((day, start_time, end_time)) and not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Give the date and both times, or leave the row empty."))
            return cleaned
        if end_time <= start_time:
            self.add_error("end_time", _("The time must end after it starts."))
            return cleaned
        start = to_instant(self, "start_time", dt.datetime.combine(day, start_time), self.zone_name)
        end = to_instant(self, "end_time", dt.datetime.combine(day, end_time), self.zone_name)
        if start and start <= timezone.now():
            self.add_error("date", _("This time is in the past. Propose a time in the future."))
        elif start and end:
            self.instants = (start, end)
        return cleaned


class BaseSlotFormSet(BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.slots():
            raise forms.ValidationError(_("Propose at least one time."))

    def slots(self):
        return [form.instants for form in self.forms if form.instants]


SlotFormSet = formset_factory(SlotForm, formset=BaseSlotFormSet, extra=5)


class PollAnswerForm(forms.Form):
    """One answer (and an optional comment) per proposed time."""

    def __init__(self, *args, slots, answers=None, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        answers = answers or {}
        for slot in slots:
            given = answers.get(slot.pk)
            self.fields[f"answer_{slot.pk}"] = forms.ChoiceField(
                label=" ".join(
                    part
                    for part in (
                        times.format_range(slot.start, slot.end, slot.poll.time_zone),
                        times.in_your_zone(slot.start, slot.end, slot.poll.time_zone, viewer),
                    )
                    if part
                ),
                choices=PollAnswerChoice.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=given.answer if given else None,
            )
            self.fields[f"comment_{slot.pk}"] = forms.CharField(
                label=_("Comment"), max_length=300, required=False, initial=given.comment if given else ""
            )

    def rows(self):
        for slot in self.slots:
            yield slot, self[f"answer_{slot.pk}"], self[f"comment_{slot.pk}"]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"answer_{slot.pk}") for slot in self.slots):
            raise forms.ValidationError(_("Answer at least one of the proposed times."))
        return cleaned

    def answers(self):
        return {
            slot.pk: (self.cleaned_data[f"answer_{slot.pk}"], self.cleaned_data[f"comment_{slot.pk}"])
            for slot in self.slots
            if self.cleaned_data.get(f"answer_{slot.pk}")
        }
