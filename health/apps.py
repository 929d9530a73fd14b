from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions


class HealthConfig(AppConfig):
    """Network health indicators, computed for the project home and the status report."""

    name = "health"
    verbose_name = _("Network health")
    contributions = Contributions(
        health_items=(
            "health.items",
            "health.learning",
            "health.mobility",  # adds the newcomers' first mobilities to item 12
            "health.network_map",  # adds the network map's figures to items 5 and 10
            "health.sharing",
            "health.trust",
        ),
    )

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from networkhub.models import AuditEvent

        from .live import on_admin_log_entry, on_audit_event

        # A committed change to a project's inputs stores its day again (docs/health.md, "Live statuses"); so does an
        # administrator's edit in the admin, which writes no audit event.
        post_save.connect(on_audit_event, sender=AuditEvent, dispatch_uid="health.live")
        post_save.connect(on_admin_log_entry, sender=LogEntry, dispatch_uid="health.live.admin")
