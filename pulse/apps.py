from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PulseConfig(AppConfig):
    """The quarterly anonymous trust pulse of a project's member contacts."""

    name = "pulse"
    verbose_name = _("Trust pulse")

    def ready(self):
        from networkhub import registry, tokens
        from networkhub.privacy import register_personal_data

        from . import privacy
        from .models import TokenPurpose

        tokens.register_purposes(TokenPurpose)
        registry.register_message_kinds({"pulse_survey": _("Trust pulse survey")})
        register_personal_data("pulse", export=privacy.export, erase=privacy.erase)
