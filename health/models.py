from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .panel import Status


class HealthSnapshot(models.Model):
    """One health item of one project as it stood on one date: the points of the item's trend line.

    Taken weekly (health.jobs), dated the Monday of the week; the unique constraint makes a second run
    in the same week add nothing.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="health_snapshots")
    taken_on = models.DateField(_("snapshot date"))
    key = models.CharField(_("item"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    value = models.FloatField(_("indicator value"), null=True, blank=True)
    # The item's next action (a code of health.panel.ACTIONS): the landing page's "Fix it" links to it.
    action = models.CharField(_("next action"), max_length=40, blank=True, default="")

    class Meta:
        db_table = "home_healthsnapshot"  # made by the home app, which held the model before
        ordering = ["project", "taken_on", "key"]
        verbose_name = _("health snapshot")
        verbose_name_plural = _("health snapshots")
        constraints = [
            models.UniqueConstraint(fields=["project", "taken_on", "key"], name="health_snapshot_unique"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="health_snapshot_status_valid"),
        ]

    def __str__(self):
        return f"{self.project_id} {self.taken_on} {self.key}: {self.status}"


class HealthDay(models.Model):
    """A project's latest daily statuses (health.daily): their date and how many items were red and amber.

    The daily job claims a project's day by moving `taken_on` forward with a conditional update, so two
    runs on one day write it once. The counts are the day's snapshot rows summed up when they are
    written, so that OPH's overview sorts and filters a thousand projects by a join, not by counting
    each project's rows on every page view; the grey and not-in-use counts likewise. No date yet (None): the
    project has no daily statuses.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, primary_key=True, related_name="health_day"
    )
    taken_on = models.DateField(_("statuses as of"), null=True, blank=True)
    red_count = models.PositiveSmallIntegerField(_("red items"), default=0)
    amber_count = models.PositiveSmallIntegerField(_("amber items"), default=0)
    # Grey (not enough data) is never healthy; "not in use" is shown apart from green (docs/health.md).
    no_data_count = models.PositiveSmallIntegerField(_("items without data"), default=0)
    not_in_use_count = models.PositiveSmallIntegerField(_("items not in use"), default=0)
    # Set when a change to the project's inputs is committed (health.live); cleared when the day is stored again.
    # Its lease: a stale day not refreshed within health.live.STALE_LEASE is refreshed by the sweep job.
    stale_since = models.DateTimeField(_("inputs changed at"), null=True, blank=True)
    # The day's status and headline value of each item by key, written with the counts (health.daily): the overview
    # filters by an item, sorts by a value and weighs the risk score from this one joined row, not from a subquery
    # over the snapshots per project, which grew with the programme (issue 24). An item the day did not store is
    # absent, as its snapshot row is.
    statuses = models.JSONField(_("statuses by item"), default=dict, blank=True)
    item_values = models.JSONField(_("values by item"), default=dict, blank=True)
    # The day's panel as the project home shows it, in every language (health.stored): the page reads it while the
    # day is current instead of computing the panel. Empty: none stored; the page computes it.
    panel = models.JSONField(_("stored panel"), default=dict, blank=True)

    class Meta:
        db_table = "home_healthday"  # made by the home app, which held the model before
        verbose_name = _("daily health statuses")
        verbose_name_plural = _("daily health statuses")

    def __str__(self):
        return f"{self.project_id} {self.taken_on}: {self.red_count} red, {self.amber_count} amber"
