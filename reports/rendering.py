"""Storing a rendered PDF: called by the render task, so it lives below the services."""

from django.utils import timezone

from . import data as report_data
from .models import RenderStatus, Report


def store_render(report_pk, seq, *, pdf=None, data=None, error=""):
    """Record the task's result, unless a newer request superseded it (a conditional update)."""
    current = Report.objects.filter(pk=report_pk, render_seq=seq)
    if error:
        return current.update(render_status=RenderStatus.FAILED, render_error=error[:2000])
    return current.update(
        render_status=RenderStatus.DONE,
        rendered_pdf=pdf,
        rendered_data=data,
        rendered_data_hash=report_data.data_hash(data),
        rendered_at=timezone.now(),
        render_error="",
    )
