"""System checks for what a fresh checkout may lack."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register


@register()
def compiled_catalogues(app_configs, **kwargs):
    """Without compiled catalogues the pages mix English with Django's own Finnish: say how to compile them."""
    stale = []
    for locale_path in settings.LOCALE_PATHS:
        for source in sorted(Path(locale_path).glob("*/LC_MESSAGES/django.po")):
            compiled = source.with_suffix(".mo")
            if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
                stale.append(source.parent.parent.name)
    if not stale:
        return []
    return [
        Warning(
            f"The translations for {', '.join(stale)} are not compiled, or older than their .po files.",
            hint="Run `make messages` (or `.venv/bin/pybabel compile -d locale -D django`).",
            id="networkhub.W001",
        )
    ]
