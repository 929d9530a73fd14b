"""The network map page's choices: which kinds of ties, as of which date, compared with which date (GET)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.forms import DateField

from .network_map import KIND_LABELS, KINDS


class MapForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of ties"),
        choices=[(kind, KIND_LABELS[kind]) for kind in KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: all kinds."),
    )
    as_of = DateField(label=_("As of"), required=False, help_text=_("Empty: today."))
    compare = DateField(
        label=_("Compare with"), required=False, help_text=_("An earlier or later date; empty: no comparison.")
    )

    def _not_future(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The map cannot be drawn for a future date."))
        return day

    def clean_as_of(self):
        return self._not_future("as_of")

    def clean_compare(self):
        return self._not_future("compare")

    def choices(self):
        """(kinds, as_of, compare): the valid fields' values, the defaults in place of missing or invalid ones."""
        if not self.is_bound:
            return [], timezone.localdate(), None
        self.is_valid()
        data = self.cleaned_data
        return data.get("kinds") or [], data.get("as_of") or timezone.localdate(), data.get("compare")
