from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from goals.models import Goal
from networkhub.models import Role
from projects.forms import DateField, DateInput
from projects.models import Programme, ReportType

from .models import BudgetCategory, Report, ReportBudgetLine, ReportGoalEntry, ReportStatus


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

    def save(self, commit=True):
        """Write the form's own fields only: an edit of a draft never changes its status or deadline, so the stored
        due date of its project (reports.due, kept by reports.signals) is not computed again on every save."""
        report = super().save(commit=False)
        if commit:
            report.save(update_fields=self.Meta.fields)
        return report


class BaseRowFormSet(BaseInlineFormSet):
    """A report's rows of one kind, one per `key` value: the saved rows, then an unsaved form for each
    value that has no row yet (a goal added after the report was made). Opening the page writes nothing;
    an unsaved form is stored when something is entered in it. Its key travels in a hidden field, limited
    to the missing values; a saved row's key cannot change."""

    key = None

    def __init__(self, data=None, *args, instance, **kwargs):
        self.missing = self.missing_keys(instance)
        self.extra = len(self.missing)
        kwargs.setdefault("initial", [{self.key: self.key_value(value)} for value in self.missing])
        super().__init__(data, *args, instance=instance, **kwargs)

    def missing_keys(self, report):
        raise NotImplementedError

    def key_value(self, value):
        return value

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if i < self.initial_form_count():
            form.fields[self.key].disabled = True  # the posted value is ignored
        else:
            self.limit_key(form.fields[self.key])
            if i - self.initial_form_count() < len(self.missing):
                setattr(form.instance, self.key, self.missing[i - self.initial_form_count()])
        return form

    def limit_key(self, field):
        raise NotImplementedError

    def save_new(self, form, commit=True):
        # Saved under the report's row lock: a row that another save created meanwhile is updated.
        existing = self.model.objects.filter(report=self.instance, **{self.key: form.cleaned_data[self.key]})
        form.instance.pk = existing.values_list("pk", flat=True).first()
        form.instance._state.adding = form.instance.pk is None
        return super().save_new(form, commit=commit)


class GoalEntryForm(forms.ModelForm):
    class Meta:
        model = ReportGoalEntry
        fields = ["goal", "actual", "activities", "results"]
        widgets = {
            "goal": forms.HiddenInput,
            "activities": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
        }


class BaseGoalEntryFormSet(BaseRowFormSet):
    key = "goal"

    def missing_keys(self, report):
        return list(Goal.objects.filter(project=report.project_id).exclude(report_entries__report=report))

    def key_value(self, goal):
        return goal.pk

    def limit_key(self, field):
        field.queryset = Goal.objects.filter(pk__in=[goal.pk for goal in self.missing])


GoalEntryFormSet = inlineformset_factory(
    Report, ReportGoalEntry, form=GoalEntryForm, formset=BaseGoalEntryFormSet, extra=0, can_delete=False
)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = ReportBudgetLine
        fields = ["category", "planned_eur", "actual_eur"]
        widgets = {"category": forms.HiddenInput}


class BaseBudgetFormSet(BaseRowFormSet):
    key = "category"

    def missing_keys(self, report):
        saved = set(report.budget_lines.values_list("category", flat=True)) if report.pk else set()
        return [value for value in BudgetCategory.values if value not in saved]

    def limit_key(self, field):
        field.choices = [choice for choice in BudgetCategory.choices if choice[0] in self.missing]


BudgetFormSet = inlineformset_factory(
    Report, ReportBudgetLine, form=BudgetLineForm, formset=BaseBudgetFormSet, extra=0, can_delete=False
)


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


class OfficerForm(forms.Form):
    """The project's officer: a funder reviewer, or none."""

    officer = forms.ModelChoiceField(label=_("Officer"), queryset=None, required=False, empty_label=_("No officer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(role=Role.FUNDER, is_active=True).order_by("full_name")


class CaseNoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(forms.Form):
    due_date = DateField(label=_("Date"))
    what = forms.CharField(label=_("What"), max_length=300)
