"""goals' rows of the permission matrix (see tests/test_permissions.py)."""

from tests.factories import GoalReviewFactory

from .factories import IdeaFactory


def extend_world(world):
    """A goal review and an idea in each project."""
    for prefix, project in (("", world.project), ("other_", world.other_project)):
        setattr(world, f"{prefix}review", GoalReviewFactory(project=project))
        setattr(world, f"{prefix}idea", IdeaFactory(project=project))


def _project(w):
    return {"project_pk": w.project.pk}


def _review(w):
    return {"project_pk": w.project.pk, "review_pk": w.review.pk}


def _idea(w):
    return {"project_pk": w.project.pk, "idea_pk": w.idea.pk}


URLS = {
    "goals:goals": (_project, "get", "project_coordinator"),
    "goals:review_list": (_project, "get", "project_member"),
    "goals:review_create": (_project, "get", "project_coordinator"),
    "goals:review_detail": (_review, "get", "project_member"),
    "goals:review_edit": (_review, "get", "project_coordinator"),
    "goals:idea_list": (_project, "get", "project_member"),
    "goals:idea_create": (_project, "get", "project_member"),
    "goals:idea_detail": (_idea, "get", "project_member"),
}

SPECIAL = set()

# This project's URL with another project's object inside it.
CROSS_PROJECT = {
    "goals:review_detail": lambda w: {"project_pk": w.project.pk, "review_pk": w.other_review.pk},
    "goals:review_edit": lambda w: {"project_pk": w.project.pk, "review_pk": w.other_review.pk},
    "goals:idea_detail": lambda w: {"project_pk": w.project.pk, "idea_pk": w.other_idea.pk},
}
