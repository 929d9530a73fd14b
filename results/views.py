"""A project's results and their dissemination (the funder's criterion: results used and disseminated).

Every member may read them. A current member's contact records outputs, dissemination events and uptakes for
their organisation, and edits or deletes only what their own organisation recorded; coordinators edit, hide
and delete any entry. A file is downloaded only through `output_file`, which checks the project.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from networkhub import files
from networkhub.confirm import Confirmation, confirmation_page
from networkhub.dates import short_date
from partners.access import get_membership, is_own_member, project_view
from partners.queries import current_members

from . import queries, services
from .forms import (
    ContinuationPlanForm,
    ContributionForm,
    DisseminationEventForm,
    MergeForm,
    OutputForm,
    UptakeForm,
)
from .models import ContinuationPlan, Contribution, DisseminationEvent, Output, Uptake


def _own_organisation_ids(request, project):
    """The user's own organisations among the project's current members (`partners.queries.is_member`)."""
    if not hasattr(request, "_results_own"):
        request._results_own = queries.own_member_organisations(request.user, project)
    return request._results_own


def _recorder(request, project):
    """Whom a new entry is recorded for: None for a coordinator, else the partner's own member organisation.
    A contact of no current member (an invited or withdrawn one) records nothing: 404."""
    if request.is_project_coordinator:
        return None
    own = _own_organisation_ids(request, project)
    if not own:
        raise Http404
    return own[0]


def _check_may_change(request, project, entry):
    """Coordinators change any entry; a partner only those their own organisation recorded (else 404)."""
    if request.is_project_coordinator:
        return
    own = {organisation.pk for organisation in _own_organisation_ids(request, project)}
    if entry.recorded_for_id is None or entry.recorded_for_id not in own:
        raise Http404


def _output(project, output_pk, *, hidden=False):
    outputs = Output.objects.filter(project=project)
    if not hidden:
        outputs = outputs.filter(hidden=False)
    return get_object_or_404(outputs, pk=output_pk)


def _event(project, event_pk):
    return get_object_or_404(
        DisseminationEvent.objects.filter(output__project=project, output__hidden=False).select_related("output"),
        pk=event_pk,
    )


def _uptake(project, uptake_pk):
    return get_object_or_404(
        Uptake.objects.filter(output__project=project, output__hidden=False).select_related("output"), pk=uptake_pk
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
            "outputs": queries.outputs_for_list(project, with_hidden=request.is_project_coordinator),
            "coverage": queries.dissemination_coverage(project),
            "today": timezone.localdate(),
            "own": {o.pk for o in _own_organisation_ids(request, project)},
            "may_record": request.is_project_coordinator or bool(_own_organisation_ids(request, project)),
        },
    )


@project_view()
def output_create(request, project):
    recorded_for = _recorder(request, project)
    # A partner records their own organisation's work: it is ticked as one of the makers, to untick if not.
    initial = {"contributors": [recorded_for]} if recorded_for is not None else None
    form = OutputForm(request.POST or None, request.FILES or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        output = form.save(commit=False)
        output.project = project
        services.add_output(
            output,
            actor=request.user,
            upload=form.cleaned_data["upload"],
            content_type=form.content_type,
            contributors=form.cleaned_data["contributors"],
            recorded_for=recorded_for,
        )
        messages.success(request, _("Output %(title)s added.") % {"title": output.title})
        return _to_output(project, output)
    return render(request, "results/output_form.html", {"project": project, "form": form})


@project_view()
def output_edit(request, project, output_pk):
    output = _output(project, output_pk)
    _check_may_change(request, project, output)
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


@project_view()
def output_delete(request, project, output_pk):
    """Asks first on its own page (no script needed); the POST deletes the output and its events."""
    output = _output(project, output_pk, hidden=request.is_project_coordinator)
    _check_may_change(request, project, output)
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
def output_hide(request, project, output_pk):
    """Hide an output (a duplicate, a mistake) or show it again; asks first on its own page."""
    output = _output(project, output_pk, hidden=True)
    if request.method == "POST":
        services.set_output_hidden(output, actor=request.user, hidden=not output.hidden)
        if output.hidden:
            messages.success(request, _("Output %(title)s shown again.") % {"title": output.title})
        else:
            messages.success(request, _("Output %(title)s hidden.") % {"title": output.title})
        return _to_output(project, output)
    return render(request, "results/output_hide.html", {"project": project, "output": output})


@project_view()
def event_create(request, project, output_pk):
    output = _output(project, output_pk)
    recorded_for = _recorder(request, project)
    form = DisseminationEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.output = output
        services.add_event(event, actor=request.user, recorded_for=recorded_for)
        messages.success(request, _("Dissemination recorded for %(title)s.") % {"title": output.title})
        return _to_output(project, output)
    return render(request, "results/event_form.html", {"project": project, "output": output, "form": form})


@project_view()
def event_edit(request, project, event_pk):
    event = _event(project, event_pk)
    _check_may_change(request, project, event)
    form = DisseminationEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        services.update_event(form.save(commit=False), actor=request.user, changed_fields=form.changed_data)
        messages.success(request, _("Dissemination saved for %(title)s.") % {"title": event.output.title})
        return _to_output(project, event.output)
    return render(
        request, "results/event_form.html", {"project": project, "output": event.output, "event": event, "form": form}
    )


@project_view()
def event_delete(request, project, event_pk):
    event = _event(project, event_pk)
    _check_may_change(request, project, event)
    if request.method == "POST":
        services.delete_event(event, actor=request.user)
        messages.success(request, _("Dissemination deleted from %(title)s.") % {"title": event.output.title})
        return _to_output(project, event.output)
    return render(request, "results/event_delete.html", {"project": project, "output": event.output, "event": event})


@project_view()
def uptake_create(request, project, output_pk):
    output = _output(project, output_pk)
    recorded_for = _recorder(request, project)
    form = UptakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        uptake = form.save(commit=False)
        uptake.output = output
        services.add_uptake(uptake, actor=request.user, recorded_for=recorded_for)
        messages.success(request, _("Uptake recorded for %(title)s.") % {"title": output.title})
        return _to_output(project, output)
    return render(request, "results/uptake_form.html", {"project": project, "output": output, "form": form})


@project_view()
def uptake_delete(request, project, uptake_pk):
    uptake = _uptake(project, uptake_pk)
    _check_may_change(request, project, uptake)
    if request.method == "POST":
        services.delete_uptake(uptake, actor=request.user)
        messages.success(request, _("Uptake deleted from %(title)s.") % {"title": uptake.output.title})
        return _to_output(project, uptake.output)
    return render(
        request, "results/uptake_delete.html", {"project": project, "output": uptake.output, "uptake": uptake}
    )


@project_view()
def continuation_list(request, project):
    """Every current member's continuation plan (or its absence); each member's own contacts and the
    coordinators edit it."""
    memberships = queries.continuation_plans(project)
    own = {o.pk for o in _own_organisation_ids(request, project)}
    return render(
        request,
        "results/continuation_list.html",
        {"project": project, "memberships": memberships, "own": own},
    )


@project_view()
def continuation_edit(request, project, membership_pk):
    membership = get_membership(project, membership_pk)
    if not current_members(project).filter(pk=membership.pk).exists():
        raise Http404
    if not request.is_project_coordinator and not is_own_member(request, membership):
        raise Http404
    plan = ContinuationPlan.objects.filter(membership=membership).first() or ContinuationPlan(membership=membership)
    form = ContinuationPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.save_continuation_plan(form.save(commit=False), actor=request.user, changed_fields=form.changed_data)
        messages.success(
            request, _("Continuation plan of %(organisation)s saved.") % {"organisation": membership.organisation}
        )
        return redirect(f"{reverse('results:continuation_list', args=[project.pk])}#member-{membership.pk}")
    return render(
        request, "results/continuation_form.html", {"project": project, "membership": membership, "form": form}
    )


def _contribution(project, contribution_pk):
    return get_object_or_404(Contribution.objects.filter(project=project), pk=contribution_pk)


@project_view()
def contribution_list(request, project):
    """The members' contributions: events hosted, study visits, presentations, introductions."""
    return render(
        request,
        "results/contribution_list.html",
        {
            "project": project,
            "contributions": queries.contributions(project),
            "own": {o.pk for o in _own_organisation_ids(request, project)},
            "may_record": request.is_project_coordinator or bool(_own_organisation_ids(request, project)),
        },
    )


