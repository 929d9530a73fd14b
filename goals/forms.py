from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from meetings.forms.minutes import OwnerContactField
from meetings.queries import decisions_of
from networkhub.dates import short_date
from partners.models import ContactPerson
from projects.forms import DateInput
from projects.models import Project

from .models import (
    Goal,
    GoalMeasure,
    GoalReview,
    GoalStatus,
    Idea,
    IdeaStatus,
    MobilityDirection,
    MobilityParticipants,
)


class GoalForm(forms.ModelForm):
    """A goal, its indicator and target, and optionally what the app counts for it (a filter of mobilities)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", _("Entered by hand in each report")), *GoalMeasure.choices]
        self.fields["mobility_direction"].choices = [("", _("Outgoing and incoming")), *MobilityDirection.choices]
        self.fields["mobility_participants"].choices = [("", _("Students and staff")), *MobilityParticipants.choices]

    class Meta:
        model = Goal
        fields = [
            "title",
            "indicator",
            "target",
            "unit",
            "order",
            "measure",
            "mobility_direction",
            "mobility_participants",
            "mobility_newcomers_only",
        ]


GoalFormSet = inlineformset_factory(Project, Goal, form=GoalForm, extra=2, can_delete=True)


class GoalReviewForm(forms.ModelForm):
    class Meta:
        model = GoalReview
        fields = ["review_date", "summary"]
        widgets = {"review_date": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}


class GoalReviewEntryForm(forms.Form):
    """One goal's row in a review."""

    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    changes = forms.CharField(label=_("Changes decided"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class GoalReviewEntryForms:
    """A row per current goal of the project, filled from the review's entries when it has them."""

    def __init__(self, data=None, *, goals, review=None):
        existing = {entry.goal_id: entry for entry in review.entries.all()} if review and review.pk else {}
        self.rows = []
        for goal in goals:
            entry = existing.get(goal.pk)
            initial = {"status": entry.status, "notes": entry.notes, "changes": entry.changes} if entry else {}
            self.rows.append((goal, GoalReviewEntryForm(data, prefix=f"goal-{goal.pk}", initial=initial)))

    def __iter__(self):
        return iter(self.rows)

    def is_valid(self):
        valid = [form.is_valid() for _goal, form in self.rows]  # every row, so that each shows its errors
        return all(valid)

    def entries(self):
        return [{"goal": goal, **form.cleaned_data} for goal, form in self.rows]


class IdeaForm(forms.ModelForm):
    """A coordinator names the proposing organisation and person, or leaves them empty for their own idea.

    A partner contact proposes for their own organisation (chosen when they have several in the project).
    """

    proposed_by_contact = OwnerContactField(
        label=_("Proposed by (person)"), queryset=ContactPerson.objects.none(), required=False
    )

    class Meta:
        model = Idea
        fields = ["title", "description", "proposed_by_organisation", "proposed_by_contact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "title": _("In a sentence: what should the network do differently, or start doing?"),
            "description": _("Why, and how it could be tried out."),
        }

    def __init__(self, *args, organisations, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["proposed_by_organisation"]
        organisation.queryset = organisations
        if contacts is None:  # a partner contact: their own organisation, themselves as the person
            del self.fields["proposed_by_contact"]
            organisation.required = True
            organisation.empty_label = None
        else:
            self.fields["proposed_by_contact"].queryset = contacts
            organisation.help_text = _("Leave empty when the idea is your own.")


class IdeaFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *IdeaStatus.choices], required=False)

    def filter(self, ideas):
        if self.is_valid() and self.cleaned_data["status"]:
            return ideas.filter(status=self.cleaned_data["status"])
        return ideas


class DecisionField(forms.ModelChoiceField):
    def label_from_instance(self, decision):
        day = short_date(decision.meeting.start)
        text = decision.text if len(decision.text) <= 90 else f"{decision.text[:89]}…"
        return f"{day} {decision.meeting.title}: {text}"


class ReviewField(forms.ModelChoiceField):
    def label_from_instance(self, review):
        return _("Goal review %(date)s") % {"date": short_date(review.review_date)}


class IdeaStatusForm(forms.Form):
    """The coordinator's move: the idea's next status, and for an adopted idea what adopted it."""

    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    decision = DecisionField(
        label=_("Adopted by the meeting decision"),
        queryset=decisions_of(None).none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a decision from this project's meetings.")},
    )
    review = ReviewField(
        label=_("or adopted in the goal review"),
        queryset=GoalReview.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of this project's goal reviews.")},
    )

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(status, IdeaStatus(status).label) for status in idea.next_statuses]
        self.fields["decision"].queryset = decisions_of(idea.project_id)
        self.fields["review"].queryset = GoalReview.objects.filter(project_id=idea.project_id)
        self.fields["decision"].help_text = _("When adopting: the decision in the minutes, or the goal review.")
