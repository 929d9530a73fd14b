from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class OnboardingConfig(AppConfig):
    """Bringing an existing project in: a project that ran before networkhub imports its members, contacts, past
    meetings with attendance and letters signed on paper from one template."""

    name = "onboarding"
    verbose_name = _("Bringing an existing project in")
    contributions = Contributions(
        nav=(NavEntry("settings", 40, "onboarding:wizard", _("Bring in an existing project")),),
        links={"project_import": "onboarding:wizard"},
    )
