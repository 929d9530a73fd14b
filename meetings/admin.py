from django.contrib import admin

from .models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    MeetingSeries,
    Minutes,
    PollSlot,
    TimePoll,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ["contact", "invited_by"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["contact", "recorded_by"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "meeting_type", "start", "time_zone", "status", "sequence"]
    list_filter = ["status", "meeting_type"]
    list_select_related = ["project"]
    search_fields = ["title", "project__acronym"]
    readonly_fields = ["uid", "sequence"]
    inlines = [AgendaItemInline, InvitationInline, AttendanceInline, AttachmentInline, DecisionInline]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "rrule", "first_start"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "published_at"]
    list_filter = ["status"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "owner_organisation", "due_date", "status"]
    list_filter = ["status"]
    list_select_related = ["project", "owner_organisation"]


class PollSlotInline(admin.TabularInline):
    model = PollSlot
    extra = 0


@admin.register(TimePoll)
class TimePollAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "deadline", "status", "members_see_answers"]
    list_filter = ["status"]
    inlines = [PollSlotInline]
