"""The report's pre-filled content, gathered in a constant number of queries whatever the network's size.

`build(report)` returns plain JSON data (strings, numbers, lists, dicts) in the report's language:
the preview, the PDF and the frozen snapshot all render from exactly this, so what is submitted is
what was seen. Dates and money are formatted here, once.
"""

import hashlib
import json
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from commitments.amendments import tasks_in_force
from commitments.models import LetterAmendment, NetworkRules, Task, TaskNote, TaskProgress, TaskStatus
from commitments.overview import counts as commitment_counts
from commitments.overview import member_rows
from goals.queries import latest_review
from health.queries import report_health
from meetings.models import ActionItem, Attendance, Decision, Meeting, MeetingStatus, MeetingType
from meetings.models.meetings import ATTENDED
from networkhub import contributions
from networkhub.dates import local_date, short_date, start_of_day, start_of_day_after
from partners.models import HOME_COUNTRY, Membership
from partners.queries import current_members, network_composition
from projects.models import ReportType
from results.models import DisseminationChannel, OutputType
from results.queries import outputs_with_events

from .models import BudgetCategory, OutputKind


def _money(value):
    return formats.number_format(value or Decimal("0"), 2, use_l10n=True, force_grouping=True)


def _number(value):
    if value is None:
        return ""
    return formats.number_format(
        value.normalize() if value == value.to_integral() else value, use_l10n=True, force_grouping=True
    )


def _bounds(report):
    return start_of_day(report.period_start), start_of_day_after(report.period_end)


def build(report):
    with translation.override(report.language):
        project = report.project
        start, end = _bounds(report)
        return {
            "meta": _meta(report),
            "project": _project(project),
            "network": _network(report, project),
            "commitment": _commitment(project, report.period_end),
            "meetings": _meetings(project, start, end, report.period_end),
            "goals": _goals(report),
            "results": _results(report),
            # Outputs typed into reports before they came from the project's results (kept, read-only).
            "outputs": [
                {
                    "kind": str(OutputKind(output.kind).label),
                    "title": output.title,
                    "description": output.description,
                    "url": output.url,
                    "disseminated": output.disseminated,
                }
                for output in report.outputs.all()
            ],
            "budget": _budget(report),
            # What other apps add to the report (networkhub.contributions `report_sections`): the mobility tables.
            "sections": _sections(report),
            **report_health(project, health_as_of(report)),  # "health" and "network_map"
            "narrative": {
                "summary": report.summary,
                "what_worked": report.what_worked,
                "challenges": report.challenges,
                "next_steps": report.next_steps,
            },
        }


def health_as_of(report):
    """The day the report's health section is computed as of: the period's end, or the day the report was
    submitted (for a draft: today) if that is earlier. A report sent before its period ends shows no statuses
    of days that had not yet come."""
    if report.is_editable or report.submitted_at is None:
        sent = timezone.localdate()
    else:
        sent = local_date(report.submitted_at)
    return min(report.period_end, sent)


def data_hash(data):
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _meta(report):
    return {
        "report_type": report.report_type,
        "report_type_label": str(report.get_report_type_display()),
        "language": report.language,
        "period_start": short_date(report.period_start),
        "period_end": short_date(report.period_end),
        "due_date": short_date(report.due_date),
        "health_as_of": short_date(health_as_of(report)),
    }


def _project(project):
    return {
        "name": project.name,
        "acronym": project.acronym,
        "case_number": project.case_number,
        "programme": project.programme.name,
        "funder": project.programme.funder_name,
        "application_date": short_date(project.application_date),
        "start_date": short_date(project.start_date),
        "end_date": short_date(project.end_date),
        "grant": _money(project.grant_eur),
        "self_financing": _money(project.self_financing_eur),
        "total": _money(project.total_budget_eur),
        "coordinators": [user.full_name for user in project.coordinators.order_by("full_name")],
    }


