from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meetings import calendar, queries, services
from meetings.forms import AgendaFormSet, AttachmentForm, CancelForm, InviteForm, MeetingForm, RSVPForm, SeriesForm
from meetings.models import (
    AttendanceStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Minutes,
    PollStatus,
    Response,
    TimePoll,
)
from networkhub import files
from networkhub.confirm import CONFIRM_FIELD, confirms_on_its_own_page, is_confirmed
from partners.access import project_view
from partners.models import Organisation
from partners.queries import current_members

from .common import error_to_form, get_meeting


@project_view()
def meeting_list(request, project):
    now = timezone.now()
    meetings = Meeting.objects.filter(project=project).select_related("series")
    upcoming = meetings.upcoming(now).annotate(
        invited=Count("invitations"),
        accepted=Count("invitations", filter=Q(invitations__response__in=[Response.YES, Response.PROXY])),
    )
    past = Paginator(meetings.past(now), 25).get_page(request.GET.get("page"))
    polls = (
        TimePoll.objects.filter(project=project, status=PollStatus.OPEN)
        .annotate(asked=Count("invitees", distinct=True))
        .annotate(answered=Count("invitees", filter=Q(invitees__answered_at__isnull=False), distinct=True))
        .order_by("deadline")
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "project": project,
            "upcoming": upcoming,
            "past": past,
            "polls": polls,
            # Each organisation's attendance record is for the coordinators (a confidential network, 8).
            "attendance": queries.attendance_by_organisation(project) if request.is_project_coordinator else None,
        },
    )


@project_view(coordinator_only=True)
def meeting_create(request, project):
    form = MeetingForm(request.POST or None, instance=Meeting(project=project))
    if request.method == "POST" and form.is_valid():
        meeting = services.schedule_meeting(form.save(commit=False), actor=request.user)
        messages.success(request, _("Meeting scheduled. Add the agenda and invite the members."))
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"project": project, "form": form, "creating": True})


def _my_invitations(request, meeting):
    return meeting.invitations.filter(contact__user=request.user).select_related("contact__organisation")


@project_view()
def meeting_detail(request, project, meeting_pk):
    """The meeting page. A POST here is the signed-in invitee's reply (RSVP)."""
    meeting = get_meeting(project, meeting_pk)
    mine = list(_my_invitations(request, meeting))
    forms = {
        invitation.pk: RSVPForm(
            prefix=f"rsvp{invitation.pk}",
            initial={
                "response": invitation.response if invitation.response != Response.PENDING else None,
                "proxy_name": invitation.proxy_name,
                "comment": invitation.comment,
            },
        )
        for invitation in mine
    }
    if request.method == "POST":
        invitation = next((i for i in mine if str(i.pk) == request.POST.get("invitation")), None)
        if invitation is None:
            raise Http404
        form = forms[invitation.pk] = RSVPForm(request.POST, prefix=f"rsvp{invitation.pk}")
        if form.is_valid():
            try:
                services.record_rsvp(invitation, **form.cleaned_data, actor=request.user)
            except services.MeetingError as error:
                error_to_form(form, error)
            else:
                messages.success(request, _("Your reply has been saved. You can change it until the meeting starts."))
                return redirect(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    show_minutes = minutes is not None and (minutes.is_published or request.is_project_coordinator)
    invitations = meeting.invitations.select_related("contact__organisation")
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "project": project,
            "meeting": meeting,
            "agenda": meeting.agenda_items.select_related("presenter"),
            "attachments": meeting.attachments.all(),
            "my_replies": [(invitation, forms[invitation.pk]) for invitation in mine],
            "invitations": invitations if request.is_project_coordinator else None,
            "reply_counts": _reply_counts(meeting),
            "attendance": meeting.attendance.select_related("contact__organisation")
            if request.is_project_coordinator
            else None,
            "attendance_counts": dict(
                meeting.attendance.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
            ),
            "attendance_statuses": AttendanceStatus,
            "minutes": minutes if show_minutes else None,
            "decisions": meeting.decisions.all() if show_minutes else (),
            "actions": meeting.action_items.select_related("owner_organisation", "owner_contact")
            if show_minutes
            else (),
            "previous_actions": queries.previous_open_action_items(meeting) if meeting.is_planned else (),
        },
    )


def _reply_counts(meeting):
    counts = dict(meeting.invitations.order_by().values_list("response").annotate(n=Count("pk")))
    return [(label, counts.get(value, 0)) for value, label in Response.choices]


