"""Storing a rendered PDF: called by the render task, so it lives below the services."""

import logging

from django.db import transaction
from django.utils import timezone

from networkhub import files

from . import data as report_data
from .models import RenderStatus, Report, pdf_folder

logger = logging.getLogger(__name__)


def store_render(report_pk, seq, *, pdf=None, data=None, error=""):
    """Record the task's result, unless a newer request superseded it (a conditional update).

    The PDF goes to the default storage under a new name before the row is locked; the draft's previous
    PDF is deleted once the new one is recorded, and a superseded render's file at once.
    """
    current = Report.objects.filter(pk=report_pk, render_seq=seq)
    if error:
        return current.update(render_status=RenderStatus.FAILED, render_error=error[:2000])
    project_id = Report.objects.filter(pk=report_pk).values_list("project_id", flat=True).first()
    if project_id is None:
        return 0
    try:
        name = files.save_new(pdf_folder(project_id, report_pk), pdf)
    except files.STORAGE_ERRORS as failure:
        logger.exception("Storing the PDF of report %s failed", report_pk)
        return store_render(report_pk, seq, error=f"File storage: {failure.__class__.__name__}: {failure}")
    with transaction.atomic():
        previous = current.select_for_update().values_list("rendered_pdf", flat=True).first()
        if previous is not None:
            updated = current.update(
                render_status=RenderStatus.DONE,
                rendered_pdf=name,
                rendered_pdf_sha256=files.sha256(pdf),
                rendered_data=data,
                rendered_data_hash=report_data.data_hash(data),
                rendered_at=timezone.now(),
                render_error="",
            )
            transaction.on_commit(lambda: files.delete_quietly(previous))
    if previous is None:  # superseded meanwhile: the file is no one's
        files.delete_quietly(name)
        return 0
    return updated
