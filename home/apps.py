from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top floor: each role's landing page and the project home (dashboard), built on every app below."""

    name = "home"
    verbose_name = _("Project home")

    def ready(self):
        from . import reminders  # noqa: F401 - registers the reminder kinds that span apps
