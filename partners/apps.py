from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from networkhub import registry, tokens

        from .models import TokenPurpose

        tokens.register_purposes(TokenPurpose)
        registry.register_message_kinds(
            {
                "invitation": _("Invitation to join a project"),
                "contact_changed": _("Contact details changed"),
            }
        )
