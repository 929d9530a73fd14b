from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import api_tokens, two_factor
from .models import AccessibilityFeedback, ApiToken, User


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens of the overview's JSON feed (docs/api.md): an administrator makes one for a funder reviewer and sees
    it once, in the message after saving; afterwards only its beginning. Revoke one by setting its revoked time."""

    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__email", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    autocomplete_fields = ("user",)

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "user") if obj else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            clean = form.clean

            def check_user(form_self):
                data = clean(form_self)
                user = data.get("user")
                if user is not None:
                    try:
                        api_tokens.check_user(user)
                    except ValidationError as error:
                        form_self.add_error("user", error)
                return data

            form.clean = check_user
        return form

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token = api_tokens.fill(obj, actor=request.user)
        self.message_user(
            request,
            gettext("The token, shown only now; copy it to the system that uses it: %(token)s") % {"token": token},
            messages.WARNING,
        )
