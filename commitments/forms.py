from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from goals.queries import project_goals
from partners.models import ContactPerson
from projects.forms import DateField, DateInput

from .models import CommitmentSettings, LetterVersion, NetworkRules, Task


class RulesForm(forms.ModelForm):
    class Meta:
        model = NetworkRules
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}


class SigningSettingsForm(forms.ModelForm):
    class Meta:
        model = CommitmentSettings
        fields = ["signing_order"]
        widgets = {"signing_order": forms.RadioSelect}


class LetterForm(forms.ModelForm):
    class Meta:
        model = LetterVersion
        fields = [
            "language",
            "contact",
            "management_name",
            "management_title",
            "management_email",
            "contribution_eur",
            "contribution_note",
            "period_start",
            "period_end",
            "additional_terms",
        ]
        field_classes = {"period_start": DateField, "period_end": DateField}
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "additional_terms": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "contact": _("Confirms the tasks and the network rules."),
            "management_name": _("Rector, CEO or another person authorised to commit the organisation."),
        }

    def __init__(self, *args, organisation, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = ContactPerson.objects.visible_to(project).filter(organisation=organisation)


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "description", "responsible", "effort", "deadline", "goal", "order"]
        field_classes = {"deadline": DateField}
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "deadline": DateInput()}


class BaseTaskFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, organisation, project, **kwargs):
        self.organisation, self.project = organisation, project
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["responsible"].queryset = ContactPerson.objects.visible_to(self.project).filter(
            organisation=self.organisation
        )
        form.fields["goal"].queryset = project_goals(self.project)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["responsible"].queryset = ContactPerson.objects.visible_to(self.project).filter(
            organisation=self.organisation
        )
        form.fields["goal"].queryset = project_goals(self.project)
        return form


TaskFormSet = inlineformset_factory(
    LetterVersion, Task, form=TaskForm, formset=BaseTaskFormSet, extra=2, can_delete=True
)


class SignForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    title = forms.CharField(label=_("Your title"), max_length=200)
    consent = forms.BooleanField(required=True)

    def __init__(self, *args, consent_text, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text
        self.fields["consent"].error_messages["required"] = _("Tick the box to sign.")


class DeclineForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    reason = forms.CharField(
        label=_("Why do you decline?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The coordinator reads this and can send a corrected letter."),
    )


class DelegateForm(forms.Form):
    name = forms.CharField(label=_("Deputy's name"), max_length=200)
    title = forms.CharField(label=_("Deputy's title"), max_length=200)
    email = forms.EmailField(label=_("Deputy's e-mail address"))
