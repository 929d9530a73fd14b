from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")
    contributions = Contributions(
        nav=(NavEntry("network", 20, "commitments:overview", _("Commitments")),),
        message_kinds={
            "rules_request": _("Network rules for acceptance"),
            "signature_request": _("Commitment letter for signing"),
            "letter_signed": _("Commitment letter signed"),
            "letter_declined": _("Commitment letter declined"),
        },
    )

    def ready(self):
        from networkhub import privacy as personal_data
        from networkhub import tokens
        from partners import queries

        from . import overview, privacy, reminders  # noqa: F401 - registers the reminder kinds
        from .models import TokenPurpose

        tokens.register_purposes(TokenPurpose)
        queries.register_commitment_states(overview.state_labels)
        personal_data.register_personal_data("commitments", export=privacy.export, erase=privacy.erase)
