"""A project's results and their dissemination (the funder's criterion: results used and disseminated).

Every member may read them; coordinators add, edit and delete; a file is downloaded only through
`output_file`, which checks the project.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import files
from partners.access import project_view

from . import queries, services
from .forms import DisseminationEventForm, OutputForm
from .models import DisseminationEvent, Output


def _output(project, output_pk):
    return get_object_or_404(Output.objects.filter(project=project), pk=output_pk)


def _event(project, event_pk):
    return get_object_or_404(
        DisseminationEvent.objects.filter(output__project=project).select_related("output"), pk=event_pk
    )


def _to_output(project, output):
    return redirect(f"{reverse('results:list', args=[project.pk])}#output-{output.pk}")


@project_view()
def output_list(request, project):
    return render(
        request,
        "results/output_list.html",
        {
            "project": project,
            "outputs": queries.outputs_with_events(project),
            "coverage": queries.dissemination_coverage(project),
            "today": timezone.localdate(),
        },
    )


@project_view(coordinator_only=True)
def output_create(request, project):
    form = OutputForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        output = form.save(commit=False)
        output.project = project
        services.add_output(
            output,
            actor=request.user,
            upload=form.cleaned_data["upload"],
            content_type=form.content_type,
            contributors=form.cleaned_data["contributors"],
        )
        messages.success(request, _("Output %(title)s added.") % {"title": output.title})
        return _to_output(project, output)
    return render(request, "results/output_form.html", {"project": project, "form": form})


@project_view(coordinator_only=True)
def output_edit(request, project, output_pk):
    output = _output(project, output_pk)
    form = OutputForm(request.POST or None, request.FILES or None, instance=output, project=project)
    if request.method == "POST" and form.is_valid():
        services.update_output(
            form.save(commit=False),
            actor=request.user,
            changed_fields=form.changed_data,
            upload=form.cleaned_data["upload"],
            content_type=form.content_type,
            remove_file=form.cleaned_data.get("remove_file", False),
            contributors=form.cleaned_data["contributors"],
        )
        messages.success(request, _("Output %(title)s saved.") % {"title": output.title})
        return _to_output(project, output)
    return render(request, "results/output_form.html", {"project": project, "form": form, "output": output})


@project_view(coordinator_only=True)
def output_delete(request, project, output_pk):
    """Asks first on its own page (no script needed); the POST deletes the output and its events."""
    output = _output(project, output_pk)
    if request.method == "POST":
        services.delete_output(output, actor=request.user)
        messages.success(request, _("Output %(title)s deleted.") % {"title": output.title})
        return redirect("results:list", project.pk)
    return render(
        request,
        "results/output_delete.html",
        {"project": project, "output": output, "event_count": output.events.count()},
    )


@project_view()
def output_file(request, project, output_pk):
    output = _output(project, output_pk)
    if not output.file:
        raise Http404
    return files.file_response(request, output.file, filename=output.file_name, content_type=output.file_type)


@project_view(coordinator_only=True)
def event_create(request, project, output_pk):
    output = _output(project, output_pk)
    form = DisseminationEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.output = output
        services.add_event(event, actor=request.user)
        messages.success(request, _("Dissemination recorded for %(title)s.") % {"title": output.title})
        return _to_output(project, output)
    return render(request, "results/event_form.html", {"project": project, "output": output, "form": form})


@project_view(coordinator_only=True)
def event_edit(request, project, event_pk):
    event = _event(project, event_pk)
    form = DisseminationEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        services.update_event(form.save(commit=False), actor=request.user, changed_fields=form.changed_data)
        messages.success(request, _("Dissemination saved for %(title)s.") % {"title": event.output.title})
        return _to_output(project, event.output)
    return render(
        request, "results/event_form.html", {"project": project, "output": event.output, "event": event, "form": form}
    )


@project_view(coordinator_only=True)
def event_delete(request, project, event_pk):
    event = _event(project, event_pk)
    if request.method == "POST":
        services.delete_event(event, actor=request.user)
        messages.success(request, _("Dissemination deleted from %(title)s.") % {"title": event.output.title})
        return _to_output(project, event.output)
    return render(request, "results/event_delete.html", {"project": project, "output": event.output, "event": event})
