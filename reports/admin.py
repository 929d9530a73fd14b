from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .casework import assign_officer
from .models import CaseOfficer, ProjectDeadline, Report
from .services import grant_extension


@admin.register(ProjectDeadline)
class ProjectDeadlineAdmin(admin.ModelAdmin):
    """Deadline extensions the funder granted (operations enters them; `services.grant_extension` in code)."""

    list_display = ["project", "programme_deadline", "due_date", "granted_by", "granted_at"]
    list_select_related = ["project", "programme_deadline"]
    autocomplete_fields = ["project"]
    exclude = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        grant_extension(obj.project, obj.programme_deadline, obj.due_date, actor=request.user, reason=obj.reason)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["project", "report_type", "period_start", "period_end", "status", "version_count"]
    list_filter = ["status", "report_type"]
    # The PDF's name in the storage, not a link: stored files are served only by the access-checking views.
    readonly_fields = [f.name for f in Report._meta.fields if f.name != "rendered_pdf"] + ["rendered_pdf_name"]

    @admin.display(description=_("generated PDF (stored file)"))
    def rendered_pdf_name(self, obj):
        return obj.rendered_pdf.name or "-"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseOfficer)
class CaseOfficerAdmin(admin.ModelAdmin):
    """Which funder reviewer is a project's officer (also set on the project card; `casework.assign_officer`)."""

    list_display = ["project", "officer", "assigned_at"]
    list_select_related = ["project", "officer"]
    autocomplete_fields = ["project"]
    exclude = ["assigned_at"]

    def save_model(self, request, obj, form, change):
        assign_officer(obj.project, obj.officer, actor=request.user)
