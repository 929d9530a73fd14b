"""privacy's rows of the permission matrix: only administrators reach these pages; everyone else gets 404.

The matrix's roles hold no administrator; tests/privacy/test_pages.py checks that they get in.
"""

from tests.matrix import ROLES

ACCESS_KINDS = {"administrators_only": dict.fromkeys(ROLES, 404)}

URLS = {
    "privacy:search": (lambda w: {}, "get", "administrators_only"),
    "privacy:export": (lambda w: {"kind": "user", "pk": w.partner.pk}, "post", "administrators_only"),
    "privacy:erase": (lambda w: {"kind": "contact", "pk": w.contact.pk}, "get", "administrators_only"),
}

SPECIAL = set()

CROSS_PROJECT = {}
