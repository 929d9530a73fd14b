"""Pages reached from an e-mail speak the recipient's language."""

from django.conf import settings
from django.utils import translation


def speak_recipients_language(request, language):
    """Show the page in the recipient's own language, unless they picked another with the switcher."""
    if language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(language)
        request.LANGUAGE_CODE = language