@project_view()
def contribution_create(request, project):
    recorded_for = _recorder(request, project)
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contribution = form.save(commit=False)
        contribution.project = project
        services.add_contribution(contribution, actor=request.user, recorded_for=recorded_for)
        messages.success(request, _("Contribution recorded."))
        return redirect("results:contribution_list", project.pk)
    return render(request, "results/contribution_form.html", {"project": project, "form": form})


@project_view()
def contribution_edit(request, project, contribution_pk):
    contribution = _contribution(project, contribution_pk)
    _check_may_change(request, project, contribution)
    form = ContributionForm(request.POST or None, instance=contribution)
    if request.method == "POST" and form.is_valid():
        services.update_contribution(form.save(commit=False), actor=request.user, changed_fields=form.changed_data)
        messages.success(request, _("Contribution saved."))
        return redirect("results:contribution_list", project.pk)
    return render(
        request, "results/contribution_form.html", {"project": project, "form": form, "contribution": contribution}
    )


@project_view()
def contribution_delete(request, project, contribution_pk):
    contribution = _contribution(project, contribution_pk)
    _check_may_change(request, project, contribution)
    if request.method == "POST":
        services.delete_contribution(contribution, actor=request.user)
        messages.success(request, _("Contribution deleted."))
        return redirect("results:contribution_list", project.pk)
    return render(request, "results/contribution_delete.html", {"project": project, "contribution": contribution})


# --- Merging duplicates (coordinators) --------------------------------------------------------------------------


