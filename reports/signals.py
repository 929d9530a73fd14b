"""Keep each project's stored first open report due date (`reports.due`) current on every save and delete of
its inputs: reports, extensions, programme deadlines and the project itself.

A save whose `update_fields` touch none of the inputs (a draft's render state, an autosave's timestamp) costs
nothing. A delete cascading from the project is skipped: its `ReportDue` row goes with it.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from projects.models import ProgrammeDeadline, Project

from . import due
from .models import ProjectDeadline, Report

REPORT_INPUTS = {"status", "programme_deadline", "programme_deadline_id", "project", "project_id"}
DEADLINE_INPUTS = {"due_date", "programme", "programme_id", "project", "project_id", "programme_deadline"}
PROJECT_INPUTS = {"status", "start_date", "programme", "programme_id"}


def _touches(update_fields, inputs):
    return update_fields is None or bool(inputs & set(update_fields))


def _cascading(origin, *models):
    """Whether a delete started from one of `models` (an instance or a queryset of it)."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model in models


@receiver(post_save, sender=Report, dispatch_uid="reports.due.report_saved")
def _report_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and _touches(update_fields, REPORT_INPUTS):
        due.refresh([instance.project_id])


@receiver(post_save, sender=ProjectDeadline, dispatch_uid="reports.due.extension_saved")
def _extension_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and _touches(update_fields, DEADLINE_INPUTS):
        due.refresh([instance.project_id])


@receiver(post_delete, sender=Report, dispatch_uid="reports.due.report_deleted")
@receiver(post_delete, sender=ProjectDeadline, dispatch_uid="reports.due.extension_deleted")
def _project_input_deleted(sender, instance, origin=None, **kwargs):
    # From a programme deadline: its own signal refreshes the whole programme once, after.
    if not _cascading(origin, Project, ProgrammeDeadline):
        due.refresh([instance.project_id])


@receiver(post_save, sender=ProgrammeDeadline, dispatch_uid="reports.due.programme_deadline_saved")
def _programme_deadline_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and _touches(update_fields, DEADLINE_INPUTS):
        due.refresh_programme(instance.programme_id)


@receiver(post_delete, sender=ProgrammeDeadline, dispatch_uid="reports.due.programme_deadline_deleted")
def _programme_deadline_deleted(sender, instance, **kwargs):
    due.refresh_programme(instance.programme_id)


@receiver(post_save, sender=Project, dispatch_uid="reports.due.project_saved")
def _project_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and _touches(update_fields, PROJECT_INPUTS):
        due.refresh([instance.pk])
