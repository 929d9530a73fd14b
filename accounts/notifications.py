"""Each user's reminder preferences: the non-essential kinds they mute."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from networkhub import reminders
from networkhub.models import MutedReminder


class KindsForm(forms.Form):
    kinds = forms.MultipleChoiceField(choices=(), required=False, widget=forms.CheckboxSelectMultiple, label="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = reminders.kind_choices(essential=False)


@login_required
def notification_preferences(request):
    muted = set(MutedReminder.objects.filter(user=request.user).values_list("kind", flat=True))
    form = KindsForm(request.POST or None, initial={"kinds": sorted(muted)})
    form.fields["kinds"].label = _("Reminders I do not want")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            MutedReminder.objects.filter(user=request.user).delete()
            MutedReminder.objects.bulk_create(
                MutedReminder(user=request.user, kind=kind) for kind in form.cleaned_data["kinds"]
            )
        messages.success(request, _("Your reminder preferences were saved."))
        return redirect("accounts:notification_preferences")
    return render(
        request,
        "accounts/notification_preferences.html",
        {"form": form, "essential": [label for _value, label in reminders.kind_choices(essential=True)]},
    )
