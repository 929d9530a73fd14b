"""The funder's project card (issue 22): one read-only page per project for OPH's reviewers, reached from the
programme overview's row. It lives in reports, which sits above health (the panel, the map, the stored statuses)
and holds the reviews, deadlines and extensions the card shows.

What it shows is what the funder may see and no more: the panel as of today as the project home shows it to
someone who is not a coordinator (named facts counted, not named; no weakly tied members' names on the map);
submitted reports only, never a draft; the coordinators' names and e-mail addresses. Then the officer's case
work (reports.casework). Every part is a fixed number of queries, whatever the size of the project.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from health import queries as health
from networkhub.dates import short_date
from networkhub.models import AuditEvent
from projects.models import ProjectStatus, ReportType

from .deadlines import deadlines_for
from .models import CaseNote, CaseOfficer, FollowUp, ProjectDeadline, ReportReviewStep, ReportStatus, ReportVersion
from .review_views import reviewable_reports


@dataclass
class Event:
    """One line of the project's timeline."""

    at: datetime
    kind: str  # report, review, extension, note, follow_up, status
    text: str
    who: str = ""
    detail: str = ""


def card(project, today=None):
    """The card's context for `project` (with its programme selected)."""
    today = today or timezone.localdate()
    deadlines = deadlines_for(project, today)
    reports = {
        report.programme_deadline_id: report
        for report in reviewable_reports()
        .filter(project=project, programme_deadline__isnull=False)
        .only("pk", "programme_deadline_id", "status", "report_type")
    }
    for row in deadlines:
        row["report"] = reports.get(row["deadline"].pk)
    last_report = (
        reviewable_reports()
        .filter(project=project)
        .defer("rendered_pdf", "rendered_data")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    steps = versions = []
    if last_report is not None:
        steps = list(last_report.review_steps.select_related("actor", "version"))
        versions = list(last_report.versions.select_related("submitted_by").defer("data"))
    assignment = CaseOfficer.objects.filter(project=project).select_related("officer").first()
    extensions = list(
        ProjectDeadline.objects.filter(project=project).select_related("programme_deadline", "granted_by")
    )
    notes = list(CaseNote.objects.filter(project=project).select_related("author"))
    follow_ups = list(FollowUp.objects.filter(project=project).select_related("author"))
    year = health.year_of_statuses(project, today)
    return {
        "project": project,
        **health.dashboard(project, may_act=False),  # the panel and the map, as a non-coordinator sees them
        "statuses_on": _statuses_on(project),
        "year": year,
        "year_rows": _year_rows(year),
        "coordinators": list(project.coordinators.filter(is_active=True).order_by("full_name")),
        "deadlines": deadlines,
        "overdue": [row for row in deadlines if row["overdue"]],
        "extensions": extensions,
        "last_report": last_report,
        "steps": steps,
        "versions": versions,
        "officer": assignment.officer if assignment else None,
        "notes": notes,
        "follow_ups": follow_ups,
        "timeline": timeline(project, extensions=extensions, notes=notes, follow_ups=follow_ups),
        "today": today,
    }


def _statuses_on(project):
    """The date of the stored statuses the overview shows (health.daily), or None."""
    try:
        return project.health_day.taken_on
    except ObjectDoesNotExist:
        return None


def _year_rows(year):
    """The strip and table rows, one per registered item in characteristic order, with colours and labels."""
    labels = {status.value: str(status.label) for status in health.Status}
    weeks = year["weeks"]
    rows = []
    for column in health.columns():
        statuses = year["items"].get(column.key)
        if statuses is None:
            continue
        rows.append(
            {
                "column": column,
                "weeks": [
                    {
                        "x": n * 6,
                        "monday": monday,
                        "status": status,
                        "label": labels.get(status, ""),
                        "colour": health.STRIP_COLOURS.get(status, "#ffffff"),
                    }
                    for n, (monday, status) in enumerate(zip(weeks, statuses["weeks"], strict=True))
                    if status
                ],
                "months": [labels.get(status, "–") if status else "–" for status in statuses["months"]],
                "summary": _strip_summary(statuses["weeks"], labels),
            }
        )
    return rows


def _strip_summary(statuses, labels):
    """The strip in words for screen readers: how many weeks each status held."""
    counts = {}
    for status in statuses:
        if status:
            counts[status] = counts.get(status, 0) + 1
    if not counts:
        return _("No stored statuses in the last 12 months.")
    parts = ", ".join(f"{labels.get(status, status)} {count}" for status, count in counts.items())
    return _("Weeks by status in the last 12 months: %(counts)s.") % {"counts": parts}


def timeline(project, *, extensions=None, notes=None, follow_ups=None):
    """The project's case timeline, newest first: submitted report versions, review steps, extensions, the
    officers' notes and follow-ups, and changes of the project's status (audit events). Five queries, or
    two when the card has read the extensions, notes and follow-ups already."""
    events = []
    types = {}
    versions = ReportVersion.objects.filter(report__project=project).select_related("report", "submitted_by")
    for version in versions.defer("data"):
        events.append(
            Event(
                version.submitted_at,
                "report",
                _("%(report)s submitted (version %(number)s)")
                % {"report": _report_label(version.report, types), "number": version.number},
                _name(version.submitted_by),
            )
        )
    steps = ReportReviewStep.objects.filter(report__project=project).select_related("report", "actor")
    states = {value: str(label) for value, label in ReportStatus.choices}
    for step in steps:
        events.append(
            Event(
                step.created_at,
                "review",
                _("%(report)s: %(state)s")
                % {"report": _report_label(step.report, types), "state": states.get(step.status, step.status)},
                _name(step.actor),
                step.comment,
            )
        )
    if extensions is None:
        extensions = ProjectDeadline.objects.filter(project=project).select_related("programme_deadline", "granted_by")
    for extension in extensions:
        events.append(
            Event(
                extension.granted_at,
                "extension",
                _("Extension: %(report)s due %(date)s")
                % {
                    "report": extension.programme_deadline.get_report_type_display(),
                    "date": _short(extension.due_date),
                },
                _name(extension.granted_by),
                extension.reason,
            )
        )
    for note in CaseNote.objects.filter(project=project).select_related("author") if notes is None else notes:
        events.append(Event(note.written_at, "note", _("Note"), _name(note.author), note.text))
    for follow_up in (
        FollowUp.objects.filter(project=project).select_related("author") if follow_ups is None else follow_ups
    ):
        events.append(
            Event(
                follow_up.created_at,
                "follow_up",
                _("Follow-up for %(date)s") % {"date": _short(follow_up.due_date)},
                _name(follow_up.author),
                follow_up.what,
            )
        )
        if follow_up.done_at:
            events.append(
                Event(follow_up.done_at, "follow_up", _("Follow-up done"), _name(follow_up.author), follow_up.what)
            )
    events.extend(_status_changes(project))
    return sorted(events, key=lambda event: event.at, reverse=True)


def _status_changes(project):
    """The project's registration and the edits that changed its status (their audit events)."""
    labels = {value: str(label) for value, label in ProjectStatus.choices}
    changes = AuditEvent.objects.filter(
        project=project, action__in=["project.registered", "project.updated", "project.imported"]
    ).select_related("actor")
    events = []
    for event in changes.order_by("created_at", "pk"):
        if event.action == "project.updated":
            if "status" not in event.data.get("fields", []):
                continue
            new = event.data.get("status")
            text = _("Status changed to %(status)s") % {"status": labels[new]} if new in labels else _("Status changed")
        elif event.action == "project.registered":
            text = _("Project registered")
        else:
            text = _("Project imported")
        events.append(Event(event.created_at, "status", text, _name(event.actor)))
    return events


def _report_label(report, cache):
    if not cache:
        cache.update({value: str(label) for value, label in ReportType.choices})
    return cache.get(report.report_type, report.report_type)


def _name(user):
    return user.full_name if user is not None else ""


def _short(day):
    return short_date(day)
