from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    contributions = Contributions(
        nav=(
            NavEntry("meetings", 0, "meetings:list", _("Meetings")),
            NavEntry("meetings", 10, "meetings:actions", _("Action items")),
        ),
        message_kinds={
            "meeting_invitation": _("Meeting invitation"),
            "meeting_cancelled": _("Meeting cancelled"),
            "meeting_minutes": _("Meeting minutes"),
            "meeting_poll": _("Meeting time poll"),
            "minutes_correction": _("Correction to the minutes"),
        },
    )

    def ready(self):
        from networkhub import privacy as personal_data
        from networkhub import tokens

        from . import privacy, reminders  # noqa: F401 - reminders registers the reminder kinds
        from .models import TokenPurpose

        tokens.register_purposes(TokenPurpose)
        personal_data.register_personal_data("meetings", export=privacy.export, erase=privacy.erase)
