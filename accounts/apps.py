from django.apps import AppConfig

from networkhub.contributions import Contributions


class AccountsConfig(AppConfig):
    """Two-factor sign-in and each user's own preferences. The user model itself stays in the kernel for now
    (networkhub.User: moving AUTH_USER_MODEL on existing databases is its own piece of work)."""

    name = "accounts"
    contributions = Contributions(links={"two_factor_overview": "accounts:overview"})

    def ready(self):
        from . import signals  # noqa: F401 - the security events of sign-ins and role changes
