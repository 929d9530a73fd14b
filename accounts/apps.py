from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, PersonalData


class AccountsConfig(AppConfig):
    """The user (AUTH_USER_MODEL, in its table of old: networkhub_user), two-factor sign-in, each user's own
    preferences and the accessibility statement with its feedback to the administrators. `manage.py migrate`
    here first adopts the user table of a database made before the user moved from the kernel
    (management/commands/migrate.py)."""

    name = "accounts"
    contributions = Contributions(
        links={"two_factor_overview": "accounts:overview"},
        message_kinds={"accessibility_feedback": _("Accessibility feedback")},
        personal_data=(
            PersonalData(
                "accounts.accessibility",
                export="accounts.accessibility._export",
                erase="accounts.accessibility._erase",
            ),
            PersonalData(
                "accounts.api_tokens", export="accounts.api_tokens._export", erase="accounts.api_tokens._erase"
            ),
        ),
    )

    def ready(self):
        from . import signals  # noqa: F401 - the security events of sign-ins and role changes
