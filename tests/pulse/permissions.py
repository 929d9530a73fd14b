"""pulse's rows of the permission matrix (see tests/test_permissions.py)."""


def _project(w):
    return {"project_pk": w.project.pk}


URLS = {
    "pulse:results": (_project, "get", "project_member"),
    "pulse:settings": (_project, "get", "project_coordinator"),
}

# Checked in tests/pulse: the survey answers by token, without sign-in.
SPECIAL = {"pulse:survey"}
CROSS_PROJECT = {}
