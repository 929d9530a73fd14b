"""accounts' rows of the permission matrix (see tests/test_permissions.py)."""

URLS = {
    "accounts:accessibility": (lambda w: {}, "get", "public"),
    "accounts:accessibility_sent": (lambda w: {}, "get", "public"),
    "accounts:notification_preferences": (lambda w: {}, "get", "signed_in"),
    # Two-factor pages: everyone signed in has them. The matrix's funder has enrolled and is verified, so
    # enrolment and the prompt send them on; the others have not enrolled, so the prompt and new recovery
    # codes send them to enrolment.
    "accounts:overview": (lambda w: {}, "get", "signed_in"),
    "accounts:forget_browsers": (lambda w: {}, "get", "signed_in"),
    "accounts:enrol": (lambda w: {}, "get", "two_factor_unenrolled"),
    "accounts:verify": (lambda w: {}, "get", "two_factor_redirect"),
    "accounts:recovery_codes": (lambda w: {}, "get", "two_factor_enrolled"),
}

_SIGNED_IN = ["other_coordinator", "other_partner", "partner", "coordinator"]
ACCESS_KINDS = {
    "two_factor_unenrolled": {"anonymous": "login", **dict.fromkeys(_SIGNED_IN, 200), "funder": 302},
    "two_factor_redirect": {"anonymous": "login", **dict.fromkeys(_SIGNED_IN, 302), "funder": 302},
    "two_factor_enrolled": {"anonymous": "login", **dict.fromkeys(_SIGNED_IN, 302), "funder": 200},
}

# Checked by their own tests: they act only on POST, answer by token, or redirect by design.
SPECIAL = set()

CROSS_PROJECT = {}
