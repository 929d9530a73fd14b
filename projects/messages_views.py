"""A project's e-mail: the messages sent, the reminders to come, and the project's reminder settings."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from networkhub import contributions, outbox, reminders
from networkhub.models import Message, MessageStatus, ProjectReminderSetting, Reminder

from . import services
from .access import coordinator_view


class ProjectRemindersForm(forms.Form):
    """Per non-essential kind: switched off for the project, or its own days instead of the defaults."""

    def __init__(self, *args, switched_off, tuned, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind, label in reminders.kind_choices(essential=False, for_project=True):
            self.fields[f"off_{kind}"] = forms.BooleanField(
                required=False, initial=kind in switched_off, label=_("Switch off: %(kind)s") % {"kind": label}
            )
            self.fields[f"days_{kind}"] = forms.CharField(
                required=False,
                max_length=40,
                initial=", ".join(str(day) for day in tuned.get(kind, [])),
                label=_("Days for %(kind)s") % {"kind": label},
            )
            defaults = ", ".join(str(day) for day in reminders.default_steps(kind))
            self.rows.append((label, defaults, self[f"days_{kind}"], self[f"off_{kind}"]))

    def clean(self):
        cleaned = super().clean()
        for kind, _label in reminders.kind_choices(essential=False, for_project=True):
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

    def changes(self):
        """kind -> (enabled, days) for each kind the project switched off or gave its own days."""
        return {
            kind: (not self.cleaned_data[f"off_{kind}"], self.cleaned_data[f"days_{kind}"])
            for kind, _label in reminders.kind_choices(essential=False, for_project=True)
            if self.cleaned_data[f"off_{kind}"] or self.cleaned_data[f"days_{kind}"]
        }


@coordinator_view
def project_messages(request, project):
    settings_rows = ProjectReminderSetting.objects.filter(project=project)
    switched_off = {row.kind for row in settings_rows if not row.enabled}
    tuned = {row.kind: row.days for row in settings_rows if row.days}
    form = ProjectRemindersForm(request.POST or None, switched_off=switched_off, tuned=tuned)
    if request.method == "POST" and form.is_valid():
        services.save_reminder_settings(project, form.changes(), actor=request.user)
        messages.success(request, _("Reminder settings saved."))
        return redirect("projects:messages", project.pk)
    # The funder's case-work reminders to its officer are not the project's to see (reminders.project_private_kinds).
    private = reminders.project_private_kinds()
    own_messages = Message.objects.filter(project=project).exclude(kind__in=private)
    own_reminders = Reminder.objects.filter(project=project).exclude(kind__in=private)
    sent = Paginator(own_messages, 50).get_page(request.GET.get("page"))
    upcoming = list(own_reminders.upcoming()[:100])
    # Queued, sending, failed or sent again: nothing on its way or in trouble is out of sight.
    unsettled = list(own_reminders.unsettled().select_related("message").order_by("-due_at", "-pk")[:100])
    # What each is about (which letter and organisation, meeting, poll, deadline): a few queries per kind.
    reminders.describe(upcoming + unsettled)
    unsent = own_messages.filter(status__in=[MessageStatus.SENDING, MessageStatus.FAILED])[:100]
    return render(
        request,
        "projects/messages.html",
        {
            "project": project,
            "sent": sent,
            "upcoming": upcoming,
            "unsettled": unsettled,
            "unsent": unsent,
            # E-mails still in the outbox (written with their change, not yet handed to the mail service).
            "queued": outbox.queued_mail(project),
            "form": form,
            # What other apps add (networkhub.contributions `message_sections`): the announcements sent.
            "sections": contributions.message_sections(project),
        },
    )
