"""The compiled translation catalogues (.mo) that a fresh checkout lacks: found stale, and compiled at start-up
with Babel (a requirement; no system gettext needed) when the folder is writable (networkhub.apps)."""

import logging
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def stale_sources():
    """The .po files whose .mo is missing or older."""
    stale = []
    for locale_path in settings.LOCALE_PATHS:
        for source in sorted(Path(locale_path).glob("*/LC_MESSAGES/django.po")):
            compiled = source.with_suffix(".mo")
            if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
                stale.append(source)
    return stale


def compile_stale():
    """Compile the stale catalogues as `pybabel compile -d locale -D django` does; return the languages compiled.
    Without Babel, or in a read-only folder, nothing happens and the system check (networkhub.W001/E001) says so."""
    sources = stale_sources()
    if not sources:
        return []
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:
        return []
    compiled = []
    for source in sources:
        language = source.parent.parent.name
        try:
            with source.open("rb") as po:
                catalogue = read_po(po, locale=language)
            target = source.with_suffix(".mo")
            partial = target.with_suffix(".mo.tmp")
            with partial.open("wb") as mo:
                write_mo(mo, catalogue)
            partial.replace(target)
        except Exception:  # a read-only folder, a broken .po: the check reports what stays uncompiled
            logger.warning("could not compile the %s catalogue", language, exc_info=True)
            continue
        compiled.append(language)
    if compiled:
        from django.utils.translation import trans_real

        trans_real._translations = {}  # anything loaded before this reads the new files
        trans_real._default = None
    return compiled
