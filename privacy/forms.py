from django import forms
from django.utils.translation import gettext_lazy as _

SEARCH_MIN_LENGTH = 3


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("E-mail address or part of it"),
        min_length=SEARCH_MIN_LENGTH,
        max_length=254,
        error_messages={"min_length": _("Type at least %(limit_value)d characters.")},
    )

    def clean_q(self):
        return self.cleaned_data["q"].strip()
