from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    """Network health indicators, computed for the project home and the status report."""

    name = "health"
    verbose_name = _("Network health")

    def ready(self):
        from . import (  # noqa: F401 - register the panel's items and their extensions
            items,
            learning,
            network_map,  # adds the network map's figures to items 5 and 10
            sharing,
            trust,
        )
