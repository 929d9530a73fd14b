"""Words of third-party apps that their own catalogues lack in Finnish and Swedish, translated in ours.

Marked here so that `makemessages` keeps them: django-axes' model names show in the admin (its app's name is
set in networkhub.apps)."""

from django.utils.translation import gettext_noop

AXES_MODEL_NAMES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
]
