from django.apps import AppConfig
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
        },
        token_purposes="pulse.models.TokenPurpose",
        personal_data="pulse.privacy",
    )
