from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals")
    contributions = Contributions(
        nav=(
            NavEntry("meetings", 20, "goals:review_list", _("Goal reviews")),
            NavEntry("meetings", 30, "goals:idea_list", _("Ideas")),
            NavEntry("settings", 10, "goals:goals", _("Goals")),
        ),
        reminders="goals.reminders",
        personal_data="goals.privacy",
    )
