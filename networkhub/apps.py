from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkhubConfig(AppConfig):
    name = "networkhub"
    verbose_name = _("networkhub")

    def ready(self):
        from . import (
            accessibility,
            checks,  # noqa: F401 - registers the system checks
            privacy,
            registry,
            signals,  # noqa: F401 - the security events of sign-ins and role changes
        )

        accessibility.register()

        registry.register_message_kinds(
            {
                "password_reset": _("Password reset"),
                "accessibility_feedback": _("Accessibility feedback"),
                "two_factor_reset": _("Two-factor sign-in reset"),
            }
        )
        privacy.register_personal_data("networkhub", export=privacy.export_own, erase=privacy.erase_own)
