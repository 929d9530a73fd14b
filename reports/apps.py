from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    contributions = Contributions(
        nav=(NavEntry("reports", 0, "reports:list", _("Reports")),),
        message_kinds={
            "report_review": _("Report review"),
        },
        reminders="reports.reminders",
        personal_data="reports.privacy",
    )

    def ready(self):
        from . import signals  # noqa: F401 - keeps each project's stored first open report due date (reports.due)