@project_view(coordinator_only=True)
def meeting_edit(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    if meeting.is_cancelled:
        messages.error(request, _("A cancelled meeting cannot be changed."))
        return redirect(meeting)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting, resent = services.update_meeting(form.save(commit=False), actor=request.user)
        except services.MeetingError as error:
            error_to_form(form, error)
        else:
            if resent:
                messages.success(request, _("Meeting saved. The invitees get an updated invitation."))
            else:
                messages.success(request, _("Meeting saved."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"project": project, "form": form, "meeting": meeting})


@project_view(coordinator_only=True)
@confirms_on_its_own_page
def meeting_cancel(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    if meeting.status != MeetingStatus.PLANNED:
        messages.error(request, _("Only a planned meeting can be cancelled."))
        return redirect(meeting)
    form = CancelForm(request.POST if is_confirmed(request) else None)
    if form.is_bound and form.is_valid():
        try:
            services.cancel_meeting(meeting, actor=request.user, reason=form.cleaned_data["reason"])
        except services.MeetingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Meeting cancelled. The invitees get a cancellation."))
        return redirect(meeting)
    context = {
        "project": project,
        "meeting": meeting,
        "form": form,
        "invitees": meeting.invitations.count(),
        "confirm_field": CONFIRM_FIELD,
    }
    return render(request, "meetings/meeting_cancel.html", context)


@require_POST
@project_view(coordinator_only=True)
def meeting_held(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    try:
        services.mark_held(meeting, actor=request.user)
    except services.MeetingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The meeting is marked as held. Record the attendance and write the minutes."))
    return redirect(meeting)


@project_view()
def meeting_ics(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    response = HttpResponse(calendar.download_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


def _member_organisations(project):
    members = current_members(project).values("organisation_id")
    return Organisation.objects.filter(pk__in=members).order_by("name")


@project_view(coordinator_only=True)
def agenda_edit(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    formset = AgendaFormSet(
        request.POST or None,
        instance=meeting,
        prefix="agenda",
        form_kwargs={"organisations": _member_organisations(project)},
    )
    if request.method == "POST" and formset.is_valid():
        services.save_agenda(meeting, formset, actor=request.user)
        messages.success(request, _("Agenda saved."))
        return redirect(meeting)
    return render(
        request,
        "meetings/agenda_form.html",
        {
            "project": project,
            "meeting": meeting,
            "formset": formset,
            "previous_actions": queries.previous_open_action_items(meeting),
        },
    )


@project_view(coordinator_only=True)
def attachments(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        services.add_attachment(meeting, upload, content_type=form.content_type, actor=request.user)
        messages.success(request, _("%(name)s attached.") % {"name": upload.name})
        return redirect("meetings:attachments", project.pk, meeting.pk)
    return render(
        request,
        "meetings/attachments.html",
        {"project": project, "meeting": meeting, "form": form, "attachments": meeting.attachments.all()},
    )


@project_view()
def attachment_download(request, project, meeting_pk, attachment_pk):
    meeting = get_meeting(project, meeting_pk)
    attachment = get_object_or_404(meeting.attachments.all(), pk=attachment_pk)
    return files.file_response(
        request, attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@require_POST
@project_view(coordinator_only=True)
def attachment_delete(request, project, meeting_pk, attachment_pk):
    meeting = get_meeting(project, meeting_pk)
    attachment = get_object_or_404(meeting.attachments.all(), pk=attachment_pk)
    services.delete_attachment(attachment, actor=request.user)
    messages.success(request, _("%(name)s removed.") % {"name": attachment.original_name})
    return redirect("meetings:attachments", project.pk, meeting.pk)


@project_view(coordinator_only=True)
def invite(request, project, meeting_pk):
    meeting = get_meeting(project, meeting_pk)
    contacts = services.member_contacts(project).exclude(meeting_invitations__meeting=meeting)
    contacts = contacts.order_by("organisation__name", "name")
    form = InviteForm(request.POST or None, contacts=contacts)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.invite(meeting, form.cleaned_data["contacts"], actor=request.user)
        except services.MeetingError as error:
            error_to_form(form, error)
        else:
            messages.success(request, _("Invitations sent: %(count)s.") % {"count": len(created)})
            return redirect(meeting)
    return render(request, "meetings/invite.html", {"project": project, "meeting": meeting, "form": form})


@project_view(coordinator_only=True)
def series_create(request, project):
    form = SeriesForm(request.POST or None, instance=MeetingSeries(project=project))
    if request.method == "POST" and form.is_valid():
        try:
            meetings = services.create_series(form.save(commit=False), actor=request.user)
        except services.MeetingError as error:
            form.add_error("repeat", error.message)
        else:
            messages.success(
                request,
                ngettext("Series saved with %(count)s meeting.", "Series saved with %(count)s meetings.", len(meetings))
                % {"count": len(meetings)},
            )
            return redirect("meetings:list", project.pk)
    return render(request, "meetings/series_form.html", {"project": project, "form": form})
