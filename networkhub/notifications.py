"""Pages about e-mail: a project's sent messages and upcoming reminders, and each user's mutes."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import project_view
from .models import Message, MutedReminder, ProjectReminderSwitch, Reminder, ReminderKind
from .reminders import ESSENTIAL

OPTIONAL_KINDS = [(value, label) for value, label in ReminderKind.choices if value not in ESSENTIAL]


class KindsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        choices=OPTIONAL_KINDS, required=False, widget=forms.CheckboxSelectMultiple, label=""
    )


class ProjectSwitchesForm(KindsForm):
    kinds = forms.MultipleChoiceField(
        choices=OPTIONAL_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Switched off for this project"),
    )


@project_view(coordinator_only=True)
def project_messages(request, project):
    switched_off = set(ProjectReminderSwitch.objects.filter(project=project).values_list("kind", flat=True))
    form = ProjectSwitchesForm(request.POST or None, initial={"kinds": sorted(switched_off)})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            ProjectReminderSwitch.objects.filter(project=project).delete()
            ProjectReminderSwitch.objects.bulk_create(
                ProjectReminderSwitch(project=project, kind=kind) for kind in form.cleaned_data["kinds"]
            )
        messages.success(request, _("Reminder settings saved."))
        return redirect("project_messages", project.pk)
    sent = Paginator(Message.objects.filter(project=project), 50).get_page(request.GET.get("page"))
    upcoming = Reminder.objects.filter(project=project).upcoming()[:100]
    return render(
        request,
        "networkhub/project_messages.html",
        {"project": project, "sent": sent, "upcoming": upcoming, "form": form},
    )


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
        return redirect("notification_preferences")
    return render(
        request,
        "networkhub/notification_preferences.html",
        {"form": form, "essential": [label for value, label in ReminderKind.choices if value in ESSENTIAL]},
    )
