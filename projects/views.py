from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commitments.overview import dashboard_summary as commitment_summary
from meetings.services import dashboard_summary as meeting_summary
from networkhub.access import project_view, require_project_creator, visible_projects
from partners.models import Membership, MembershipStatus
from partners.services import network_composition

from . import services
from .forms import AddCoordinatorForm, GoalFormSet, ProjectForm, ProjectRegistrationForm
from .models import Project
from .reports import services as report_services


@login_required
def project_list(request):
    projects = (
        visible_projects(request.user)
        .select_related("programme")
        .annotate(member_count=Count("memberships", filter=~Q(memberships__status=MembershipStatus.WITHDRAWN)))
    )
    return render(request, "projects/project_list.html", {"projects": projects})


@login_required
def project_create(request):
    require_project_creator(request.user)
    form = ProjectRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = services.register_project(
            form.save(commit=False), coordinator=request.user, lead_organisation=form.cleaned_data["lead_organisation"]
        )
        messages.success(request, _("Project %(project)s registered.") % {"project": project.acronym})
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "creating": True})


@project_view()
def project_detail(request, project):
    members = Membership.objects.current().filter(project=project).with_organisation()
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "composition": network_composition(project),
            "members": members,
            "goals": project.goals.all(),
            "coordinators": project.coordinators.order_by("full_name"),
            "commitments": commitment_summary(project),
            "meetings": meeting_summary(project),
            "next_report_deadline": report_services.next_deadline(project),
        },
    )


@project_view(coordinator_only=True)
def project_edit(request, project):
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        services.update_project(form.save(commit=False), actor=request.user, changed_fields=form.changed_data)
        messages.success(request, _("Project details saved."))
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@project_view(coordinator_only=True)
def project_goals(request, project):
    formset = GoalFormSet(request.POST or None, instance=project)
    if request.method == "POST" and formset.is_valid():
        services.save_goals(project, formset, actor=request.user)
        messages.success(request, _("Goals saved."))
        return redirect(project)
    return render(request, "projects/goals_form.html", {"project": project, "formset": formset})


@project_view(coordinator_only=True)
def project_coordinators(request, project):
    form = AddCoordinatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.add_coordinator(project, email=form.cleaned_data["email"], actor=request.user)
        except services.ProjectError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(name)s now coordinates this project.") % {"name": user})
            return redirect("projects:coordinators", project.pk)
    return render(
        request,
        "projects/coordinators.html",
        {"project": project, "form": form, "coordinators": project.coordinators.order_by("full_name")},
    )


@require_POST
@project_view(coordinator_only=True)
def coordinator_remove(request, project, user_pk):
    user = get_object_or_404(project.coordinators.all(), pk=user_pk)
    try:
        services.remove_coordinator(project, user=user, actor=request.user)
    except services.ProjectError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s no longer coordinates this project.") % {"name": user})
    if user == request.user and not Project.objects.coordinated_by(request.user).filter(pk=project.pk).exists():
        return redirect("projects:list")
    return redirect("projects:coordinators", project.pk)