def _network(report, project):
    # Members are current members (partners.queries.current_members) at the period's end: not the
    # organisations only invited, nor those withdrawn by then.
    composition = network_composition(project, report.period_end)
    current = set(current_members(project, report.period_end).values_list("pk", flat=True))
    memberships = list(Membership.objects.filter(project=project).with_organisation())
    members, joined, left = [], [], []
    for membership in memberships:
        organisation = membership.organisation
        if membership.pk in current and report.period_start <= membership.joined_on <= report.period_end:
            joined.append(organisation.name)
        if membership.left_on and report.period_start <= membership.left_on <= report.period_end:
            left.append(organisation.name)
        if membership.pk not in current:
            continue
        members.append(
            {
                "name": organisation.name,
                "type": str(organisation.get_org_type_display()),
                "country": str(organisation.country.name),
                "domestic": organisation.country == HOME_COUNTRY,
                "business": organisation.is_business,
                # Marked as the funder's criterion counts (health item 12): domestic education providers only.
                "new_to_international": (
                    organisation.new_to_international and organisation.is_domestic_education_provider
                ),
                "role": str(membership.get_role_display()),
                "joined": short_date(membership.joined_on),
            }
        )
    return {
        "total": composition["total"],
        "domestic": composition["domestic"],
        "foreign": composition["foreign"],
        "business": composition["business"],
        "education_providers": composition["education_providers"],
        "new_to_international": composition["new_to_international"],
        "new_to_international_share": composition["new_to_international_share"],
        "by_type": [[str(label), count] for label, count in composition["by_type"]],
        "members": members,
        "joined": joined,
        "left": left,
    }


def _commitment(project, as_of):
    """Letters and rules as they stood at the end of the report period, not as they stand today."""
    rules = (
        NetworkRules.objects.published()
        .filter(project=project, published_at__lt=start_of_day_after(as_of))
        .order_by("-number")
        .first()
    )
    rows = member_rows(project, rules, current_members(project, as_of), as_of=as_of)
    sent_versions = [row.version.pk for row in rows if row.version is not None]
    # The tasks as amended by the end of the period (responsible persons and deadlines the contact acknowledged).
    amendments = {}
    for amendment in LetterAmendment.objects.acknowledged().filter(version__in=sent_versions):
        amendments.setdefault(amendment.version_id, []).append(amendment)
    by_version = {}
    for task in Task.objects.filter(version__in=sent_versions).order_by("order", "pk"):
        by_version.setdefault(task.version_id, []).append(task)
    letters = {row.version.pk: row.version.letter_id for row in rows if row.version is not None}
    status_at_end = _task_status_at(letters.values(), as_of)
    follow_through = dict.fromkeys(["total", "done", "in_progress", "dropped", "late"], 0)
    tasks = {}
    for version_pk, version_tasks in by_version.items():
        tasks[version_pk] = []
        for task in tasks_in_force(version_tasks, amendments.get(version_pk, []), start_of_day_after(as_of)):
            status, done_on = status_at_end.get((letters[version_pk], task.thread), (TaskStatus.OPEN, None))
            late = bool(task.deadline and task.deadline < as_of and status not in (TaskStatus.DONE, TaskStatus.DROPPED))
            follow_through["total"] += 1
            if status != TaskStatus.OPEN:
                follow_through[status] += 1
            follow_through["late"] += late
            tasks[version_pk].append(
                {
                    "title": task.title,
                    "deadline": short_date(task.deadline),
                    "effort": task.effort,
                    # How the task stood at the period's end (commitments' follow-through): done on a date, in
                    # progress, dropped, or open; late when past its deadline and neither done nor dropped.
                    "status": str(status),
                    "status_label": str(TaskStatus(status).label),
                    "done_on": short_date(done_on),
                    "late": late,
                }
            )
    return {
        "rules_version": rules.number if rules else None,
        "application_date": short_date(project.application_date),
        "counts": commitment_counts(rows),
        "tasks": follow_through,
        "rows": [
            {
                "organisation": row.membership.organisation.name,
                "rules_accepted": row.rules_accepted,
                "contact_signed": short_date(row.contact_signed_at),
                "management_signed": short_date(row.management_signed_at),
                "committed_at_application": row.committed_at_application,
                "signed": row.commitment.is_signed,
                "state": str(row.state) if row.state else _("Not sent"),
                "tasks": tasks.get(row.version.pk, []) if row.version else [],
            }
            for row in rows
        ],
    }


