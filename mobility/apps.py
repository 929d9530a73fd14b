from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class MobilityConfig(AppConfig):
    """Mobility records, the internationalisation programmes' core data: who went abroad or came here, from which
    organisation to which, when, and whether it was a newcomer's first mobility."""

    name = "mobility"
    verbose_name = _("Mobility")
    contributions = Contributions(
        nav=(NavEntry("overview", 15, "mobility:list", _("Mobility")),),
        report_sections=("mobility.queries.report_section",),
        goal_measures={"mobilities": "mobility.queries.goal_values"},
    )
