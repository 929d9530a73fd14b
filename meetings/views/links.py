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

from accounts.models import User
from meetings import calendar, polls, services
from meetings.forms import RSVPForm
from meetings.models import Invitation, Meeting, PollInvitee, Response, TokenPurpose
from networkhub import tokens
from networkhub.links import EmailedLinkView
from networkhub.models import LinkToken
from partners.access import visible_projects

from .common import error_to_form
from .polls import answer_form, poll_context


class _PersonalLinkView(EmailedLinkView):
    """A reply or poll link: not single-use, so a POST must find it live too."""

    check_on_post = True


class RSVPView(_PersonalLinkView):
    purpose = TokenPurpose.RSVP
    target_model = Invitation

    def get_queryset(self):
        return Invitation.objects.select_related("meeting__project", "contact__organisation")

    def recipient_language(self, invitation):
        return invitation.contact.language

    def get(self, request, link, invitation):
        """Shows the reply form; its POST records the reply."""
        meeting = invitation.meeting
        initial = {"response": invitation.response if invitation.response != Response.PENDING else None}
        form = RSVPForm(request.POST or None, initial={**initial, "proxy_name": invitation.proxy_name})
        if request.method == "POST" and form.is_valid():
            try:
                services.record_rsvp(invitation, **form.cleaned_data)
            except services.MeetingError as error:
                error_to_form(form, error)
            else:
                messages.success(
                    request, _("Thank you, your reply has been saved. You can change it until the meeting.")
                )
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

    post = get


class PollView(_PersonalLinkView):
    purpose = TokenPurpose.POLL
    target_model = PollInvitee

    def get_queryset(self):
        return PollInvitee.objects.select_related("poll__project", "contact__organisation")

    def recipient_language(self, invitee):
        return invitee.contact.language

    def get(self, request, link, invitee):
        """Shows the poll's slots; its POST records the answers."""
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

    post = get


class FeedView(EmailedLinkView):
    """The personal calendar: meetings of the projects the user may see now. Unknown or revoked: 404."""

    purpose = TokenPurpose.CALENDAR_FEED
    target_model = User
    http_method_names = ["get", "head"]

    def get_target(self, link):
        user = super().get_target(link)
        return user if user is not None and user.is_active else None

    def invalid(self, request, error):
        raise Http404

    def get(self, request, link, user):
        meetings = (
            Meeting.objects.filter(project__in=visible_projects(user), end__gte=timezone.now() - timedelta(days=365))
            .select_related("project")
            .order_by("start")
        )
        with translation.override(user.language):
            body = calendar.feed_ics(list(meetings), name=_("networkhub meetings"))
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")


rsvp = RSVPView.as_view()
poll = PollView.as_view()
feed = FeedView.as_view()


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
