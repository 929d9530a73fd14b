from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from networkhub import registry

        from . import reminders  # noqa: F401 - registers the reminder kinds

        registry.register_message_kinds(
            {
                "report_review": _("Report review"),
            }
        )
