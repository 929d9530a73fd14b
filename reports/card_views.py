"""The funder's project card and the officer's case work on it (reports.card, reports.casework).

Funder reviewers see every project's card; everyone else gets 404, coordinators included (they have the project
home). Thin: the card's figures are reports.card's, the changes reports.casework's. A form with bad input is
shown again on the card with its errors next to the fields and the input kept.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from networkhub.errors import ServiceError
from networkhub.models import Role
from partners.access import role_view
from projects.models import Project

from . import casework
from .card import card
from .forms import CaseNoteForm, FollowUpForm, OfficerForm
from .models import FollowUp


def _project(project_pk):
    return get_object_or_404(Project.objects.select_related("programme", "health_day"), pk=project_pk)


def _render(request, project, status=200, **forms):
    context = card(project)
    context["officer_form"] = forms.get("officer_form") or OfficerForm(
        initial={"officer": context["officer"].pk if context["officer"] else None}
    )
    context["note_form"] = forms.get("note_form") or CaseNoteForm()
    context["follow_up_form"] = forms.get("follow_up_form") or FollowUpForm()
    return render(request, "reports/project_card.html", context, status=status)


@require_safe
@role_view(Role.FUNDER)
def project_card(request, project_pk):
    return _render(request, _project(project_pk))


def _apply(request, project, form, name, change, done):
    """Run `change(cleaned_data)` for a valid form; a refusal goes next to its field. Redirects to the card's
    section on success, else shows the card again with the form's errors."""
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, done)
            return _to_case_work(project)
    return _render(request, project, **{name: form})


@require_POST
@role_view(Role.FUNDER)
def assign_officer(request, project_pk):
    project = _project(project_pk)
    return _apply(
        request,
        project,
        OfficerForm(request.POST),
        "officer_form",
        lambda data: casework.assign_officer(project, data["officer"], actor=request.user),
        _("Officer saved."),
    )


@require_POST
@role_view(Role.FUNDER)
def add_note(request, project_pk):
    project = _project(project_pk)
    return _apply(
        request,
        project,
        CaseNoteForm(request.POST),
        "note_form",
        lambda data: casework.add_note(project, data["text"], actor=request.user),
        _("Note saved."),
    )


@require_POST
@role_view(Role.FUNDER)
def add_follow_up(request, project_pk):
    project = _project(project_pk)
    return _apply(
        request,
        project,
        FollowUpForm(request.POST),
        "follow_up_form",
        lambda data: casework.add_follow_up(project, data["due_date"], data["what"], actor=request.user),
        _("Follow-up saved."),
    )


@require_POST
@role_view(Role.FUNDER)
def complete_follow_up(request, project_pk, follow_up_pk):
    project = _project(project_pk)
    follow_up = get_object_or_404(FollowUp.objects.filter(project=project), pk=follow_up_pk)
    casework.complete_follow_up(follow_up, actor=request.user)
    messages.success(request, _("Follow-up marked done."))
    return _to_case_work(project)


def _to_case_work(project):
    return redirect(reverse("reports:card", args=[project.pk]) + "#case-work")
