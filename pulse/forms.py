from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import plain_text

from .models import COMMENT_MAX_LENGTH, QUESTIONS, SCALE, Dimension

SCALE_CHOICES = [
    (1, _("1 – strongly disagree")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – strongly agree")),
    ("", _("Can't say")),
]


class SurveyForm(forms.Form):
    """A rating from 1 to 5 or "can't say" per question, and one free comment. Nothing in it names the person
    answering. A question left unanswered counts as "can't say": it is in no average."""

    comment = forms.CharField(
        label=_("Anything else you want to say about working together in the network? (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not write your name or anything that identifies you: the comment is shown as it is."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ratings = {
            dimension.value: forms.TypedChoiceField(
                label=f"{dimension.label}: {QUESTIONS[dimension]}",
                choices=SCALE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial="",
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Choose a number from %(low)s to %(high)s, or “can't say”.")
                    % {"low": SCALE[0], "high": SCALE[1]}
                },
            )
            for dimension in Dimension
        }
        self.fields = {**ratings, "comment": self.fields["comment"]}

    def clean_comment(self):
        return plain_text(self.cleaned_data["comment"])

    def ratings(self):
        """{question: rating or None for "can't say"}."""
        return {key: self.cleaned_data.get(key) for key in Dimension.values}


class PulseSettingForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Run the quarterly trust pulse"),
        required=False,
        help_text=_(
            "Each quarter the member organisations' contact persons get a short anonymous survey by e-mail. "
            "Results are shown only after the round has closed, only as averages, and only when at least 5 people "
            "from at least 3 organisations have answered. The network, the coordinator and OPH (in the status "
            "report and the programme overview) see them."
        ),
    )
    in_report = forms.BooleanField(
        label=_("Include the pulse figures in the status report"),
        required=False,
        help_text=_(
            "If you leave this off, the status report says that the project chose not to include its pulse "
            "figures. The network and OPH's programme overview still see the results."
        ),
    )
