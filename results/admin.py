from django.contrib import admin

from .models import DisseminationEvent, Output


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
