from django.apps import AppConfig

from networkhub.contributions import Contributions


class AccountsConfig(AppConfig):
    """The user (AUTH_USER_MODEL, in its table of old: networkhub_user), two-factor sign-in and each user's own
    preferences. `manage.py migrate` here first adopts the user table of a database made before the user moved
    from the kernel (management/commands/migrate.py)."""

    name = "accounts"
    contributions = Contributions(links={"two_factor_overview": "accounts:overview"})

    def ready(self):
        from . import signals  # noqa: F401 - the security events of sign-ins and role changes