def _task_status_at(letter_ids, as_of):
    """{(letter pk, thread): (status, date done or None)} of the letters' tasks as they stood at the end of `as_of`,
    two queries. A task marked done on or before `as_of` is done (as health item 3 counts it, however late it was
    recorded); otherwise its status is that of the last progress note written by then (every change writes one)."""
    end = start_of_day_after(as_of)
    letter_ids = list(letter_ids)
    result = {}
    for note in (
        TaskNote.objects.filter(progress__letter__in=letter_ids, created_at__lt=end)
        .select_related("progress")
        .order_by("created_at", "pk")
    ):
        done_on = local_date(note.created_at) if note.status == TaskStatus.DONE else None
        result[(note.progress.letter_id, note.progress.thread)] = (note.status, done_on)
    for progress in TaskProgress.objects.filter(letter__in=letter_ids, status=TaskStatus.DONE, done_on__lte=as_of):
        result[(progress.letter_id, progress.thread)] = (TaskStatus.DONE, progress.done_on)
    return result


def _meetings(project, start, end, as_of):
    held = Meeting.objects.filter(project=project, status=MeetingStatus.HELD, start__gte=start, start__lt=end)
    by_type = dict(held.values_list("meeting_type").annotate(n=Count("pk")).order_by())
    rows = (
        Attendance.objects.filter(meeting__in=held)
        .values("contact__organisation_id", "meeting_id")
        .annotate(attended=Count("pk", filter=Q(status__in=ATTENDED)))
        .order_by()
    )
    expected, attended, per_meeting = {}, {}, {}
    for row in rows:
        organisation = row["contact__organisation_id"]
        expected[organisation] = expected.get(organisation, 0) + 1
        if row["attended"]:
            attended[organisation] = attended.get(organisation, 0) + 1
            per_meeting[row["meeting_id"]] = per_meeting.get(row["meeting_id"], 0) + 1
    attendance = []
    for membership in current_members(project, as_of).with_organisation():
        pk = membership.organisation_id
        meetings = expected.get(pk, 0)
        attendance.append(
            {
                "organisation": membership.organisation.name,
                "meetings": meetings,
                "attended": attended.get(pk, 0),
                "rate": round(100 * attended.get(pk, 0) / meetings) if meetings else None,
            }
        )
    meetings = [
        {
            "date": short_date(meeting.start),
            "title": meeting.title,
            "type": str(MeetingType(meeting.meeting_type).label),
            "organisations": per_meeting.get(meeting.pk, 0),
        }
        for meeting in held.order_by("start", "pk")
    ]
    decisions = [
        {
            "date": short_date(decision.meeting.start),
            "meeting": decision.meeting.title,
            "text": decision.text,
        }
        for decision in Decision.objects.filter(meeting__in=held)
        .select_related("meeting")
        .order_by("meeting__start", "order", "pk")
    ]
    actions = ActionItem.objects.filter(project=project).aggregate(
        opened=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        closed=Count("pk", filter=Q(done_at__gte=start, done_at__lt=end)),
        open_at_end=Count("pk", filter=Q(created_at__lt=end) & (Q(done_at=None) | Q(done_at__gte=end))),
    )
    return {
        "held": len(meetings),
        "by_type": [[str(label), by_type[value]] for value, label in MeetingType.choices if by_type.get(value)],
        "list": meetings,
        "attendance": attendance,
        "decisions": decisions,
        "actions": actions,
    }


def _goals(report):
    entries = {entry.goal_id: entry for entry in report.goal_entries.all()}
    review, reviewed = latest_review(report.project, report.period_end)
    goals = []
    project_goals = list(report.project.goals.all())
    # What the app counts for goals with a measure (mobilities), as of the period's end: shown beside the actual value
    # entered, which the draft pre-fills from it (issue 21).
    counted = contributions.goal_values(project_goals, report.period_end)
    for goal in project_goals:
        entry = entries.get(goal.pk)
        actual = entry.actual if entry else None
        assessment = reviewed.get(goal.pk)
        goals.append(
            {
                "title": goal.title,
                "indicator": goal.indicator,
                "measure": goal.measure_description,
                "counted": _number(Decimal(counted[goal.pk])) if goal.pk in counted else "",
                "unit": goal.unit,
                "target": _number(goal.target),
                "actual": _number(actual),
                "has_actual": actual is not None,
                "share": round(100 * actual / goal.target) if actual is not None and goal.target else None,
                "activities": entry.activities if entry else "",
                "results": entry.results if entry else "",
                "review_date": short_date(review.review_date) if assessment else "",
                "review_status": assessment.status if assessment else "",
                "review_status_label": str(assessment.get_status_display()) if assessment else "",
                "review_notes": assessment.notes if assessment else "",
                "review_changes": assessment.changes if assessment else "",
            }
        )
    return goals


