from django.contrib import admin

from .models import ContinuationPlan, Contribution, DisseminationEvent, Output, Uptake


class DisseminationEventInline(admin.TabularInline):
    model = DisseminationEvent
    extra = 0
    exclude = ["created_by", "created_at"]


class UptakeInline(admin.TabularInline):
    model = Uptake
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
    inlines = [DisseminationEventInline, UptakeInline]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    """Members' contributions for operations; members use the project's Results pages (which audit each change)."""

    list_display = ["kind", "project", "date", "recorded_for"]
    list_filter = ["kind"]
    list_select_related = ["project", "recorded_for"]
    search_fields = ["description", "project__acronym"]
    autocomplete_fields = ["project"]
    raw_id_fields = ["recorded_for"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(ContinuationPlan)
class ContinuationPlanAdmin(admin.ModelAdmin):
    """Members' continuation plans for operations; members edit them on the project's Results pages."""

    list_display = ["membership", "decided_by", "updated_at"]
    list_select_related = ["membership__project", "membership__organisation"]
    raw_id_fields = ["membership"]
    readonly_fields = ["updated_by", "updated_at"]
