"""The trust pulse's pages: the survey (a personal link, no sign-in), the results for the network, the setting."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.queries import agenda_item
from networkhub import tokens
from networkhub.dates import short_date
from networkhub.links import EmailedLinkView
from partners.access import project_view

from . import queries, services
from .forms import PulseSettingForm, SurveyForm
from .models import MIN_ORGANISATIONS, PulseAnswer, PulseRecipient, PulseRound, TokenPurpose

ROUNDS_SHOWN = 8  # two years of quarters on the results page


class SurveyView(EmailedLinkView):
    """GET shows the survey; POST records the answer. A used, expired or unknown link gets a clear page."""

    purpose = TokenPurpose.PULSE
    target_model = PulseRecipient
    check_on_post = True  # an answered survey shows its "thank you" first, whatever the link's state
    mark_opened = False  # when a survey link was opened would say roughly when its answer came

    def get_queryset(self):
        return PulseRecipient.objects.select_related("round__project", "contact")

    def recipient_language(self, recipient):
        return recipient.contact.language

    def settled(self, request, link, recipient):
        if recipient.answered:
            return render(request, "pulse/thanks.html", {"round": recipient.round, "already": True})
        return None

    def get(self, request, link, recipient):
        return self._page(request, recipient.round, SurveyForm())

    def post(self, request, link, recipient):
        form = SurveyForm(request.POST or None)
        if not form.is_valid():
            return self._page(request, recipient.round, form)
        try:
            services.answer(link, form.ratings(), form.cleaned_data["comment"])
        except (services.PulseError, tokens.TokenInvalid) as error:
            return self.invalid(request, error)
        return render(request, "pulse/thanks.html", {"round": recipient.round, "already": False})

    def _page(self, request, pulse_round, form):
        return render(
            request,
            "pulse/survey.html",
            {
                "form": form,
                "round": pulse_round,
                "project": pulse_round.project,
                **queries.audience(pulse_round.project),
            },
        )


survey = SurveyView.as_view()


@project_view()
def results(request, project):
    """The rounds' results: an open round shows only when it closes (the coordinator also sees response bands by
    organisation); a closed one its fixed counts and, from enough answers, the aggregates."""
    rounds = list(PulseRound.objects.filter(project=project).order_by("-quarter")[:ROUNDS_SHOWN])
    results = [queries.round_result(pulse_round) for pulse_round in rounds]
    bands = {}
    if request.is_project_coordinator:
        bands = {r.round.pk: queries.response_bands(r.round) for r in results if not r.closed}
    for result in results:
        result.bands = bands.get(result.round.pk, [])
    return render(
        request,
        "pulse/results.html",
        {
            "project": project,
            "enabled": queries.is_enabled(project),
            "results": results,
            "min_answers": queries.min_answers(),
            "min_organisations": MIN_ORGANISATIONS,
        },
    )


@project_view(coordinator_only=True)
def hide_comment(request, project, answer_pk):
    """GET asks for confirmation; POST hides (erases) a comment that identifies someone. Irreversible."""
    pulse_answer = get_object_or_404(
        PulseAnswer, pk=answer_pk, round__project=project, round__closed=True, comment_hidden=False
    )
    if request.method == "POST":
        services.hide_comment(pulse_answer, actor=request.user)
        messages.success(request, _("The comment is hidden."))
        return redirect("pulse:results", project.pk)
    return render(request, "pulse/hide_comment.html", {"project": project, "answer": pulse_answer})


@project_view(coordinator_only=True)
def put_on_agenda(request, project, round_pk):
    """GET shows the project's next meeting (or says there is none, with a link to schedule one); POST adds the
    closed round's results to its agenda, once (a second press shows the item already there)."""
    pulse_round = get_object_or_404(PulseRound, pk=round_pk, project=project, closed=True)
    item = None
    if pulse_round.agenda_item_id is not None:
        item = agenda_item(pulse_round.agenda_item_id)
    meeting = None if item else services.next_meeting(project)
    if request.method == "POST" and item is None:
        try:
            item, created = services.put_on_agenda(pulse_round, actor=request.user)
        except services.AgendaError as error:
            messages.error(request, error.message)
            return redirect("pulse:agenda", project.pk, pulse_round.pk)
        if created:
            messages.success(
                request, _("The results are on the agenda of %(meeting)s.") % {"meeting": item.meeting.title}
            )
        return redirect("pulse:agenda", project.pk, pulse_round.pk)
    return render(
        request, "pulse/agenda.html", {"project": project, "round": pulse_round, "item": item, "meeting": meeting}
    )


@project_view(coordinator_only=True)
def pulse_settings(request, project):
    form = PulseSettingForm(
        request.POST if request.method == "POST" else None,
        initial={"enabled": queries.is_enabled(project), "in_report": queries.in_report(project)},
    )
    if request.method == "POST" and form.is_valid():
        pulse_round = services.set_enabled(
            project, form.cleaned_data["enabled"], actor=request.user, in_report=form.cleaned_data["in_report"]
        )
        if pulse_round is not None:
            messages.success(
                request,
                _("The trust pulse is on. The survey of %(quarter)s is open until %(date)s.")
                % {"quarter": pulse_round.label, "date": short_date(pulse_round.closes_on)},
            )
        else:
            messages.success(request, _("The trust pulse is off."))
        return redirect("pulse:results", project.pk)
    return render(request, "pulse/settings.html", {"project": project, "form": form})


@project_view()
def survey_own(request, project):
    """A signed-in member contact's way to the open survey waiting for them (their to-do links here)."""
    recipient = queries.open_surveys_for(request.user, [project.pk], timezone.localdate()).first()
    if recipient is None:
        messages.info(request, _("No trust pulse survey waits for your answer in this project."))
        return redirect(project.get_absolute_url())
    try:
        raw = services.survey_link_for_account(recipient)
    except services.PulseError as error:
        messages.error(request, error.message)
        return redirect(project.get_absolute_url())
    return redirect("pulse:survey", raw)
