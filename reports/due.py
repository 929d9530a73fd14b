"""The stored first open report due date of each project (`ReportDue`, issue 24), rewritten when its inputs change.

OPH's overview sorts every project by whether it has an overdue report; the rule (`reports.deadlines`) as a
subquery per project costs most of the page's SQL at 10,000 projects. Stored, it is one LEFT JOIN. The date does
not depend on today, only on the project (status, start date, programme), the programme's deadlines, the
project's extensions and which reports are submitted, so it is rewritten when one of those changes: the signals
of `reports.signals` for saves and deletes, and the report services after their status `update()`s (no signal).

Each function costs a constant number of queries: one annotated SELECT and one INSERT … ON CONFLICT UPDATE.
"""

from django.db.models import Case, DateField, Subquery, Value, When

from projects.models import Project, ProjectStatus

from .deadlines import open_deadlines
from .models import ReportDue

CHUNK = 2_000


def _first_open_due():
    first = open_deadlines().order_by("effective_due").values("effective_due")[:1]
    return Case(
        When(status=ProjectStatus.APPLICATION, then=Value(None)),
        default=Subquery(first),
        output_field=DateField(),
    )


def _write(projects):
    rows = [
        ReportDue(project_id=pk, first_open_due_on=due)
        for pk, due in projects.order_by()
        .annotate(first_open_due_on_=_first_open_due())
        .values_list("pk", "first_open_due_on_")
    ]
    if rows:
        ReportDue.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["project"], update_fields=["first_open_due_on"]
        )
    return len(rows)


def refresh(project_pks):
    """Recompute the stored date of these projects (a project that no longer exists is skipped): two queries."""
    pks = {pk for pk in project_pks if pk is not None}
    if not pks:
        return 0
    return _write(Project.objects.filter(pk__in=pks))


def refresh_programme(programme_pk):
    """Every project of the programme: two queries."""
    return _write(Project.objects.filter(programme_id=programme_pk))


def refresh_all(chunk=CHUNK):
    """Every project, `chunk` projects at a time (two queries a chunk, one more to page): for bulk-loaded data."""
    written, last = 0, 0
    while True:
        pks = list(Project.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:chunk])
        if not pks:
            return written
        written += _write(Project.objects.filter(pk__in=pks))
        last = pks[-1]
