"""Report deadlines: the programme's dates with each project's extensions. Read-only queries."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from projects.models import ProgrammeDeadline

from .models import ProjectDeadline


def deadlines_for(project):
    """The programme's deadlines with this project's extensions applied, in one query."""
    extension = ProjectDeadline.objects.filter(project=project, programme_deadline=OuterRef("pk"))
    deadlines = ProgrammeDeadline.objects.filter(programme_id=project.programme_id).annotate(
        extended_due=Subquery(extension.values("due_date")[:1])
    )
    rows = [
        {
            "deadline": deadline,
            "report_type": deadline.report_type,
            "label": deadline.get_report_type_display(),
            "due_date": deadline.extended_due or deadline.due_date,
            "original_due_date": deadline.due_date,
            "extended": deadline.extended_due is not None,
        }
        for deadline in deadlines
    ]
    return sorted(rows, key=lambda row: (row["due_date"], row["deadline"].pk))


def next_deadline(project, today=None):
    today = today or timezone.localdate()
    return next((row for row in deadlines_for(project) if row["due_date"] >= today), None)


def next_deadlines(projects, today=None):
    """{project pk: (due date, ProgrammeDeadline)}: each project's next deadline with its extensions applied,
    for many projects at once in two queries (a project with nothing ahead is left out)."""
    today = today or timezone.localdate()
    extended = {
        (row.project_id, row.programme_deadline_id): row.due_date
        for row in ProjectDeadline.objects.filter(project__in=[project.pk for project in projects])
    }
    by_programme = {}
    for deadline in ProgrammeDeadline.objects.filter(programme_id__in={project.programme_id for project in projects}):
        by_programme.setdefault(deadline.programme_id, []).append(deadline)
    result = {}
    for project in projects:
        ahead = [
            (extended.get((project.pk, deadline.pk), deadline.due_date), deadline.pk, deadline)
            for deadline in by_programme.get(project.programme_id, [])
        ]
        ahead = sorted(entry for entry in ahead if entry[0] >= today)
        if ahead:
            result[project.pk] = (ahead[0][0], ahead[0][2])
    return result
