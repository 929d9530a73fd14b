"""networkhub's rows of the permission matrix (see tests/test_permissions.py)."""

URLS = {
    "healthz": (lambda w: {}, "get", "public"),
    "livez": (lambda w: {}, "get", "public"),
    "accessibility": (lambda w: {}, "get", "public"),
    "accessibility_sent": (lambda w: {}, "get", "public"),
    "login": (lambda w: {}, "get", "sign_in"),
    "password_reset": (lambda w: {}, "get", "public"),
    "password_reset_done": (lambda w: {}, "get", "public"),
    "password_reset_complete": (lambda w: {}, "get", "public"),
    "notification_preferences": (lambda w: {}, "get", "signed_in"),
    "projects:messages": (lambda w: {"project_pk": w.project.pk}, "get", "project_coordinator"),
    # Two-factor pages: everyone signed in has them. The matrix's funder has enrolled and is verified, so
    # enrolment and the prompt send them on; the others have not enrolled, so the prompt and new recovery
    # codes send them to enrolment.
    "two_factor:overview": (lambda w: {}, "get", "signed_in"),
    "two_factor:forget_browsers": (lambda w: {}, "get", "signed_in"),
    "two_factor:enrol": (lambda w: {}, "get", "two_factor_unenrolled"),
    "two_factor:verify": (lambda w: {}, "get", "two_factor_redirect"),
    "two_factor:recovery_codes": (lambda w: {}, "get", "two_factor_enrolled"),
}

_SIGNED_IN = ["other_coordinator", "other_partner", "partner", "coordinator"]
ACCESS_KINDS = {
    "two_factor_unenrolled": {"anonymous": "login", **dict.fromkeys(_SIGNED_IN, 200), "funder": 302},
    "two_factor_redirect": {"anonymous": "login", **dict.fromkeys(_SIGNED_IN, 302), "funder": 302},
    "two_factor_enrolled": {"anonymous": "login", **dict.fromkeys(_SIGNED_IN, 302), "funder": 200},
}

# Checked by their own tests: they act only on POST, answer by token, or redirect by design.
SPECIAL = {"favicon", "home", "set_language", "logout", "password_reset_confirm"}

CROSS_PROJECT = {}
