from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from networkhub import privacy as personal_data
        from networkhub import registry, tokens

        from . import privacy
        from .models import TokenPurpose

        tokens.register_purposes(TokenPurpose)
        registry.register_message_kinds(
            {
                "invitation": _("Invitation to join a project"),
                "contact_changed": _("Contact details changed"),
            }
        )
        personal_data.register_personal_data("partners", export=privacy.export, erase=privacy.erase)
