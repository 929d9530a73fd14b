from django import forms
from django.forms import inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from meetings.models import ActionItem, ActionItemStatus, AgendaItem, Decision, Meeting, Minutes
from partners.models import ContactPerson, Organisation
from projects.forms import DateField, DateInput


class MinutesForm(forms.ModelForm):
    correction_note = forms.CharField(
        label=_("What did you correct?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The minutes are published: the members get this note by e-mail with the corrected minutes."),
    )

    class Meta:
        model = Minutes
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_published:
            del self.fields["correction_note"]

    def clean_correction_note(self):
        note = self.cleaned_data["correction_note"].strip()
        if not note:
            raise forms.ValidationError(_("Say what you corrected: the members are told of every change."))
        return note


AgendaNotesFormSet = modelformset_factory(
    AgendaItem, fields=["minutes_notes"], extra=0, widgets={"minutes_notes": forms.Textarea(attrs={"rows": 3})}
)

DecisionFormSet = inlineformset_factory(
    Meeting,
    Decision,
    fields=["text"],
    extra=2,
    can_delete=True,
    widgets={"text": forms.Textarea(attrs={"rows": 2})},
)


class OwnerContactField(forms.ModelChoiceField):
    def label_from_instance(self, contact):
        return f"{contact.name} ({contact.organisation.name})"


class ActionItemForm(forms.ModelForm):
    owner_contact = OwnerContactField(
        label=_("Responsible person"), queryset=ContactPerson.objects.none(), required=False
    )

    class Meta:
        model = ActionItem
        fields = ["title", "owner_organisation", "owner_contact", "due_date", "status"]
        field_classes = {"due_date": DateField}
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, organisations=None, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["owner_organisation"].queryset = organisations
        if contacts is not None:
            self.fields["owner_contact"].queryset = contacts


ActionItemFormSet = inlineformset_factory(
    Meeting, ActionItem, fk_name="meeting", form=ActionItemForm, extra=2, can_delete=True
)


class ActionItemFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *ActionItemStatus.choices], required=False)
    organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All organisations"),
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def filter(self, items):
        if not self.is_valid():
            return items
        data = self.cleaned_data
        if data["status"]:
            items = items.filter(status=data["status"])
        if data["organisation"]:
            items = items.filter(owner_organisation=data["organisation"])
        if data["overdue"]:
            items = items.overdue()
        return items
