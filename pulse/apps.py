from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class PulseConfig(AppConfig):
    """The quarterly anonymous trust pulse of a project's member contacts."""

    name = "pulse"
    verbose_name = _("Trust pulse")
    contributions = Contributions(
        nav=(NavEntry("overview", 20, "pulse:results", _("Trust pulse")),),
        message_kinds={
            "pulse_survey": _("Trust pulse survey"),
            "pulse_reminder": _("Trust pulse reminder"),
        },
        token_purposes="pulse.models.TokenPurpose",
        personal_data="pulse.privacy",
    )

    def ready(self):
        checks.register(check_min_answers)


def check_min_answers(app_configs=None, **kwargs):
    """PULSE_MIN_ANSWERS may raise the threshold, never lower it below 5."""
    from .models import MIN_ANSWERS

    value = getattr(settings, "PULSE_MIN_ANSWERS", MIN_ANSWERS)
    if not isinstance(value, int) or value < MIN_ANSWERS:
        return [
            checks.Error(
                f"PULSE_MIN_ANSWERS is {value!r}; it must be an integer of at least {MIN_ANSWERS}.",
                id="pulse.E001",
            )
        ]
    return []
