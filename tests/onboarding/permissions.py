"""onboarding's rows of the permission matrix (see tests/test_permissions.py): the import is the coordinators'."""


def _project(w):
    return {"project_pk": w.project.pk}


def _csv(w):
    return {"project_pk": w.project.pk, "sheet": "members"}


URLS = {
    "onboarding:wizard": (_project, "get", "project_coordinator"),
    "onboarding:template": (_project, "get", "project_coordinator"),
    "onboarding:template_csv": (_csv, "get", "project_coordinator"),
}

SPECIAL = set()

CROSS_PROJECT = {}