def _merge(request, project, entry, *, queryset, label, describe, moves, merge, back, done):
    """The coordinator merges `entry` with another entry of `queryset`: a form (GET) picks the other one and which
    to keep; with a valid choice the page asks for confirmation, naming what is kept, removed and moved; the POST
    (to the same address) merges. `moves(duplicate, keep)` are the lines naming what moves; `merge(keep,
    duplicate)` is the service; `back` the address to return to, `done(keep)` the address after merging."""
    form = MergeForm(
        request.GET if "other" in request.GET else None,
        queryset=queryset.exclude(pk=entry.pk),
        label_from_instance=label,
    )
    if not form.is_bound or not form.is_valid():
        if request.method == "POST":
            return redirect(request.path)
        return render(
            request,
            "results/merge_form.html",
            {"project": project, "form": form, "entry": describe(entry), "cancel_url": back},
        )
    other = form.cleaned_data["other"]
    keep, duplicate = (entry, other) if form.cleaned_data["keep"] == "this" else (other, entry)
    if request.method == "POST":
        try:
            kept = merge(keep, duplicate)
        except services.MergeError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(request, _("Merged: %(kept)s is kept.") % {"kept": describe(kept)})
        return redirect(done(kept))
    return confirmation_page(
        request,
        Confirmation(
            title=_("Merge the two entries?"),
            what_happens=_("%(kept)s is kept. %(removed)s is removed.")
            % {"kept": describe(keep), "removed": describe(duplicate)},
            details=moves(duplicate, keep),
            confirm_label=_("Merge"),
            action_url=request.get_full_path(),
            cancel_url=back,
        ),
    )


def _output_label(output):
    recorded = output.recorded_for.name if output.recorded_for_id else _("a coordinator")
    return _("“%(title)s”, recorded %(date)s for %(whom)s") % {
        "title": output.title,
        "date": short_date(timezone.localdate(output.created_at)),
        "whom": recorded,
    }


def _output_moves(duplicate, keep):
    moved = services.output_merge_moves(duplicate, keep)
    lines = [
        ngettext(
            "%(count)s dissemination event moves onto the kept output.",
            "%(count)s dissemination events move onto the kept output.",
            moved["events"],
        )
        % {"count": moved["events"]},
        ngettext(
            "%(count)s uptake moves onto the kept output.",
            "%(count)s uptakes move onto the kept output.",
            moved["uptakes"],
        )
        % {"count": moved["uptakes"]},
        ngettext(
            "%(count)s co-authoring organisation is added to the kept output.",
            "%(count)s co-authoring organisations are added to the kept output.",
            moved["contributors"],
        )
        % {"count": moved["contributors"]},
    ]
    if duplicate.file:
        lines.append(_("The removed output's file %(name)s is deleted.") % {"name": duplicate.file_name})
    return lines


@project_view(coordinator_only=True)
def output_merge(request, project, output_pk):
    output = _output(project, output_pk, hidden=True)
    return _merge(
        request,
        project,
        output,
        queryset=Output.objects.filter(project=project).select_related("recorded_for").order_by("title", "pk"),
        label=_output_label,
        describe=lambda o: f"“{o.title}”",
        moves=_output_moves,
        merge=lambda keep, duplicate: services.merge_outputs(keep, duplicate, actor=request.user),
        back=f"{reverse('results:list', args=[project.pk])}#output-{output.pk}",
        done=lambda kept: f"{reverse('results:list', args=[project.pk])}#output-{kept.pk}",
    )


def _event_label(event):
    return _("%(date)s %(channel)s, %(audience)s (%(reach)s people) – “%(output)s”") % {
        "date": short_date(event.date),
        "channel": event.get_channel_display(),
        "audience": event.audience,
        "reach": event.reach,
        "output": event.output.title,
    }


@project_view(coordinator_only=True)
def event_merge(request, project, event_pk):
    event = _event(project, event_pk)
    return _merge(
        request,
        project,
        event,
        queryset=DisseminationEvent.objects.filter(output__project=project, output__hidden=False)
        .select_related("output")
        .order_by("date", "pk"),
        label=_event_label,
        describe=_event_label,
        moves=lambda duplicate, keep: [_("Nothing else moves: a dissemination event has nothing attached to it.")],
        merge=lambda keep, duplicate: services.merge_events(keep, duplicate, actor=request.user),
        back=f"{reverse('results:list', args=[project.pk])}#output-{event.output_id}",
        done=lambda kept: f"{reverse('results:list', args=[project.pk])}#output-{kept.output_id}",
    )


def _contribution_label(contribution):
    text = f"{short_date(contribution.date)} {contribution.get_kind_display()}"
    return f"{text}: {contribution.counterpart}" if contribution.counterpart else text


@project_view(coordinator_only=True)
def contribution_merge(request, project, contribution_pk):
    contribution = _contribution(project, contribution_pk)
    return _merge(
        request,
        project,
        contribution,
        queryset=Contribution.objects.filter(project=project).order_by("-date", "-pk"),
        label=_contribution_label,
        describe=_contribution_label,
        moves=lambda duplicate, keep: [_("Nothing else moves: a contribution has nothing attached to it.")],
        merge=lambda keep, duplicate: services.merge_contributions(keep, duplicate, actor=request.user),
        back=reverse("results:contribution_list", args=[project.pk]),
        done=lambda kept: reverse("results:contribution_list", args=[project.pk]),
    )
