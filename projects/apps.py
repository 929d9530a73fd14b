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
        personal_data="projects.privacy",
    )
