"""Issue 23, "One vocabulary": docs/glossary.md fixes one term per concept; no translation uses a banned synonym."""

import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"

# The banned synonym's stem (matched anywhere, compounds too, in any case) and the glossary's term instead.
BANNED = {
    "fi": {r"projekt": "hanke", r"pöytäkirj": "muistio", r"tavoitekatsau": "tavoitearviointi"},
    "sv": {r"åtagandebrev": "förbindelsebrev", r"målgenomgång": "målgranskning", r"protokoll": "minnesanteckningar"},
}


def _translations(message):
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return [string for string in strings if string]


def banned_synonyms(catalog, language):
    """(msgid, translation, the glossary's term) for each translation in `catalog` that uses a banned synonym."""
    patterns = {re.compile(stem, re.IGNORECASE): term for stem, term in BANNED[language].items()}
    found = []
    for message in catalog:
        if not message.id:
            continue
        for string in _translations(message):
            found.extend((message.id, string, term) for pattern, term in patterns.items() if pattern.search(string))
    return found


def _catalog(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language)


def test_no_translation_uses_a_banned_synonym():
    for language in BANNED:
        assert banned_synonyms(_catalog(language), language) == [], language


def test_a_planted_synonym_is_caught():
    catalog = Catalog(locale="fi")
    catalog[("Project page")] = Message("Project page", "Projektin sivu")
    catalog[("Minutes")] = Message("Minutes", "Muistio")
    assert banned_synonyms(catalog, "fi") == [("Project page", "Projektin sivu", "hanke")]
    swedish = Catalog(locale="sv")
    swedish["Minutes"] = Message("Minutes", "Mötesprotokoll")  # inside a compound word too
    swedish["Letter"] = Message("Letter", "Åtagandebrevet")
    swedish["Review"] = Message("Review", "Målgranskning")
    assert [term for _id, _string, term in banned_synonyms(swedish, "sv")] == ["minnesanteckningar", "förbindelsebrev"]


def test_the_glossary_names_each_term_in_three_languages():
    text = GLOSSARY.read_text(encoding="utf-8")
    for term in ("hanke", "sitoumuskirje", "pelisäännöt", "muistio", "tavoitearviointi"):
        assert f"| {term} |" in text
    for term in ("projekt", "förbindelsebrev", "spelregler", "minnesanteckningar", "målgranskning"):
        assert f"| {term} |" in text
    for language, stems in BANNED.items():
        for term in stems.values():
            # Every term the test enforces is one the glossary fixes.
            assert term in text, (language, term)
