from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Decision, Idea, IdeaStatus
from partners.models import ContactPerson
from projects.models import GoalReview

from .minutes import OwnerContactField


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
        day = formats.date_format(timezone.localdate(decision.meeting.start), "SHORT_DATE_FORMAT")
        text = decision.text if len(decision.text) <= 90 else f"{decision.text[:89]}…"
        return f"{day} {decision.meeting.title}: {text}"


class ReviewField(forms.ModelChoiceField):
    def label_from_instance(self, review):
        return _("Goal review %(date)s") % {"date": formats.date_format(review.review_date, "SHORT_DATE_FORMAT")}


class IdeaStatusForm(forms.Form):
    """The coordinator's move: the idea's next status, and for an adopted idea what adopted it."""

    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    decision = DecisionField(
        label=_("Adopted by the meeting decision"),
        queryset=Decision.objects.none(),
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
        self.fields["decision"].queryset = (
            Decision.objects.filter(meeting__project_id=idea.project_id)
            .select_related("meeting")
            .order_by("-meeting__start", "order", "pk")
        )
        self.fields["review"].queryset = GoalReview.objects.filter(project_id=idea.project_id)
        self.fields["decision"].help_text = _("When adopting: the decision in the minutes, or the goal review.")
