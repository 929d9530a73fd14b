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
            "expertise_changed": _("Shared organisation's expertise profile changed"),
        },
        token_purposes="partners.models.TokenPurpose",
        personal_data="partners.privacy",
    )
