"""Issue 23, "Grammar slips": every count written in a sentence goes through the plural forms (ngettext,
`{% blocktranslate count %}`), so that no page says "1 members", "1 dagar" or "1 järjestäjää".

The check reads the message catalogue's source texts: a message without a plural form may not put a counted
placeholder (a count, a number of days, members, rows…) before a word, as in "%(count)s members". A count
that ends its clause ("Invitations: %(count)s.", "%(done)s of %(total)s.") or is followed by a word that
does not change with the number ("%(count)s overdue") reads right in every language and is allowed.
"""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Placeholders that hold a number of things.
COUNTED = re.compile(
    r"%\((count|days|rows|total|members|contacts|meetings|letters|attendance|weeks|months|hours|minutes|people|"
    r"recipients|scans|tasks|max|asked|others|held|versions|signatures|events)\)[sd]"
)
# Words after a count that are the same for one and for many in fi, sv and en.
INVARIABLE = {"overdue", "delivered", "done", "late", "signed", "sent", "open", "answered", "of", "and", "or"}


def singular_count_slips(messages):
    """The messages (a list of (msgid, msgid_plural or None)) that put a counted placeholder before a word
    without a plural form."""
    slips = []
    for msgid, plural in messages:
        if plural:
            continue
        for match in COUNTED.finditer(msgid):
            following = re.match(r" ([^\W\d_]+)", msgid[match.end() :])
            if following and following.group(1).lower() not in INVARIABLE:
                slips.append(msgid)
                break
    return slips


def catalogue_messages():
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            yield message.id[0], message.id[1]
        else:
            yield message.id, None


def test_every_count_in_a_sentence_has_plural_forms():
    assert singular_count_slips(catalogue_messages()) == []


def test_the_check_catches_a_planted_count_without_plural_forms():
    planted = [
        ("Invitations sent to %(count)s people.", None),
        ("No meeting in %(days)s days.", None),
        ("%(accepted)s of %(total)s members accepted.", None),
    ]
    allowed = [
        ("%(count)s person", "%(count)s people"),
        ("Invitations sent: %(count)s.", None),
        ("%(done)s of %(total)s.", None),
        ("%(count)s overdue", None),
    ]
    assert singular_count_slips(planted + allowed) == [msgid for msgid, _plural in planted]


def test_a_count_of_one_reads_in_the_singular():
    """The catalogues' plural forms are used: one day is "1 dag", not "1 dagar"."""
    forms = (
        "No network meeting in the %(days)s day since the start.",
        "No network meeting in the %(days)s days since the start.",
    )
    with translation.override("sv"):
        assert ngettext(*forms, 1) % {"days": 1} == "Inget nätverksmöte på den 1 dagen sedan starten."
        assert ngettext(*forms, 5) % {"days": 5} == "Inget nätverksmöte på de 5 dagarna sedan starten."
    with translation.override("en"):
        assert ngettext(*forms, 1) % {"days": 1} == "No network meeting in the 1 day since the start."
