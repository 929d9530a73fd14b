from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from networkhub.privacy import register_personal_data

        from . import privacy

        register_personal_data("projects", export=privacy.export, erase=privacy.erase)
