from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from meetings import services
from meetings.forms import (
    ActionItemFilterForm,
    ActionItemFormSet,
    AgendaNotesFormSet,
    AttendanceForm,
    DecisionFormSet,
    MinutesForm,
)
from meetings.models import ActionItem, ActionItemStatus, AttendanceStatus, MeetingStatus, Minutes, Response
from networkhub.confirm import Confirmation, confirm_first
from partners.access import own_memberships, project_view

from .common import get_meeting
from .meetings import _member_organisations

# What the invitee said beforehand, as the register's starting point.
FROM_REPLY = {
    Response.YES: AttendanceStatus.PRESENT,
    Response.NO: AttendanceStatus.EXCUSED,
    Response.PROXY: AttendanceStatus.PROXY,
}


def _register(meeting, project):
    """(contact, status, proxy name) for everyone invited or recorded, else every member contact."""
    invitations = {i.contact_id: i for i in meeting.invitations.select_related("contact__organisation")}
    records = {a.contact_id: a for a in meeting.attendance.select_related("contact__organisation")}
    if invitations:
        contacts = [invitation.contact for invitation in invitations.values()]
    else:
        contacts = list(services.member_contacts(project))
    contacts += [record.contact for contact_id, record in records.items() if contact_id not in {c.pk for c in contacts}]
    people = []
    for contact in sorted(contacts, key=lambda c: (c.organisation.name.lower(), c.name.lower())):
        record, invitation = records.get(contact.pk), invitations.get(contact.pk)
        if record is not None:
            people.append((contact, record.status, record.proxy_name))
        elif invitation is not None:
            people.append((contact, FROM_REPLY.get(invitation.response, ""), invitation.proxy_name))
        else:
            people.append((contact, "", ""))
    return people


@project_view(coordinator_only=True)
def attendance(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    if meeting.status != MeetingStatus.HELD:
        messages.info(request, _("Mark the meeting as held before recording attendance."))
        return redirect(meeting)
    form = AttendanceForm(request.POST or None, people=_register(meeting, project))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(meeting, form.entries(), actor=request.user)
        except services.MeetingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect(meeting)
    return render(request, "meetings/attendance_form.html", {"project": project, "meeting": meeting, "form": form})


@project_view(coordinator_only=True)
def minutes_edit(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    if meeting.is_cancelled:
        messages.error(request, _("A cancelled meeting has no minutes."))
        return redirect(meeting)
    data = request.POST or None
    minutes = Minutes.objects.filter(meeting=meeting).first() or Minutes(meeting=meeting)
    form = MinutesForm(data, instance=minutes)
    notes = AgendaNotesFormSet(data, queryset=meeting.agenda_items.all(), prefix="notes")
    decisions = DecisionFormSet(data, instance=meeting, prefix="decisions")
    actions = ActionItemFormSet(
        data,
        instance=meeting,
        prefix="actions",
        queryset=meeting.action_items.select_related("owner_contact"),
        form_kwargs={
            "organisations": _member_organisations(project),
            "contacts": services.member_contacts(project).order_by("organisation__name", "name"),
        },
    )
    valid = [part.is_valid() for part in (form, notes, decisions, actions)] if request.method == "POST" else [False]
    if all(valid):
        try:
            services.save_minutes(
                meeting,
                summary=form.cleaned_data["summary"],
                notes=notes,
                decisions=decisions,
                actions=actions,
                actor=request.user,
                correction_note=form.cleaned_data.get("correction_note", ""),
            )
        except services.MeetingError as error:
            form.add_error(None, error.message)
        else:
            if minutes.is_published:
                messages.success(request, _("The correction is saved and e-mailed to the members."))
            else:
                messages.success(request, _("Minutes saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/minutes_form.html",
        {
            "project": project,
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "notes": notes,
            "decisions": decisions,
            "actions": actions,
        },
    )


def _confirm_publish(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    problem = None
    if minutes is None:
        problem = _("Write the minutes before publishing them.")
    elif minutes.is_published:
        problem = _("The minutes have already been published.")
    elif meeting.status != MeetingStatus.HELD:
        problem = _("Mark the meeting as held before publishing its minutes.")
    if problem:
        messages.error(request, problem)
        return redirect(meeting)
    count = services.minutes_recipients(project).count()
    return Confirmation(
        title=_("Publish the minutes?"),
        what_happens=ngettext(
            "The minutes of “%(title)s” are published to the network and e-mailed to %(count)s contact person of "
            "the member organisations.",
            "The minutes of “%(title)s” are published to the network and e-mailed to %(count)s contact persons of "
            "the member organisations.",
            count,
        )
        % {"title": meeting.title, "count": count},
        recipients=count,
        warnings=[_("Later corrections are e-mailed to the same people again.")],
        confirm_label=_("Publish and e-mail"),
        action_url=reverse("meetings:minutes_publish", args=[project.pk, meeting.pk]),
        cancel_url=meeting.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@project_view(coordinator_only=True)
@confirm_first(_confirm_publish)
def minutes_publish(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    try:
        services.publish_minutes(meeting, actor=request.user)
    except services.MeetingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Minutes published and e-mailed to the members."))
    return redirect(meeting)


def _own_action_items(request, project):
    """The action items a partner contact may mark done or reopen: those they own, or their organisation owns."""
    own = own_memberships(request, project).values("organisation_id")
    return ActionItem.objects.filter(project=project).filter(
        Q(owner_contact__user=request.user) | Q(owner_organisation__in=own)
    )


@project_view()
def action_list(request, project):
    items = ActionItem.objects.filter(project=project).select_related("meeting", "owner_organisation", "owner_contact")
    form = ActionItemFilterForm(request.GET or None, organisations=_member_organisations(project))
    if form.is_bound:
        items = form.filter(items)
    own = (
        set()
        if request.is_project_coordinator
        else set(_own_action_items(request, project).values_list("pk", flat=True))
    )
    return render(
        request,
        "meetings/action_list.html",
        {
            "project": project,
            "form": form,
            "items": items.order_by("status", "due_date", "pk"),
            "own_action_ids": own,
        },
    )


@require_POST
@project_view()
def action_status(request, project, item_pk):
    """The coordinator, or the item's owner (its contact or a contact of its organisation), marks it done or open."""
    scope = ActionItem.objects.filter(project=project)
    if not request.is_project_coordinator:
        scope = _own_action_items(request, project)
    item = get_object_or_404(scope, pk=item_pk)
    status = request.POST.get("status")
    if status in ActionItemStatus.values:
        services.set_action_item_status(item, status=status, actor=request.user)
        messages.success(request, _("Action item updated."))
    else:
        messages.error(request, _("Choose whether the action item is open or done."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("meetings:actions", project.pk)
