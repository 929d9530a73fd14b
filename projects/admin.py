from django.contrib import admin

from .models import DisseminationEvent, Output, Programme, ProgrammeDeadline, Project


class ProgrammeDeadlineInline(admin.TabularInline):
    model = ProgrammeDeadline
    extra = 1


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "funder"]
    inlines = [ProgrammeDeadlineInline]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "case_number", "programme", "status", "start_date", "end_date"]
    list_filter = ["status", "programme"]
    search_fields = ["name", "acronym", "case_number"]
    filter_horizontal = ["coordinators"]
    inlines = []  # the goals app adds its GoalInline


class DisseminationEventInline(admin.TabularInline):
    model = DisseminationEvent
    extra = 0
    exclude = ["created_by", "created_at"]


@admin.register(Output)
class OutputAdmin(admin.ModelAdmin):
    """Outputs for operations; coordinators use the project's Results pages (which audit each change)."""

    list_display = ["title", "project", "output_type", "created_at"]
    list_filter = ["output_type"]
    list_select_related = ["project"]
    search_fields = ["title", "project__acronym"]
    autocomplete_fields = ["project"]
    readonly_fields = ["file", "file_name", "file_type", "file_size", "created_by", "created_at"]
    inlines = [DisseminationEventInline]
