from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in user's saved language applies until they pick another with the switcher."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.language
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


def lockout_username(request, credentials):
    """Sign-in attempts count per address whatever its letter case."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
