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
    )

    def ready(self):
        from networkhub.privacy import register_personal_data

        from . import privacy, reminders  # noqa: F401 - reminders registers the reminder kinds

        register_personal_data("reports", export=privacy.export, erase=privacy.erase)
