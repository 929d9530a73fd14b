"""Report deadlines: the programme's dates with each project's extensions, and which of them are overdue.
Read-only queries.

The one definition of an overdue report: a programme deadline of the project (one due after the project
started, the project past its application) whose due date, or the extension the funder granted
(`ProjectDeadline`), is before today, and for which the project has no submitted report (a report linked to
that deadline in any state but draft: submitted, in review, information requested or accepted).

The same rule, stored (issue 24): `ReportDue.first_open_due_on` is the effective due date of the project's first
programme deadline still open by this rule (None for an application or when none is open), so the project has an
overdue report on a day exactly when that date is before the day. It depends on no date, only on its inputs, and
`reports.due` rewrites it whenever one changes (signals on reports, extensions, programme deadlines and projects;
the report services after their status updates). `with_overdue_report` reads it, and runs the rule live only for
a project without a row.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import ngettext

from networkhub.dates import short_date
from projects.models import ProgrammeDeadline, ProjectStatus

from .models import ProjectDeadline, Report, ReportStatus


def _row(deadline, due_date, extended, submitted):
    return {
        "deadline": deadline,
        "report_type": deadline.report_type,
        "label": deadline.get_report_type_display(),
        "due_date": due_date,
        "original_due_date": deadline.due_date,
        "extended": extended,
        "submitted": submitted,
        "overdue": False,
        "days_overdue": 0,
    }


def _counts(project, deadline):
    """Whether a programme deadline is the project's to report on: due after the project started."""
    return project.status != ProjectStatus.APPLICATION and deadline.due_date > project.start_date


def _mark(project, row, today):
    if not row["submitted"] and row["due_date"] < today and _counts(project, row["deadline"]):
        row["overdue"] = True
        row["days_overdue"] = (today - row["due_date"]).days
    return row


def overdue_text(row):
    """ "Interim report overdue by 3 days (due 30.11.2026)." for an overdue row."""
    return ngettext(
        "%(report)s overdue by %(days)s day (due %(date)s).",
        "%(report)s overdue by %(days)s days (due %(date)s).",
        row["days_overdue"],
    ) % {"report": row["label"], "days": row["days_overdue"], "date": short_date(row["due_date"])}


def deadlines_for(project, today=None):
    """The programme's deadlines with this project's extensions applied, each marked `submitted` and
    `overdue` (with `days_overdue`), in due-date order: two queries."""
    today = today or timezone.localdate()
    extension = ProjectDeadline.objects.filter(project=project, programme_deadline=OuterRef("pk"))
    deadlines = ProgrammeDeadline.objects.filter(programme_id=project.programme_id).annotate(
        extended_due=Subquery(extension.values("due_date")[:1])
    )
    submitted = set(_submitted(Report.objects.filter(project=project)).values_list("programme_deadline_id", flat=True))
    rows = [
        _mark(
            project,
            _row(
                deadline,
                deadline.extended_due or deadline.due_date,
                deadline.extended_due is not None,
                deadline.pk in submitted,
            ),
            today,
        )
        for deadline in deadlines
    ]
    return sorted(rows, key=lambda row: (row["due_date"], row["deadline"].pk))


def _submitted(reports):
    return reports.filter(programme_deadline__isnull=False).exclude(status=ReportStatus.DRAFT)


@dataclass
class DeadlineState:
    """One project's overdue deadlines (the longest overdue first) and its next deadline from today on."""

    overdue: list = field(default_factory=list)
    next: dict | None = None

    @property
    def first_overdue(self):
        return self.overdue[0] if self.overdue else None

    @property
    def shown(self):
        """The deadline to show as "next": an overdue one before any later one."""
        return self.first_overdue or self.next


