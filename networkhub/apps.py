from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .contributions import Contributions


class NetworkhubConfig(AppConfig):
    name = "networkhub"
    verbose_name = _("networkhub")
    contributions = Contributions(
        message_kinds={
            "password_reset": _("Password reset"),
            "accessibility_feedback": _("Accessibility feedback"),
            "two_factor_reset": _("Two-factor sign-in reset"),
        },
    )

    def ready(self):
        from . import (
            accessibility,
            checks,  # noqa: F401 - registers the system checks
            privacy,
        )

        accessibility.register()

        privacy.register_personal_data("networkhub", export=privacy.export_own, erase=privacy.erase_own)
