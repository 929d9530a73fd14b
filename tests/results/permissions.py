"""results' rows of the permission matrix (see tests/test_permissions.py)."""

from tests.factories import DisseminationEventFactory, OutputFactory


def extend_world(world):
    """An output with one dissemination event in each project."""
    world.output = OutputFactory(project=world.project)
    world.event = DisseminationEventFactory(output=world.output)
    world.other_output = OutputFactory(project=world.other_project)
    world.other_event = DisseminationEventFactory(output=world.other_output)


def _project(w):
    return {"project_pk": w.project.pk}


def _output(w):
    return {"project_pk": w.project.pk, "output_pk": w.output.pk}


def _other_output(w):
    return {"project_pk": w.project.pk, "output_pk": w.other_output.pk}


def _event(w):
    return {"project_pk": w.project.pk, "event_pk": w.event.pk}


def _other_event(w):
    return {"project_pk": w.project.pk, "event_pk": w.other_event.pk}


URLS = {
    "results:list": (_project, "get", "project_member"),
    "results:output_create": (_project, "get", "project_coordinator"),
    "results:output_edit": (_output, "get", "project_coordinator"),
    "results:output_delete": (_output, "get", "project_coordinator"),  # the confirmation page; POST deletes
    "results:event_create": (_output, "get", "project_coordinator"),
    "results:event_edit": (_event, "get", "project_coordinator"),
    "results:event_delete": (_event, "get", "project_coordinator"),
}

# Checked in tests/results/test_results.py, role by role: the download needs a stored file.
SPECIAL = {"results:output_file"}

CROSS_PROJECT = {
    "results:output_edit": _other_output,
    "results:output_delete": _other_output,
    "results:event_create": _other_output,
    "results:event_edit": _other_event,
    "results:event_delete": _other_event,
}
