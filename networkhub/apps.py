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
        )

        accessibility.register()

        registry.register_message_kinds(
            {
                "password_reset": _("Password reset"),
                "accessibility_feedback": _("Accessibility feedback"),
            }
        )
        privacy.register_personal_data("networkhub", export=privacy.export_own, erase=privacy.erase_own)
