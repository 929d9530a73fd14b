from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals")

    def ready(self):
        from networkhub.privacy import register_personal_data

        from . import privacy, reminders  # noqa: F401 - reminders registers the reminder kinds

        register_personal_data("goals", export=privacy.export, erase=privacy.erase)
