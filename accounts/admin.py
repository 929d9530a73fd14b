from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .models import AccessibilityFeedback, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "language", "is_active", "is_staff"]
    list_filter = ["role", "language", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "role", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "password1", "password2"]})]
    actions = ["reset_two_factor"]

    def save_model(self, request, obj, form, change):
        # The role-change security event names the administrator (accounts.signals).
        obj._changed_by = request.user
        obj._change_request = request
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Reset two-factor sign-in (lost device)"), permissions=["change"])
    def reset_two_factor(self, request, queryset):
        """A confirmation page first (works without JavaScript); then each reset is audited, logged and
        e-mailed to the person in their language."""
        if request.POST.get("post") == "yes":
            for user in queryset:
                two_factor.reset(user, actor=request.user, request=request)
            count = len(queryset)
            self.message_user(
                request,
                ngettext(
                    "Two-factor sign-in was reset for %(count)d person, who was told by e-mail.",
                    "Two-factor sign-in was reset for %(count)d people, who were told by e-mail.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/accounts/user/reset_two_factor.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Reset two-factor sign-in"),
                "users": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


# Devices are removed only through the audited reset above, never by deleting rows.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    """Feedback from the accessibility statement, as e-mailed to the administrators; read-only here."""

    list_display = ("created_at", "name", "email", "page_url", "language")
    search_fields = ("name", "email", "message")
    readonly_fields = ("created_at", "name", "email", "message", "page_url", "language", "user")

    def has_add_permission(self, request):
        return False
