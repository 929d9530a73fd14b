from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkhubConfig(AppConfig):
    name = "networkhub"
    verbose_name = _("networkhub")

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the system checks
            registry,
            signals,  # noqa: F401 - the security events of sign-ins and role changes
        )

        registry.register_message_kinds(
            {
                "password_reset": _("Password reset"),
                "two_factor_reset": _("Two-factor sign-in reset"),
            }
        )
