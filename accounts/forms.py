from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("Six digits. Spaces do not matter."),
    )


class TwoFactorVerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
    )
    remember = forms.BooleanField(
        label=_("Remember this browser"),
        required=False,
    )

    def __init__(self, *args, remember_days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remember"].label = ngettext(
            "Remember this browser for %(days)s day", "Remember this browser for %(days)s days", remember_days
        ) % {"days": remember_days}
