"""A project's phase on a date (docs/health.md, "Project phase"): what the health items may expect of it.

- preparing the application: before the application date;
- running: from the application date until the last three months before the end date;
- closing: the last three months before the end date;
- closed: after the end date, or the project's status is closed. A closed project's panel is its final state,
  computed as of its end date (`panel_date`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import ProjectStatus

CLOSING_MONTHS = 3


class Phase(models.TextChoices):
    PREPARING = "preparing", _("Preparing the application")
    RUNNING = "running", _("Running")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")


def _months_before(day, months):
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for candidate in range(day.day, 0, -1):  # 31.5. minus three months is the last day of February
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 1 always exists


def closing_from(project):
    """The first day of the closing phase: three months before the end date."""
    return _months_before(project.end_date, CLOSING_MONTHS)


def phase(project, as_of):
    """The project's `Phase` on `as_of`."""
    if project.status == ProjectStatus.CLOSED or as_of > project.end_date:
        return Phase.CLOSED
    if as_of < project.application_date:
        return Phase.PREPARING
    if as_of >= closing_from(project):
        return Phase.CLOSING
    return Phase.RUNNING


def panel_date(project, as_of):
    """The date a panel asked for `as_of` is computed as of: a project past its end shows its final state."""
    return min(as_of, project.end_date)


def days_since_start(project, as_of):
    """Days from the project's start date to `as_of`; negative before the start."""
    return (as_of - project.start_date).days
