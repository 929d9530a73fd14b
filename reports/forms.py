from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from projects.forms import DateField, DateInput
from projects.models import Programme, ReportType

from .models import Report, ReportBudgetLine, ReportGoalEntry, ReportStatus


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = [
            "language",
            "period_start",
            "period_end",
            "summary",
            "what_worked",
            "challenges",
            "next_steps",
            "self_financing_actual_eur",
        ]
        field_classes = {"period_start": DateField, "period_end": DateField}
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in ("summary", "what_worked", "challenges", "next_steps")
            },
        }


class GoalEntryForm(forms.ModelForm):
    class Meta:
        model = ReportGoalEntry
        fields = ["actual", "activities", "results"]
        widgets = {"activities": forms.Textarea(attrs={"rows": 3}), "results": forms.Textarea(attrs={"rows": 3})}


GoalEntryFormSet = inlineformset_factory(Report, ReportGoalEntry, form=GoalEntryForm, extra=0, can_delete=False)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = ReportBudgetLine
        fields = ["planned_eur", "actual_eur"]


BudgetFormSet = inlineformset_factory(Report, ReportBudgetLine, form=BudgetLineForm, extra=0, can_delete=False)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class QueueFilterForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None, required=False)
    report_type = forms.ChoiceField(label=_("Report type"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("code")
        self.fields["report_type"].choices = [("", _("All"))] + ReportType.choices
        self.fields["status"].choices = [("", _("All"))] + [
            choice for choice in ReportStatus.choices if choice[0] != ReportStatus.DRAFT
        ]
