"""networkhub's rows of the permission matrix (see tests/test_permissions.py)."""

URLS = {
    "healthz": (lambda w: {}, "get", "public"),
    "livez": (lambda w: {}, "get", "public"),
    "login": (lambda w: {}, "get", "sign_in"),
    "password_reset": (lambda w: {}, "get", "public"),
    "password_reset_done": (lambda w: {}, "get", "public"),
    "password_reset_complete": (lambda w: {}, "get", "public"),
    "projects:messages": (lambda w: {"project_pk": w.project.pk}, "get", "project_coordinator"),
}

# Checked by their own tests: they act only on POST, answer by token, or redirect by design.
SPECIAL = {"favicon", "home", "set_language", "logout", "password_reset_confirm"}

CROSS_PROJECT = {}