def deadline_states(projects, today=None):
    """{project pk: DeadlineState} for many projects at once, in three queries whatever their number."""
    today = today or timezone.localdate()
    pks = [project.pk for project in projects]
    extended = {
        (row.project_id, row.programme_deadline_id): row.due_date
        for row in ProjectDeadline.objects.filter(project__in=pks)
    }
    by_programme = {}
    for deadline in ProgrammeDeadline.objects.filter(programme_id__in={project.programme_id for project in projects}):
        by_programme.setdefault(deadline.programme_id, []).append(deadline)
    submitted = set(
        _submitted(Report.objects.filter(project__in=pks)).values_list("project_id", "programme_deadline_id")
    )
    result = {}
    for project in projects:
        rows = sorted(
            (
                _mark(
                    project,
                    _row(
                        deadline,
                        extended.get((project.pk, deadline.pk), deadline.due_date),
                        (project.pk, deadline.pk) in extended,
                        (project.pk, deadline.pk) in submitted,
                    ),
                    today,
                )
                for deadline in by_programme.get(project.programme_id, [])
            ),
            key=lambda row: (row["due_date"], row["deadline"].pk),
        )
        result[project.pk] = DeadlineState(
            overdue=[row for row in rows if row["overdue"]],
            next=next((row for row in rows if row["due_date"] >= today), None),
        )
    return result


def next_deadline(project, today=None):
    """The deadline to show as the project's next: its longest overdue one, else the first from today on."""
    today = today or timezone.localdate()
    rows = deadlines_for(project, today)
    return next((row for row in rows if row["overdue"]), None) or next(
        (row for row in rows if row["due_date"] >= today), None
    )


def next_deadlines(projects, today=None):
    """{project pk: (due date, ProgrammeDeadline)}: each project's deadline to show as next (an overdue one
    before any later one), extensions applied; a project with nothing overdue or ahead is left out."""
    return {
        pk: (state.shown["due_date"], state.shown["deadline"])
        for pk, state in deadline_states(projects, today).items()
        if state.shown
    }


def open_deadlines():
    """The programme deadlines still open for the outer query's project (`OuterRef`s to its pk, programme_id and
    start_date), each annotated `effective_due` (the extension's date, else the programme's): due after the
    project started, with no submitted report. `with_overdue_report` and `reports.due` share it."""
    extension = ProjectDeadline.objects.filter(project=OuterRef(OuterRef("pk")), programme_deadline=OuterRef("pk"))
    submitted = _submitted(Report.objects.filter(project=OuterRef(OuterRef("pk")), programme_deadline=OuterRef("pk")))
    return (
        ProgrammeDeadline.objects.filter(programme=OuterRef("programme_id"), due_date__gt=OuterRef("start_date"))
        .annotate(effective_due=Coalesce(Subquery(extension.values("due_date")[:1]), "due_date"))
        .exclude(Exists(submitted))
    )


def with_overdue_report(projects, today=None):
    """`projects` (a queryset) annotated with `has_overdue_report`, for filtering and sorting in the database:
    the same rule as `deadline_states` (`overdue_report`)."""
    return projects.annotate(has_overdue_report=overdue_report(today))


# Where a Project finds its stored first open due date (`ReportDue`), and whether it has one.
STORED_DUE = ("report_due__first_open_due_on", Q(report_due__isnull=False))


def overdue_report(today=None, *, stored_due=STORED_DUE):
    """Whether the project has an overdue report on `today`, as an expression: its stored first open due date
    (`ReportDue`, one LEFT JOIN) answers it; only a project without a stored row (written in bulk, without signals)
    runs the rule live, as an EXISTS subquery that PostgreSQL evaluates for those rows alone (the CASE's last
    branch). `stored_due` (the date's path, the condition that it is stored) names them where a model other than
    Project copies them (the overview's keys); the live rule needs the outer model's pk, `programme_id` and
    `start_date` to be the project's."""
    today = today or timezone.localdate()
    due, stored = stored_due
    return Case(
        When(status=ProjectStatus.APPLICATION, then=Value(False)),
        When(**{f"{due}__lt": today}, then=Value(True)),
        When(stored, then=Value(False)),  # nothing open, or open from today on
        default=Exists(open_deadlines().filter(effective_due__lt=today)),
        output_field=BooleanField(),
    )
