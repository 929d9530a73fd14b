from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    """Network health indicators, computed for the project home and the status report."""

    name = "health"
    verbose_name = _("Network health")

    def ready(self):
        from . import items, learning, sharing, trust  # noqa: F401 - registers the panel's items
