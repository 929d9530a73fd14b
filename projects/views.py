from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from networkhub import contributions

from . import services
from .access import coordinator_view
from .forms import AddCoordinatorForm, ProjectForm
from .models import Project


@coordinator_view
def project_edit(request, project):
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        services.update_project(form.save(commit=False), actor=request.user, changed_fields=form.changed_data)
        messages.success(request, _("Project details saved."))
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@coordinator_view
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
@coordinator_view
def coordinator_remove(request, project, user_pk):
    user = get_object_or_404(project.coordinators.all(), pk=user_pk)
    try:
        services.remove_coordinator(project, user=user, actor=request.user)
    except services.ProjectError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s no longer coordinates this project.") % {"name": user})
    if user == request.user and not Project.objects.coordinated_by(request.user).filter(pk=project.pk).exists():
        return redirect(contributions.link("project_list"))
    return redirect("projects:coordinators", project.pk)
