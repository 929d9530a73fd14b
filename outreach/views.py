"""Announcements and the motivation log: coordinators' pages. Another project's announcement or entry is 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from networkhub.confirm import CONFIRM_FIELD, confirms_on_its_own_page, is_confirmed
from networkhub.models import Language
from partners.access import coordinator_view

from . import queries, services
from .forms import AnnouncementForm, ConfirmForm, MotivationEntryForm
from .models import Announcement, MotivationEntry


def _announcement(project, announcement_pk):
    return get_object_or_404(Announcement.objects.filter(project=project), pk=announcement_pk)


@coordinator_view
def announcement_list(request, project):
    return render(
        request,
        "outreach/announcement_list.html",
        {"project": project, "announcements": queries.listing(project)},
    )


def _edit(request, project, announcement=None):
    if announcement is not None and not announcement.is_draft:
        messages.info(request, _("This announcement has been sent already: it cannot be changed."))
        return redirect("outreach:announcement", project.pk, announcement.pk)
    form = AnnouncementForm(request.POST or None, instance=announcement, project=project)
    if request.method == "POST" and form.is_valid():
        draft = form.save(commit=False)
        draft.project = project
        try:
            services.save_draft(draft, organisations=form.cleaned_data["organisations"], actor=request.user)
        except services.OutreachError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect("outreach:announcement_confirm", project.pk, draft.pk)
    return render(
        request, "outreach/announcement_form.html", {"project": project, "form": form, "announcement": announcement}
    )


@coordinator_view
def announcement_create(request, project):
    return _edit(request, project)


@coordinator_view
def announcement_edit(request, project, announcement_pk):
    return _edit(request, project, _announcement(project, announcement_pk))


@coordinator_view
@confirms_on_its_own_page
def announcement_confirm(request, project, announcement_pk):
    """Mass mail asks first: how many people get it, in which languages, and to which organisations."""
    announcement = _announcement(project, announcement_pk)
    if not announcement.is_draft:
        return redirect("outreach:announcement", project.pk, announcement.pk)
    form = ConfirmForm(request.POST if is_confirmed(request) else None)
    if form.is_bound and form.is_valid():
        try:
            services.send(announcement, actor=request.user)
        except services.OutreachError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The announcement is on its way."))
            return redirect("outreach:announcement", project.pk, announcement.pk)
    pairs = queries.audience(announcement)
    organisations = sorted({contact.organisation.name for contact, _language in pairs})
    return render(
        request,
        "outreach/announcement_confirm.html",
        {
            "project": project,
            "announcement": announcement,
            "form": form,
            "count": len(pairs),
            "language_counts": [(Language(code).label, count) for code, count in queries.languages_of(pairs)],
            "organisations": organisations,
            "confirm_field": CONFIRM_FIELD,
        },
    )


@coordinator_view
def announcement_detail(request, project, announcement_pk):
    announcement = _announcement(project, announcement_pk)
    return render(
        request,
        "outreach/announcement_detail.html",
        {"project": project, "announcement": announcement, "recipients": list(queries.recipients(announcement))},
    )


@coordinator_view
def motivation(request, project):
    return render(
        request,
        "outreach/motivation.html",
        {
            "project": project,
            "partners": queries.motivation_overview(project),
            "entries": list(queries.entries(project)),
        },
    )


def _entry(project, entry_pk):
    return get_object_or_404(
        MotivationEntry.objects.filter(membership__project=project).select_related("membership__project"),
        pk=entry_pk,
    )


def _save_entry(request, project, entry=None):
    form = MotivationEntryForm(request.POST or None, instance=entry, project=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                services.add_entry(form.save(commit=False), actor=request.user)
            else:
                services.update_entry(form.save(commit=False), actor=request.user, changed_fields=form.changed_data)
        except services.OutreachError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Contact recorded in the motivation log."))
            return redirect("outreach:motivation", project.pk)
    return render(request, "outreach/motivation_form.html", {"project": project, "form": form, "entry": entry})


@coordinator_view
def motivation_create(request, project):
    return _save_entry(request, project)


@coordinator_view
def motivation_edit(request, project, entry_pk):
    return _save_entry(request, project, _entry(project, entry_pk))


@coordinator_view
def motivation_delete(request, project, entry_pk):
    """Asks first on its own page; the POST deletes the entry."""
    entry = _entry(project, entry_pk)
    if request.method == "POST":
        services.delete_entry(entry, actor=request.user)
        messages.success(request, _("Entry deleted."))
        return redirect("outreach:motivation", project.pk)
    return render(request, "outreach/motivation_delete.html", {"project": project, "entry": entry})
