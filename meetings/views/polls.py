from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from meetings import polls, services, times
from meetings.forms import PollAnswerForm, PollForm, SlotFormSet
from meetings.forms.fields import submitted_zone
from meetings.models import PollAnswer, PollStatus, TimePoll
from networkhub.confirm import Confirmation, confirm_first
from partners.access import project_view

from .common import error_to_form, get_poll


def answer_form(invitee, slots, data=None, viewer=None):
    """`viewer`: the zone the answering contact reads times in (the link page shows it beside the poll's)."""
    given = {answer.slot_id: answer for answer in PollAnswer.objects.filter(invitee=invitee)}
    return PollAnswerForm(data, slots=slots, answers=given, prefix=f"poll{invitee.pk}", viewer=viewer)


def poll_context(poll, slots, *, coordinator, mine):
    """What a viewer sees: the grid for coordinators, and for members only if the poll says so."""
    show_all = coordinator or poll.members_see_answers
    shown = list(poll.invitees.select_related("contact__organisation")) if show_all else mine
    return {
        "poll": poll,
        "slots": slots,
        "grid": polls.answer_grid(poll, slots, shown),
        "rankings": polls.rank_slots(poll) if show_all else None,
        "show_all": show_all,
        "convert": coordinator and poll.status == PollStatus.OPEN,
    }


@project_view(coordinator_only=True)
def poll_create(request, project):
    contacts = services.member_contacts(project).order_by("organisation__name", "name")
    form = PollForm(request.POST or None, instance=TimePoll(project=project), contacts=contacts)
    slots = SlotFormSet(request.POST or None, prefix="slots", form_kwargs={"zone_name": submitted_zone(request.POST)})
    if request.method == "POST" and form.is_valid() and slots.is_valid():
        try:
            poll = polls.create_poll(
                form.save(commit=False), slots=slots.slots(), contacts=form.cleaned_data["contacts"], actor=request.user
            )
        except services.MeetingError as error:
            error_to_form(form, error)
        else:
            invited = poll.invitees.count()
            messages.success(
                request,
                ngettext("Time poll sent to %(count)s person.", "Time poll sent to %(count)s people.", invited)
                % {"count": invited},
            )
            return redirect(poll)
    return render(request, "meetings/poll_form.html", {"project": project, "form": form, "slots": slots})


@project_view()
def poll_detail(request, project, poll_pk):
    """The poll page. A POST here is the signed-in invitee's answers."""
    poll = get_poll(project, poll_pk)
    slots = list(poll.slots.select_related("poll"))
    mine = list(poll.invitees.filter(contact__user=request.user).select_related("contact__organisation"))
    forms = {invitee.pk: answer_form(invitee, slots) for invitee in mine}
    if request.method == "POST":
        invitee = next((i for i in mine if str(i.pk) == request.POST.get("invitee")), None)
        if invitee is None:
            raise Http404
        form = forms[invitee.pk] = answer_form(invitee, slots, request.POST)
        if form.is_valid():
            try:
                polls.record_poll_answers(invitee, form.answers(), actor=request.user)
            except services.MeetingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your answers have been saved. You can change them until the deadline."))
                return redirect(poll)
    context = poll_context(poll, slots, coordinator=request.is_project_coordinator, mine=mine)
    context.update({"project": project, "my_forms": [(invitee, forms[invitee.pk]) for invitee in mine]})
    return render(request, "meetings/poll_detail.html", context)


def _confirm_convert(request, project, poll_pk, slot_pk):
    poll = get_poll(project, poll_pk)
    slot = get_object_or_404(poll.slots.all(), pk=slot_pk)
    if poll.status != PollStatus.OPEN or poll.meeting_id:
        messages.error(request, _("This poll has already been closed."))
        return redirect(poll)
    count = poll.invitees.count()
    when = times.format_range(slot.start, slot.end, poll.time_zone)
    return Confirmation(
        title=_("Make this time the meeting?"),
        what_happens=ngettext(
            "“%(title)s” is scheduled for %(when)s, the poll closes, and %(count)s person gets an invitation by "
            "e-mail.",
            "“%(title)s” is scheduled for %(when)s, the poll closes, and %(count)s people get an invitation by e-mail.",
            count,
        )
        % {"title": poll.title, "when": when, "count": count},
        recipients=count,
        confirm_label=_("Schedule and send the invitations"),
        action_url=reverse("meetings:poll_convert", args=[project.pk, poll.pk, slot.pk]),
        cancel_url=poll.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@project_view(coordinator_only=True)
@confirm_first(_confirm_convert)
def poll_convert(request, project, poll_pk, slot_pk):
    poll = get_poll(project, poll_pk)
    slot = get_object_or_404(poll.slots.all(), pk=slot_pk)
    try:
        meeting = polls.convert_to_meeting(poll, slot, actor=request.user)
    except services.MeetingError as error:
        messages.error(request, error.message)
        return redirect(poll)
    messages.success(request, _("The meeting is scheduled and the invitations are on their way."))
    return redirect(meeting)


@require_POST
@project_view(coordinator_only=True)
def poll_close(request, project, poll_pk):
    poll = get_poll(project, poll_pk)
    try:
        polls.close_poll(poll, actor=request.user)
    except services.MeetingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The poll is closed."))
    return redirect(poll)
