"""The programme aggregates' stored figures (issue 22 part 6, issue 24): the page reads a programme's figures from
one stored row instead of counting the whole programme on every view, so it costs the same at 2 and at 10,000
projects. docs/health.md "Programme aggregates".

- `figures_for(programme, filters)`: the figures the page shows and when they were counted. Stored figures counted
  today, less than settings.PROGRAMME_FIGURES_MAX_AGE seconds ago, are read (one query); others are counted
  (home.programme_aggregates.compute) and stored for the next view.
- `refresh_programme_figures()`: counts every programme's unfiltered figures again (the beat job home.jobs runs it
  every half of the maximum age, so that page seldom counts) and deletes rows older than KEEP_DAYS.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from projects.models import Programme

from . import programme_aggregates
from .models import ProgrammeFigures

# Stored figures counted this many days before today are deleted by the refresh (the page never reads them).
KEEP_DAYS = 2


def filters_key(filters):
    """The canonical key of the filter form's cleaned data (phase, cohort, include_closed): "" without filters,
    else e.g. "phase=active;cohort=2025;closed". Equal filters give equal keys, however they were typed."""
    parts = []
    if filters.get("phase"):
        parts.append(f"phase={filters['phase']}")
    if filters.get("cohort"):
        parts.append(f"cohort={int(filters['cohort'])}")
    if filters.get("include_closed"):
        parts.append("closed")
    return ";".join(parts)


def is_fresh(stored, today, now=None):
    """Whether stored figures may be shown on `today`: counted for that day, less than the maximum age ago."""
    age = (now or timezone.now()) - stored.computed_at
    return stored.computed_on == today and timedelta(0) <= age < timedelta(seconds=settings.PROGRAMME_FIGURES_MAX_AGE)


def figures_for(programme, filters, today=None):
    """(Aggregates, computed_at) of `programme` over the projects `filters` (the form's cleaned data, or {}) select:
    the stored figures when they are fresh (`is_fresh`) and fit the code (`programme_aggregates.from_json`), one
    query; otherwise counted now and stored."""
    today = today or timezone.localdate()
    key = filters_key(filters)
    stored = ProgrammeFigures.objects.filter(programme=programme, filters_key=key).first()
    if stored is not None and is_fresh(stored, today):
        figures = programme_aggregates.from_json(stored.figures)
        if figures is not None:
            return figures, stored.computed_at
    return count_and_store(programme, filters, today)


def count_and_store(programme, filters, today):
    """Counts the figures (`compute`) and stores them over earlier ones for the same filters (`store`). The time
    stored is taken before counting: nothing changed before it is missing from the figures."""
    computed_at = timezone.now()
    figures = programme_aggregates.compute(programme, filters, today)
    store(programme, filters_key(filters), figures, today, computed_at)
    return figures, computed_at


def store(programme, key, figures, today, computed_at):
    """Stores `figures` counted at `computed_at` unless figures counted later are stored: an update (one query), or
    an insert when there were none. Two requests counting at once both succeed: when the insert collides with the
    other's, or later figures are stored, those stand."""
    fields = {"computed_on": today, "computed_at": computed_at, "figures": programme_aggregates.as_json(figures)}
    rows = ProgrammeFigures.objects.filter(programme=programme, filters_key=key)
    if rows.filter(computed_at__lte=computed_at).update(**fields):
        return
    try:
        with transaction.atomic():
            ProgrammeFigures.objects.create(programme=programme, filters_key=key, **fields)
    except IntegrityError:
        pass  # the row exists: stored by another request just now, or counted later than these


def refresh_programme_figures(today=None):
    """Counts and stores the unfiltered figures of every programme (a constant number of queries each) and deletes
    stored figures counted more than KEEP_DAYS days before `today`. Returns how many programmes it counted."""
    today = today or timezone.localdate()
    programmes = list(Programme.objects.order_by("code"))
    for programme in programmes:
        count_and_store(programme, {}, today)
    ProgrammeFigures.objects.filter(computed_on__lt=today - timedelta(days=KEEP_DAYS)).delete()
    return len(programmes)
