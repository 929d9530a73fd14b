from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self):
        from networkhub import tokens
        from partners import queries

        from . import overview, reminders  # noqa: F401 - registers the reminder kinds
        from .models import TokenPurpose

        tokens.register_purposes(TokenPurpose)
        queries.register_commitment_states(overview.state_labels)
