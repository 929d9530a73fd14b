from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")
    contributions = Contributions(
        nav=(
            NavEntry("settings", 0, "projects:edit", _("Project details")),
            NavEntry("settings", 20, "projects:coordinators", _("Coordinators")),
            NavEntry("settings", 30, "projects:messages", _("Messages")),
        ),
    )

    def ready(self):
        from networkhub.privacy import register_personal_data

        from . import privacy

        register_personal_data("projects", export=privacy.export, erase=privacy.erase)
