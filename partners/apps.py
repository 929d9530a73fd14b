from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")
    contributions = Contributions(
        nav=(
            NavEntry("network", 0, "partners:list", _("Members")),
            NavEntry("network", 10, "partners:directory", _("Directory")),
        ),
        message_kinds={
            "invitation": _("Invitation to join a project"),
            "contact_changed": _("Contact details changed"),
        },
    )

    def ready(self):
        from networkhub import privacy as personal_data
        from networkhub import tokens

        from . import privacy
        from .models import TokenPurpose

        tokens.register_purposes(TokenPurpose)
        personal_data.register_personal_data("partners", export=privacy.export, erase=privacy.erase)
