"""The ideas log (characteristic 7): members put ideas forward, coordinators try, adopt or drop them."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from goals import ideas
from goals.forms import IdeaFilterForm, IdeaForm, IdeaStatusForm
from goals.models import Idea, IdeaStatus
from meetings.services import member_contacts
from meetings.views.common import error_to_form
from meetings.views.meetings import _member_organisations
from partners.access import own_memberships, project_view
from partners.models import ContactPerson, Organisation


def _ideas(project):
    return Idea.objects.filter(project=project).select_related(
        "proposed_by_organisation", "proposed_by_contact", "created_by", "adopted_decision__meeting", "adopted_review"
    )


@project_view()
def idea_list(request, project):
    form = IdeaFilterForm(request.GET or None)
    counts = dict(Idea.objects.filter(project=project).values_list("status").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "goals/idea_list.html",
        {
            "project": project,
            "form": form,
            "ideas": form.filter(_ideas(project)),
            "counts": [(label, counts.get(value, 0)) for value, label in IdeaStatus.choices],
        },
    )


@project_view()
def idea_create(request, project):
    if request.is_project_coordinator:
        organisations = _member_organisations(project)
        contacts = member_contacts(project).order_by("organisation__name", "name")
    else:
        own = own_memberships(request, project).current().values("organisation_id")
        organisations, contacts = Organisation.objects.filter(pk__in=own).order_by("name"), None
    form = IdeaForm(
        request.POST or None, instance=Idea(project=project), organisations=organisations, contacts=contacts
    )
    if request.method == "POST" and form.is_valid():
        idea = form.save(commit=False)
        if contacts is None:  # a partner contact proposes as themselves
            idea.proposed_by_contact = ContactPerson.objects.filter(
                organisation=idea.proposed_by_organisation, user=request.user
            ).first()
        ideas.propose_idea(idea, actor=request.user)
        messages.success(request, _("Idea added to the log. The coordinators will answer it."))
        return redirect(idea)
    return render(request, "goals/idea_form.html", {"project": project, "form": form})


@project_view()
def idea_detail(request, project, idea_pk):
    idea = get_object_or_404(_ideas(project).select_related("status_changed_by"), pk=idea_pk)
    form = None
    if request.is_project_coordinator and idea.next_statuses:
        form = IdeaStatusForm(request.POST or None, idea=idea)
    if request.method == "POST":
        if not request.is_project_coordinator:
            raise Http404
        if form is None:
            messages.info(request, _("An adopted idea keeps its status."))
            return redirect(idea)
        if form.is_valid():
            status = form.cleaned_data["status"]
            links = {}
            if status == IdeaStatus.ADOPTED:
                links = {"decision": form.cleaned_data["decision"], "review": form.cleaned_data["review"]}
            try:
                ideas.BY_STATUS[status](idea, actor=request.user, **links)
            except ideas.IdeaError as error:
                error_to_form(form, error)
            else:
                messages.success(request, _("The idea is now “%(status)s”.") % {"status": IdeaStatus(status).label})
                return redirect(idea)
    return render(request, "goals/idea_detail.html", {"project": project, "idea": idea, "form": form})
