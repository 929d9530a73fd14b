from django.contrib import admin
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, LinkToken, Message, MessageStatus, Reminder, SecurityEvent


class UnsettledReminderFilter(admin.SimpleListFilter):
    """Reminders an operator should look at: on their way (queued, sending), failed, sent again, overdue."""

    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("unsettled", _("Queued, sending, failed or sent again")), ("overdue", _("Overdue by over an hour"))]

    def queryset(self, request, queryset):
        if self.value() == "unsettled":
            return queryset.unsettled()
        if self.value() == "overdue":
            return queryset.overdue(timezone.now())
        return queryset


class UnsentMessageFilter(admin.SimpleListFilter):
    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("unsent", _("Sending or failed")), ("resent", _("Sent again"))]

    def queryset(self, request, queryset):
        if self.value() == "unsent":
            return queryset.filter(status__in=[MessageStatus.SENDING, MessageStatus.FAILED])
        if self.value() == "resent":
            return queryset.filter(attempts__gt=1)
        return queryset


class AppendOnlyAdmin(admin.ModelAdmin):
    """A log that is listed and read, never added to, changed or deleted in the admin."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "action", "project", "actor"]
    list_filter = ["action"]
    list_select_related = ["project", "actor"]


@admin.register(LinkToken)
class LinkTokenAdmin(admin.ModelAdmin):
    list_display = [
        "purpose",
        "target_type",
        "target_id",
        "sent_to",
        "created_at",
        "expires_at",
        "used_at",
        "revoked_at",
    ]
    list_filter = ["purpose"]
    readonly_fields = [field.name for field in LinkToken._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind_label",
        "recipient",
        "language",
        "subject",
        "status",
        "attempts",
        "age",
        "project",
        "key",
    ]
    list_filter = [UnsentMessageFilter, "status", "kind", "language"]
    search_fields = ["recipient", "subject", "key"]
    list_select_related = ["project"]
    readonly_fields = [field.name for field in Message._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("kind"))
    def kind_label(self, message):
        return message.kind_label

    @admin.display(description=_("in this state for"))
    def age(self, message):
        return timesince(message.since)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["due_at", "kind_label", "step", "recipient", "state", "age", "attempts", "reason", "project"]
    list_filter = [UnsettledReminderFilter, "status", "kind"]
    search_fields = ["recipient"]
    list_select_related = ["project", "message"]
    readonly_fields = [field.name for field in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("kind"))
    def kind_label(self, reminder):
        return reminder.kind_label

    @admin.display(description=_("state"), ordering="status")
    def state(self, reminder):
        if reminder.resent:
            return _("Sent after %(attempts)s attempts") % {"attempts": reminder.message.attempts}
        return reminder.get_status_display()

    @admin.display(description=_("in this state for"))
    def age(self, reminder):
        return timesince(reminder.since)


@admin.register(SecurityEvent)
class SecurityEventAdmin(AppendOnlyAdmin):
    """Administrators list sign-ins, failures, lockouts, two-factor changes, role changes, exports and erasures."""

    list_display = ["created_at", "kind", "user", "identifier", "ip_address", "actor"]
    list_filter = ["kind", "created_at"]
    search_fields = ["identifier", "user__email", "user__full_name", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "actor"]
