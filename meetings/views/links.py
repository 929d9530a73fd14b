"""Pages reached by a personal link (reply to a meeting, answer a poll) and the personal calendar feed.

GET only shows; POST records. The links are not single-use: people can change their answer until
the meeting starts or the poll's deadline passes, which the service functions enforce.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from meetings import calendar, polls, services
from meetings.forms import RSVPForm
from meetings.models import Invitation, Meeting, PollInvitee, Response, TokenPurpose
from networkhub import tokens
from networkhub.languages import speak_recipients_language
from networkhub.models import LinkToken
from partners.access import visible_projects

from .common import error_to_form
from .polls import answer_form, poll_context


def _link(request, token, purpose, model):
    """The live token's target, or a TokenInvalid for the 'link does not work' page."""
    link = tokens.lookup(token, purpose)
    tokens.check_state(link, timezone.now())
    target = model.objects.filter(pk=link.target_id).first() if link.target_type.model_class() is model else None
    if target is None:
        raise tokens.TokenInvalid("unknown")
    if request.method == "GET":
        tokens.mark_opened(link)
    return target


def _invalid(request, error):
    return render(request, "networkhub/link_invalid.html", {"reason": error.message}, status=410)


@never_cache
def rsvp(request, token):
    try:
        invitation = _link(request, token, TokenPurpose.RSVP, Invitation)
    except tokens.TokenInvalid as error:
        return _invalid(request, error)
    invitation = Invitation.objects.select_related("meeting__project", "contact__organisation").get(pk=invitation.pk)
    speak_recipients_language(request, invitation.contact.language)
    meeting = invitation.meeting
    initial = {"response": invitation.response if invitation.response != Response.PENDING else None}
    form = RSVPForm(request.POST or None, initial={**initial, "proxy_name": invitation.proxy_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_rsvp(invitation, **form.cleaned_data)
        except services.MeetingError as error:
            error_to_form(form, error)
        else:
            messages.success(request, _("Thank you, your reply has been saved. You can change it until the meeting."))
            return redirect(request.path)
    return render(
        request,
        "meetings/rsvp_link.html",
        {
            "invitation": invitation,
            "meeting": meeting,
            "project": meeting.project,
            "agenda": meeting.agenda_items.select_related("presenter"),
            "form": form,
            "open": meeting.is_planned and not meeting.has_started,
            "viewer_zone": invitation.contact.time_zone,
        },
    )


@never_cache
def poll(request, token):
    try:
        invitee = _link(request, token, TokenPurpose.POLL, PollInvitee)
    except tokens.TokenInvalid as error:
        return _invalid(request, error)
    invitee = PollInvitee.objects.select_related("poll__project", "contact__organisation").get(pk=invitee.pk)
    speak_recipients_language(request, invitee.contact.language)
    the_poll = invitee.poll
    slots = list(the_poll.slots.select_related("poll"))
    form = answer_form(invitee, slots, request.POST or None, viewer=invitee.contact.time_zone)
    if request.method == "POST" and form.is_valid():
        try:
            polls.record_poll_answers(invitee, form.answers())
        except services.MeetingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you, your answers have been saved."))
            return redirect(request.path)
    context = poll_context(the_poll, slots, coordinator=False, mine=[invitee])
    context.update({"invitee": invitee, "project": the_poll.project, "form": form})
    return render(request, "meetings/poll_link.html", context)


@never_cache
def feed(request, token):
    """The personal calendar: meetings of the projects the user may see now. Unknown or revoked: 404."""
    try:
        link = tokens.check(token, TokenPurpose.CALENDAR_FEED)
    except tokens.TokenInvalid:
        raise Http404 from None
    user = link.target
    if user is None or not getattr(user, "is_active", False):
        raise Http404
    meetings = (
        Meeting.objects.filter(project__in=visible_projects(user), end__gte=timezone.now() - timedelta(days=365))
        .select_related("project")
        .order_by("start")
    )
    with translation.override(user.language):
        body = calendar.feed_ics(list(meetings), name=_("networkhub meetings"))
    tokens.mark_opened(link)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@never_cache
@login_required
def calendar_settings(request):
    """Create, replace or revoke the personal feed. The address is shown once, when it is made."""
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_feed(request.user)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("meetings:calendar")
        raw = services.create_calendar_feed(request.user)
        new_url = tokens.absolute_url(reverse("meetings:feed", args=[raw]))
    live = (
        LinkToken.objects.for_object(request.user, TokenPurpose.CALENDAR_FEED).usable().order_by("-created_at").first()
    )
    return render(
        request,
        "meetings/calendar_settings.html",
        {
            "feed": live,
            "new_url": new_url,
            "webcal_url": new_url.replace("https://", "webcal://").replace("http://", "webcal://") if new_url else None,
        },
    )
