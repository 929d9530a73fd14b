"""System checks for what a fresh checkout may lack."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from .catalogues import stale_sources


@register()
def compiled_catalogues(app_configs, **kwargs):
    """Without compiled catalogues the pages are English under <html lang="fi">. They are compiled at start-up when
    Babel is present and the folder is writable (networkhub.apps); what stays uncompiled is a warning in development
    and an error in production (DEBUG off), where it would reach every user."""
    stale = [source.parent.parent.name for source in stale_sources()]
    if not stale:
        return []
    problem = Warning if settings.DEBUG else Error
    return [
        problem(
            f"The translations for {', '.join(stale)} are not compiled, or older than their .po files.",
            hint="Run `make messages` (or `.venv/bin/pybabel compile -d locale -D django`).",
            id="networkhub.W001" if settings.DEBUG else "networkhub.E001",
        )
    ]
