from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from .models import Goal, Project


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "acronym",
            "programme",
            "case_number",
            "status",
            "application_date",
            "start_date",
            "end_date",
            "grant_eur",
            "self_financing_eur",
            "description",
        ]
        widgets = {
            "application_date": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "indicator", "target", "unit", "order"]


GoalFormSet = inlineformset_factory(Project, Goal, form=GoalForm, extra=2, can_delete=True)


class AddCoordinatorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the coordinator"))
