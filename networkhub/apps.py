from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .contributions import Contributions, PersonalData


class NetworkhubConfig(AppConfig):
    name = "networkhub"
    verbose_name = _("networkhub")
    contributions = Contributions(
        message_kinds={
            "password_reset": _("Password reset"),
            "two_factor_reset": _("Two-factor sign-in reset"),
        },
        personal_data=(
            PersonalData("networkhub", export="networkhub.privacy.export_own", erase="networkhub.privacy.erase_own"),
        ),
    )

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
        from .catalogues import compile_stale

        # A fresh checkout (plain `manage.py migrate && runserver`) has no compiled catalogues: compile them with
        # Babel now, or every page would be English under <html lang="fi">.
        compile_stale()
        from .contributions import install

        # Every app's declared link purposes, reminders, personal-data handlers and health items. This ready()
        # runs before the other apps' ready(), but after every model has loaded: nothing here needs more.
        install()
        _admin_in_our_words()


def _admin_in_our_words():
    """The admin's title, and django-axes' block (its app name is the untranslated "Axes"), in the user's
    language (issue 23). axes' own model names are translated in our catalogues."""
    from django.apps import apps
    from django.contrib import admin

    admin.site.site_header = _("networkhub administration")
    admin.site.site_title = _("networkhub administration")
    admin.site.index_title = _("Maintenance pages")
    if apps.is_installed("axes"):
        apps.get_app_config("axes").verbose_name = _("Sign-in attempts (security)")
