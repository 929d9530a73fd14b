from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from networkhub import registry
        from networkhub.privacy import register_personal_data

        from . import privacy, reminders  # noqa: F401 - reminders registers the reminder kinds

        register_personal_data("reports", export=privacy.export, erase=privacy.erase)

        registry.register_message_kinds(
            {
                "report_review": _("Report review"),
            }
        )
