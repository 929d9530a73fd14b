"""projects' rows of the permission matrix (see tests/test_permissions.py)."""


def _project(w):
    return {"project_pk": w.project.pk}


URLS = {
    "home:projects": (lambda w: {}, "get", "landing"),
    "home:project_create": (lambda w: {}, "get", "project_creator"),
    "home:project": (_project, "get", "project_member"),
    "projects:edit": (_project, "get", "project_coordinator"),
    "projects:coordinators": (_project, "get", "project_coordinator"),
    "projects:coordinator_remove": (
        lambda w: {"project_pk": w.project.pk, "user_pk": w.coordinator.pk},
        "post",
        "project_coordinator_post",
    ),
}

SPECIAL = set()

CROSS_PROJECT = {
    "projects:coordinator_remove": lambda w: {"project_pk": w.project.pk, "user_pk": w.other_coordinator.pk},
}