def _results(report):
    """The project's outputs recorded by the period's end, with their dissemination: in the period for a status
    or interim report, over the whole project up to the period's end for the final report."""
    whole_project = report.report_type == ReportType.FINAL
    outputs = outputs_with_events(
        report.project, until=report.period_end, events_from=None if whole_project else report.period_start
    )
    rows, channels, disseminated = [], {}, 0
    for output in outputs:
        events = output.shown_events
        disseminated += bool(events)
        for event in events:
            counted = channels.setdefault(event.channel, [0, 0])
            counted[0] += 1
            counted[1] += event.reach
        rows.append(
            {
                "type": str(OutputType(output.output_type).label),
                "title": output.title,
                "description": output.description,
                "url": output.url,
                "file": output.file_name,
                "recorded": short_date(output.created_at),
                # The co-authoring organisations (Output.contributors, prefetched by outputs_with_events).
                "co_authors": [organisation.name for organisation in output.contributors.all()],
                "reach": _count(sum(event.reach for event in events)),
                "events": [
                    {
                        "date": short_date(event.date),
                        "channel": str(DisseminationChannel(event.channel).label),
                        "audience": event.audience,
                        "audience_type": str(event.get_audience_type_display()),
                        "reach": _count(event.reach),
                        "url": event.url,
                    }
                    for event in events
                ],
            }
        )
    return {
        "scope": "project" if whole_project else "period",
        "outputs": rows,
        "count": len(rows),
        "disseminated": disseminated,
        "events": sum(events for events, _reach in channels.values()),
        "reach": _count(sum(reach for _events, reach in channels.values())),
        "by_channel": [
            [str(label), channels[value][0], _count(channels[value][1])]
            for value, label in DisseminationChannel.choices
            if value in channels
        ],
    }


def _sections(report):
    """The sections other apps contribute, in their order; each renders its own data through its "template"."""
    whole_project = report.report_type == ReportType.FINAL
    sections = []
    for section in contributions.report_sections():
        data = section(
            report.project,
            period_start=report.period_start,
            period_end=report.period_end,
            whole_project=whole_project,
        )
        if data is not None:
            sections.append(data)
    return sections


def _count(value):
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


def _budget(report):
    lines = {line.category: line for line in report.budget_lines.all()}
    rows, planned, actual = [], Decimal("0"), Decimal("0")
    for value, label in BudgetCategory.choices:
        line = lines.get(value)
        line_planned = line.planned_eur if line else Decimal("0")
        line_actual = line.actual_eur if line else Decimal("0")
        planned, actual = planned + line_planned, actual + line_actual
        rows.append(
            {
                "label": str(label),
                "planned": _money(line_planned),
                "actual": _money(line_actual),
                "difference": _money(line_actual - line_planned),
                "planned_value": float(line_planned),  # for the chart; the table shows the formatted amounts
                "actual_value": float(line_actual),
            }
        )
    own = report.self_financing_actual_eur
    return {
        "lines": rows,
        "planned_total": _money(planned),
        "actual_total": _money(actual),
        "difference_total": _money(actual - planned),
        "self_financing": _money(own) if own is not None else "",
        "self_financing_share": float(round(100 * own / actual, 1)) if own is not None and actual else None,
    }


def self_check(data):
    """What is missing before submission. The coordinator may still submit."""
    missing = [
        _("No actual value entered for the goal “%(goal)s”.") % {"goal": goal["title"]}
        for goal in data["goals"]
        if not goal["has_actual"]
    ]
    missing += [
        _("%(organisation)s has not signed its commitment letter.") % {"organisation": row["organisation"]}
        for row in data["commitment"]["rows"]
        if not row["signed"]
    ]
    if not data["meetings"]["held"]:
        missing.append(_("No network meeting was held in the period."))
    if not data["results"]["disseminated"]:
        if data["results"]["scope"] == "project":
            missing.append(_("No output was disseminated during the project."))
        else:
            missing.append(_("No output was disseminated in the period."))
    if not data["goals"]:
        missing.append(_("The project has no goals."))
    if not data["narrative"]["summary"].strip():
        missing.append(_("The summary is empty."))
    return missing
