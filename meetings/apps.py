from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from networkhub import registry, tokens

        from . import reminders  # noqa: F401 - registers the reminder kinds
        from .models import TokenPurpose

        tokens.register_purposes(TokenPurpose)
        registry.register_message_kinds(
            {
                "meeting_invitation": _("Meeting invitation"),
                "meeting_cancelled": _("Meeting cancelled"),
                "meeting_minutes": _("Meeting minutes"),
                "meeting_poll": _("Meeting time poll"),
                "minutes_correction": _("Correction to the minutes"),
            }
        )
