from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self):
        from networkhub import tokens

        from . import reminders  # noqa: F401 - registers the reminder kinds
        from .models import TokenPurpose

        tokens.register_purposes(TokenPurpose)
