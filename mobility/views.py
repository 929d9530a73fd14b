"""A project's mobility records. Every member reads them; a member's contact records, edits and deletes those of
their own organisation, the coordinators every one; both may import a file of them (all rows or none)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from partners.access import project_view
from partners.queries import current_members

from . import access, importer, queries, services
from .forms import ImportForm, MobilityForm


def _own(request, project):
    """None for a coordinator (any organisation), else the pks of the user's own member organisations."""
    if request.is_project_coordinator:
        return None
    return list(access.own_organisations(request, project))


@project_view()
def mobility_list(request, project):
    mobilities = list(queries.listing(project))
    editable = set(access.editable(request, project).values_list("pk", flat=True))
    for mobility in mobilities:
        mobility.may_edit = mobility.pk in editable
    return render(
        request,
        "mobility/mobility_list.html",
        {"project": project, "mobilities": mobilities, "totals": queries.totals(project)},
    )


@project_view()
def mobility_create(request, project):
    form = MobilityForm(request.POST or None, project=project, own=_own(request, project))
    if request.method == "POST" and form.is_valid():
        mobility = form.save(commit=False)
        mobility.project = project
        services.add_mobility(mobility, actor=request.user)
        messages.success(request, _("Mobility recorded."))
        return redirect("mobility:list", project.pk)
    return render(request, "mobility/mobility_form.html", {"project": project, "form": form})


@project_view()
def mobility_edit(request, project, mobility_pk):
    mobility = access.get_editable(request, project, mobility_pk)
    form = MobilityForm(request.POST or None, instance=mobility, project=project, own=_own(request, project))
    if request.method == "POST" and form.is_valid():
        services.update_mobility(form.save(commit=False), actor=request.user, changed_fields=form.changed_data)
        messages.success(request, _("Mobility saved."))
        return redirect("mobility:list", project.pk)
    return render(request, "mobility/mobility_form.html", {"project": project, "form": form, "mobility": mobility})


@project_view()
def mobility_delete(request, project, mobility_pk):
    """Asks first on its own page (no script needed); the POST deletes the record."""
    mobility = access.get_editable(request, project, mobility_pk)
    if request.method == "POST":
        services.delete_mobility(mobility, actor=request.user)
        messages.success(request, _("Mobility deleted."))
        return redirect("mobility:list", project.pk)
    return render(request, "mobility/mobility_delete.html", {"project": project, "mobility": mobility})


@project_view()
def import_template(request, project):
    return importer.template_response(get_language())


@project_view()
def mobility_import(request, project):
    """Upload: every row is validated and the errors shown, nothing saved. A file without errors is previewed;
    confirming saves all its rows at once (the rows travel signed between the two steps)."""
    own = _own(request, project)
    context = {"project": project, "columns": importer.COLUMNS}
    if request.method == "POST" and "confirm" in request.POST:
        values = importer.unsign(request.POST.get("rows", ""), project, request.user)
        if values is None:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("mobility:import", project.pk)
        records = [importer.build(row, project) for row in values]
        if own is not None and not all(
            {r.sending_organisation_id, r.receiving_organisation_id} & set(own) for r in records
        ):
            messages.error(request, _("The data changed meanwhile. Upload the file again to check it."))
            return redirect("mobility:import", project.pk)
        try:
            saved = services.import_mobilities(
                project, records, actor=request.user, file_name=request.POST.get("file_name", "")[:255]
            )
        except ValidationError:
            messages.error(request, _("The data changed meanwhile. Upload the file again to check it."))
            return redirect("mobility:import", project.pk)
        messages.success(
            request,
            ngettext("%(count)s mobility imported.", "%(count)s mobilities imported.", len(saved))
            % {"count": len(saved)},
        )
        return redirect("mobility:list", project.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            importer.check_file(upload)
            values, errors = importer.parse(upload, project, own=own)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            context.update(errors=errors, file_name=upload.name)
            if not errors:
                context.update(
                    preview=[importer.build(row, project) for row in values],
                    rows=importer.sign(values, project, request.user),
                )
                _attach_names(context["preview"], project)
    context["form"] = form
    return render(request, "mobility/mobility_import.html", context)


def _attach_names(records, project):
    names = dict(current_members(project).values_list("organisation_id", "organisation__name"))
    for record in records:
        record.sending_label = names.get(record.sending_organisation_id, record.sending_name)
        record.receiving_label = names.get(record.receiving_organisation_id, record.receiving_name)
