"""The import wizard of an existing project (coordinators only): download the template, upload it filled in with
the scans of the paper letters, see every row's errors or a preview, and confirm to save everything at once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from networkhub.errors import ServiceError
from partners.access import project_view

from . import importer, services
from .forms import ImportForm


@project_view(coordinator_only=True)
def template_xlsx(request, project):
    return importer.template_response(get_language())


@project_view(coordinator_only=True)
def template_csv(request, project, sheet):
    if sheet not in {s.key for s in importer.SHEETS}:
        raise Http404
    name, text = importer.csv_template(sheet)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@project_view(coordinator_only=True)
def wizard(request, project):
    """Upload: every row of every table is checked and the errors shown, nothing saved. A file without errors is
    previewed (its scans kept meanwhile); confirming saves it all at once (the rows travel signed)."""
    context = {"project": project, "sheets": importer.SHEETS}
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, project)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads, scans = form.cleaned_data["files"], importer.hash_scans(form.cleaned_data["scans"])
        try:
            data, errors = importer.parse(uploads, scans, project)
        except ValidationError as error:
            form.add_error("files", error)
        else:
            context.update(errors=errors, file_name=", ".join(upload.name for upload in uploads)[:255])
            if not errors:
                kept = services.keep_scans(data, scans)
                context.update(
                    preview=importer.preview(data),
                    counts_text=importer.summary_text(importer.summary(data)),
                    token=importer.sign({"data": data, "kept": kept}, project, request.user),
                )
    context["form"] = form
    return render(request, "onboarding/wizard.html", context)


def _confirm(request, project):
    signed = importer.unsign(request.POST.get("token", ""), project, request.user)
    if signed is None:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("onboarding:wizard", project.pk)
    try:
        counts = services.import_project(
            project,
            signed["data"],
            signed["kept"],
            actor=request.user,
            file_name=request.POST.get("file_name", "")[:255],
        )
    except (ServiceError, ValidationError):
        messages.error(request, _("The data changed meanwhile. Upload the file again to check it."))
        return redirect("onboarding:wizard", project.pk)
    messages.success(
        request,
        _("The project was brought in: %(what)s.") % {"what": importer.summary_text(counts)},
    )
    return redirect("partners:list", project.pk)
