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
            "amendment_request": _("Commitment letter amendment for acknowledgement"),
        },
        token_purposes="commitments.models.TokenPurpose",
        reminders="commitments.reminders",
        personal_data="commitments.privacy",
        commitment_states="commitments.overview.state_labels",
    )

    def ready(self):
        from . import checks  # noqa: F401 - registers the evidence key's deploy check
