from django.contrib import admin

from .models import Announcement, MotivationEntry, Recipient


class RecipientInline(admin.TabularInline):
    model = Recipient
    fields = ["contact", "language", "message"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Read-only: announcements are written and sent from the project's pages (audited)."""

    list_display = ["__str__", "project", "status", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject_fi", "subject_sv", "subject_en", "project__acronym"]
    inlines = [RecipientInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MotivationEntry)
class MotivationEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "membership", "channel", "reached_by"]
    list_filter = ["channel"]
    list_select_related = ["membership__organisation", "membership__project"]
    raw_id_fields = ["membership", "contact", "announcement", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
