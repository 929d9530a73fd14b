from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ProjectDeadline, Report
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
