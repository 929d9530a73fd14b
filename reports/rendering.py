"""The PDF's render state, claimed like a reminder: called by the render task, so it lives below the services.

A render request (`render_seq`) is queued, then claimed by one task (rendering, `render_claimed_at`),
then stored. Only the task holding the claim stores its PDF, so one request never yields two PDFs; a
claim older than REPORT_RENDER_LEASE_MINUTES (a worker killed mid-render, a task lost with the broker)
is taken up again by the sweep.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from networkhub import files

from . import data as report_data
from .models import RenderStatus, Report, pdf_folder

logger = logging.getLogger(__name__)


def render_lease():
    return timedelta(minutes=settings.REPORT_RENDER_LEASE_MINUTES)


def _lapsed(now):
    return Q(render_status__in=[RenderStatus.QUEUED, RenderStatus.RENDERING]) & (
        Q(render_claimed_at__lt=now - render_lease()) | Q(render_claimed_at=None)
    )


def claim_render(report_pk, seq, now=None):
    """Take the render of request `seq`: queued, or rendering under a claim whose lease ran out.

    Returns the claim's time, or None when another task holds it, it is done, or a newer request
    superseded it."""
    now = now or timezone.now()
    claimable = Q(render_status=RenderStatus.QUEUED) | _lapsed(now)
    taken = Report.objects.filter(claimable, pk=report_pk, render_seq=seq).update(
        render_status=RenderStatus.RENDERING, render_claimed_at=now
    )
    return now if taken else None


def release_render(report_pk, seq, claimed_at):
    """Give back a claim (a transient error): queued again for the task's retry or the sweep."""
    return Report.objects.filter(
        pk=report_pk, render_seq=seq, render_status=RenderStatus.RENDERING, render_claimed_at=claimed_at
    ).update(render_status=RenderStatus.QUEUED)


def lapsed_renders(now=None, *, limit=100):
    """(pk, seq) of renders whose claim ran out, each queued again with a fresh lease (one sweep takes each)."""
    now = now or timezone.now()
    found = list(Report.objects.filter(_lapsed(now)).values_list("pk", "render_seq", "render_claimed_at")[:limit])
    return [
        (pk, seq)
        for pk, seq, claimed_at in found
        if Report.objects.filter(_lapsed(now), pk=pk, render_seq=seq, render_claimed_at=claimed_at).update(
            render_status=RenderStatus.QUEUED, render_claimed_at=now
        )
    ]


def store_render(report_pk, seq, *, claimed_at=None, pdf=None, data=None, error=""):
    """Record the task's result, only under the claim it holds (a conditional update): a newer request,
    or another task that took over a lapsed claim, makes this result stale.

    The PDF goes to the default storage under a new name before the row is locked; the draft's previous
    PDF is deleted once the new one is recorded, and a stale render's file at once.
    """
    current = Report.objects.filter(pk=report_pk, render_seq=seq)
    if claimed_at is not None:
        current = current.filter(render_status=RenderStatus.RENDERING, render_claimed_at=claimed_at)
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
