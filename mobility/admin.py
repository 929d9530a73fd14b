from django.contrib import admin

from .models import Mobility


@admin.register(Mobility)
class MobilityAdmin(admin.ModelAdmin):
    """Mobility records for operations; members use the project's Mobility pages (which audit each change)."""

    list_display = ["project", "direction", "participant_type", "participants", "country", "start_date"]
    list_filter = ["direction", "participant_type"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    raw_id_fields = ["sending_organisation", "receiving_organisation"]
    readonly_fields = ["created_by", "created_at"]
