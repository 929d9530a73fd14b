"""Pages about e-mail: a project's sent messages and upcoming reminders, and each user's mutes."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .access import project_view
from .models import Message, MutedReminder, ProjectReminderSteps, ProjectReminderSwitch, Reminder, ReminderKind
from .reminders import ESSENTIAL

OPTIONAL_KINDS = [(value, label) for value, label in ReminderKind.choices if value not in ESSENTIAL]


class KindsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        choices=OPTIONAL_KINDS, required=False, widget=forms.CheckboxSelectMultiple, label=""
    )


class ProjectRemindersForm(forms.Form):
    """Per non-essential kind: switched off for the project, or its own days instead of the defaults."""

    def __init__(self, *args, switched_off, tuned, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind, label in OPTIONAL_KINDS:
            self.fields[f"off_{kind}"] = forms.BooleanField(
                required=False, initial=kind in switched_off, label=_("Switch off: %(kind)s") % {"kind": label}
            )
            self.fields[f"days_{kind}"] = forms.CharField(
                required=False,
                max_length=40,
                initial=", ".join(str(day) for day in tuned.get(kind, [])),
                label=_("Days for %(kind)s") % {"kind": label},
            )
            defaults = ", ".join(str(day) for day in settings.REMINDER_STEPS.get(kind, []))
            self.rows.append((label, defaults, self[f"days_{kind}"], self[f"off_{kind}"]))

    def clean(self):
        cleaned = super().clean()
        for kind, _label in OPTIONAL_KINDS:
            text = cleaned.get(f"days_{kind}") or ""
            try:
                days = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()}, reverse=True)
            except ValueError:
                self.add_error(f"days_{kind}", _("Give whole days separated by commas, e.g. 7, 1."))
                continue
            if any(day < 0 or day > 365 for day in days) or len(days) > 5:
                self.add_error(f"days_{kind}", _("At most five steps, each from 0 to 365 days."))
            cleaned[f"days_{kind}"] = days
        return cleaned

    def save(self, project):
        with transaction.atomic():
            ProjectReminderSwitch.objects.filter(project=project).delete()
            ProjectReminderSteps.objects.filter(project=project).delete()
            ProjectReminderSwitch.objects.bulk_create(
                ProjectReminderSwitch(project=project, kind=kind)
                for kind, _label in OPTIONAL_KINDS
                if self.cleaned_data[f"off_{kind}"]
            )
            ProjectReminderSteps.objects.bulk_create(
                ProjectReminderSteps(project=project, kind=kind, days=self.cleaned_data[f"days_{kind}"])
                for kind, _label in OPTIONAL_KINDS
                if self.cleaned_data[f"days_{kind}"]
            )


@project_view(coordinator_only=True)
def project_messages(request, project):
    switched_off = set(ProjectReminderSwitch.objects.filter(project=project).values_list("kind", flat=True))
    tuned = dict(ProjectReminderSteps.objects.filter(project=project).values_list("kind", "days"))
    form = ProjectRemindersForm(request.POST or None, switched_off=switched_off, tuned=tuned)
    if request.method == "POST" and form.is_valid():
        form.save(project)
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
