"""The consent a signer gives by ticking the box. Its wording is versioned: each signature stores
the version and the exact text shown, in the signer's language."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

CURRENT_VERSION = "2026-11"

TEXTS = {
    "2026-11": _(
        "I have read this commitment letter and the network rules it refers to. On behalf of my organisation "
        "I commit to the tasks and contribution described in it, and I sign it electronically by typing my "
        "name and title and confirming."
    ),
}

RULES_TEXTS = {
    "2026-11": _("I have read the network rules and accept them on behalf of my organisation."),
}


def consent_text(language, version=CURRENT_VERSION, texts=TEXTS):
    with translation.override(language):
        return str(texts[version])
