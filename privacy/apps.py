from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The administrator's personal-data pages: find a person, export their data, erase them."""

    name = "privacy"
    verbose_name = _("Personal data")
