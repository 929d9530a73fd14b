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
        token_purposes="meetings.models.TokenPurpose",
        reminders="meetings.reminders",
        personal_data="meetings.privacy",
    )
