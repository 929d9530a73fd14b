"""Live where it matters (docs/health.md, "Live statuses"): a committed change to a project's inputs stores the
project's day again, so the landing page and OPH's overview, which read the stored day, never show a status
older than the last change.

Every state change writes an audit event in its transaction (networkhub.audit). When a transaction that wrote
events for a project commits, the project's `HealthDay` is marked stale with a conditional update and, if it
was not stale already, the refresh task is sent: a burst of changes costs one refresh. The task stores the day
under a row lock and clears the mark (health.stale). A mark whose task was lost (a worker killed, the broker down)
is the mark's lease running out: the sweep job refreshes every day marked longer than `STALE_LEASE` ago.

This is the one publish after a change that does not go through the transactional outbox (networkhub.outbox):
the stale mark is its own outbox row, committed with the change, and the sweep is its relay. A broker that is down
when the refresh is sent costs a refresh delayed to the sweep, never a lost one, and never the request
(tests/test_outbox_one_way.py lists this module as the known exception).
"""

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from networkhub.celery_tasks import PUBLISH_ERRORS
from partners.models import Membership, Organisation
from projects.models import Project

from . import tasks
from .stale import mark_stale

# A refresh waits this long after the first change, so that the rest of a burst lands in the same refresh.
REFRESH_DELAY_SECONDS = 10
logger = logging.getLogger(__name__)


class _RefreshOnCommit:
    """The on-commit callback of one project's changes; one per project and transaction."""

    def __init__(self, project_pk):
        self.project_pk = project_pk
        self.ran = False
        # Django names a robust callback that raised by its `__qualname__` when it logs the error; an instance has
        # none of its own, and the logging would then fail the request that committed (a 500 with the broker down).
        self.__qualname__ = f"{type(self).__qualname__}({project_pk})"

    def __call__(self):
        self.ran = True
        if mark_stale(self.project_pk):
            try:
                tasks.refresh_health_day.apply_async((self.project_pk,), countdown=REFRESH_DELAY_SECONDS)
            except PUBLISH_ERRORS as error:  # the broker is away: the stale mark's lease brings the refresh
                logger.warning("Could not queue the health refresh of project %s: %r", self.project_pk, error)


def inputs_changed(project_pk):
    """Note that `project_pk`'s inputs changed in the current transaction: refresh its day after commit."""
    connection = transaction.get_connection()
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _RefreshOnCommit) and callback.project_pk == project_pk and not callback.ran:
            return
    # Robust: a broker that is down must not fail the change that was just committed; the lease covers it.
    transaction.on_commit(_RefreshOnCommit(project_pk), robust=True)


def on_audit_event(sender, instance, created, **kwargs):
    """post_save of `networkhub.AuditEvent` (connected in HealthConfig.ready): every state change writes one."""
    if created and instance.project_id is not None:
        inputs_changed(instance.project_id)


def on_admin_log_entry(sender, instance, created, **kwargs):
    """post_save of the admin's `LogEntry` (connected in HealthConfig.ready): an administrator's edit writes no audit
    event, but the admin logs it, in the edit's transaction, before a deletion. A project, or an object with a
    `project_id` (a membership, a meeting, a goal…), marks that project's day stale as a change of its inputs would;
    an organisation (its name, type and country are in the panel's facts and on the network map) marks every project
    it is a member of. The project home then computes its panel live until the day is stored again (health.stored).
    An object that belongs to a project only through another (an attendance, a letter's version) is caught by the
    daily run."""
    if not created:
        return
    try:
        edited = instance.get_edited_object()
    except ObjectDoesNotExist:
        return
    for project_pk in _projects_of(edited):
        inputs_changed(project_pk)


def _projects_of(edited):
    if isinstance(edited, Project):
        return [edited.pk]
    if isinstance(edited, Organisation):
        return sorted(set(Membership.objects.filter(organisation=edited).values_list("project_id", flat=True)))
    project_pk = getattr(edited, "project_id", None)
    return [project_pk] if isinstance(project_pk, int) else []
