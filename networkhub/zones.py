"""Time zones as people read them: IANA names with localised names and the UTC offset (Babel/CLDR).

A select of zones offers the canonical zones (CLDR's, about 420, not the 600 names with the old
aliases), named in the active language ("Saksa (Berliini) – UTC+01:00", "Tyskland (Berlin) –
UTC+01:00"). Forms put the zones that matter to the project first in their own group.
"""

import datetime as dt
import unicodedata
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Europe/Helsinki"


@lru_cache(maxsize=1)
def known_zones():
    """Every name zoneinfo knows (aliases too: a stored alias stays valid)."""
    return frozenset(available_timezones())


@lru_cache(maxsize=1)
def canonical_zones():
    """The zones offered in selects: CLDR's canonical zones that zoneinfo knows."""
    territories = get_global("zone_territories")
    return tuple(sorted(zone for zone in known_zones() if zone in territories and "/" in zone))


def validate_time_zone(value):
    if value not in known_zones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Use a name such as Europe/Helsinki."),
            code="invalid_time_zone",
            params={"value": value},
        )


def utc_offset(name, at=None):
    """E.g. "UTC+02:00": the zone's offset at `at` (default now)."""
    offset = (at or timezone.now()).astimezone(ZoneInfo(name)).utcoffset() or dt.timedelta(0)
    sign = "+" if offset >= dt.timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def place_name(name, language=None):
    """ "Suomi (Helsinki)", "Tyskland (Berlin)": the country and the city in `language`; the raw name if unknown."""
    language = language or translation.get_language() or "fi"
    return _place_names(language.split("-")[0]).get(name) or name.replace("_", " ")


@lru_cache(maxsize=8)
def _place_names(language):
    locale = Locale.parse(language)
    territories = get_global("zone_territories")
    names = {}
    for zone in canonical_zones():
        country = locale.territories.get(territories.get(zone, ""), "")
        try:
            city = get_timezone_location(zone, locale=locale, return_city=True)
        except (KeyError, LookupError):  # pragma: no cover - every canonical zone has a city in CLDR
            city = ""
        if country and city and country != city:
            names[zone] = f"{country} ({city})"
        else:
            names[zone] = country or city or zone.replace("_", " ")
    return names


def label(name, language=None, at=None):
    """What a select shows for a zone: "Suomi (Helsinki) – UTC+02:00"."""
    return f"{place_name(name, language)} – {utc_offset(name, at)}"


_LAST_LETTERS = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})  # after z


def sort_key(text, language):
    """Alphabetical in the language: å, ä and ö come after z in Finnish and Swedish; other accents fold."""
    text = text.casefold()
    if language in ("fi", "sv"):
        text = text.translate(_LAST_LETTERS)
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def zones_of_country(code):
    """A country's zone when it has one main zone (Finland, Sweden, Germany); none for the USA or Russia."""
    zones = [zone for zone in get_global("territory_zones").get(str(code), []) if zone in canonical_zones()]
    return zones[:1] if 0 < len(zones) <= 2 else []


def grouped_choices(first=(), *, extra=(), language=None, at=None):
    """Choices for a select: `first` (the project's zones) in their own group, then every other zone.

    Each group is sorted by the localised name. `extra` are names to offer though not canonical (a
    stored alias such as Asia/Calcutta), so that editing keeps them.
    """
    language = (language or translation.get_language() or "fi").split("-")[0]
    at = at or timezone.now()
    offered = set(canonical_zones()) | {zone for zone in extra if zone in known_zones()}
    first = {zone for zone in first if zone in offered}

    def options(zones):
        labelled = [(zone, label(zone, language, at)) for zone in zones]
        return sorted(labelled, key=lambda pair: sort_key(pair[1], language))

    others = options(offered - first)
    if not first:
        return others
    return [(_("Time zones of the project's members"), options(first)), (_("Other time zones"), others)]
