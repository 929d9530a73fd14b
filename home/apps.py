from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class HomeConfig(AppConfig):
    """The top floor: each role's landing page and the project home (dashboard), built on every app below."""

    name = "home"
    verbose_name = _("Project home")
    contributions = Contributions(
        nav=(NavEntry("overview", 0, "home:project", _("Dashboard")),),
        links={
            "project_home": "home:project",
            "project_list": "home:projects",
            "programme_overview": "home:overview",
        },
        reminders="home.reminders",
    )
