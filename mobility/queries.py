"""A project's mobility records as other apps read them (the report, the health panel, the seed), each answered
in a constant number of queries."""

from django.db.models import Count, Q, Sum
from django.utils import formats
from django.utils.translation import gettext as _
from django_countries import countries

from partners.models import Organisation

from .models import Direction, Mobility, ParticipantType


def listing(project):
    """The project's records, newest first, with their organisations and who recorded them. One query."""
    return Mobility.objects.filter(project=project).select_related(
        "sending_organisation", "receiving_organisation", "created_by"
    )


def totals(project, *, start=None, end=None):
    """{"records", "people", "students", "staff", "outgoing", "incoming", "newcomer_first"} of the records
    that start from `start` to `end` (dates, either bound left open when None). One query."""
    mobilities = Mobility.objects.filter(project=project)
    if start is not None:
        mobilities = mobilities.filter(start_date__gte=start)
    if end is not None:
        mobilities = mobilities.filter(start_date__lte=end)
    row = mobilities.aggregate(
        records=Count("pk"),
        people=Sum("participants"),
        students=Sum("participants", filter=Q(participant_type=ParticipantType.STUDENTS)),
        staff=Sum("participants", filter=Q(participant_type=ParticipantType.STAFF)),
        outgoing=Sum("participants", filter=Q(direction=Direction.OUTGOING)),
        incoming=Sum("participants", filter=Q(direction=Direction.INCOMING)),
        firsts=Count("pk", filter=Q(newcomer_first=True)),
    )
    row["newcomer_first"] = row.pop("firsts")
    return {key: value or 0 for key, value in row.items()}


def newcomers_with_first_mobility(project, as_of):
    """The pks of member organisations whose first mobility (`newcomer_first`) had started by `as_of`. One query."""
    return newcomers_with_first_mobility_by_project([project.pk], as_of).get(project.pk, set())


def newcomers_with_first_mobility_by_project(project_pks, as_of):
    """`newcomers_with_first_mobility` for many projects: {project pk: set of organisation pks} (none: absent).
    One query."""
    rows = Mobility.objects.filter(project__in=project_pks, newcomer_first=True, start_date__lte=as_of).values_list(
        "project_id", "direction", "sending_organisation_id", "receiving_organisation_id"
    )
    found = {}
    for project_id, direction, sending, receiving in rows:
        found.setdefault(project_id, set()).add(sending if direction == Direction.OUTGOING else receiving)
    return found


def _number(value):
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


def _breakdown(rows, key):
    """[{label, outgoing, incoming, students, staff, participants, ...}] grouped by `key(row)`, largest first."""
    grouped = {}
    for row in rows:
        counted = grouped.setdefault(
            key(row), {"outgoing": 0, "incoming": 0, "students": 0, "staff": 0, "participants": 0}
        )
        counted[row["direction"]] += row["n"]
        counted[row["participant_type"]] += row["n"]
        counted["participants"] += row["n"]
    return sorted(grouped.items(), key=lambda item: (-item[1]["participants"], str(item[0])))


def report_section(project, *, period_start, period_end, whole_project):
    """The report's mobility section (networkhub.contributions `report_sections`): the mobilities that started in
    the period (over the whole project up to the period's end for the final report), per country and per member
    organisation, with the figures the chart draws. Plain JSON data in the active language. Two queries."""
    mobilities = Mobility.objects.filter(project=project, start_date__lte=period_end)
    if not whole_project:
        mobilities = mobilities.filter(start_date__gte=period_start)
    rows = list(
        mobilities.values(
            "direction", "participant_type", "country", "sending_organisation_id", "receiving_organisation_id"
        )
        .annotate(n=Sum("participants"), records=Count("pk"), first=Count("pk", filter=Q(newcomer_first=True)))
        .order_by()
    )
    for row in rows:
        row["member"] = (
            row["sending_organisation_id"]
            if row["direction"] == Direction.OUTGOING
            else row["receiving_organisation_id"]
        )
    names = dict(Organisation.objects.filter(pk__in={row["member"] for row in rows}).values_list("pk", "name"))

    def figures(label, counted):
        return {
            "label": label,
            "outgoing": _number(counted["outgoing"]),
            "incoming": _number(counted["incoming"]),
            "students": _number(counted["students"]),
            "staff": _number(counted["staff"]),
            "participants": _number(counted["participants"]),
            "participants_value": counted["participants"],
            "students_value": counted["students"],
            "staff_value": counted["staff"],
        }

    by_country = [
        figures(str(countries.name(code)) or code, counted)
        for code, counted in _breakdown(rows, lambda r: r["country"])
    ]
    by_member = [figures(names.get(pk, ""), counted) for pk, counted in _breakdown(rows, lambda r: r["member"])]
    total = sum(row["n"] for row in rows)
    return {
        "template": "mobility/_report_section.html",
        "anchor": "mobility",
        "title": _("Mobility"),
        "scope": "project" if whole_project else "period",
        "records": _number(sum(row["records"] for row in rows)),
        "participants": _number(total),
        "students": _number(sum(row["n"] for row in rows if row["participant_type"] == ParticipantType.STUDENTS)),
        "staff": _number(sum(row["n"] for row in rows if row["participant_type"] == ParticipantType.STAFF)),
        "outgoing": _number(sum(row["n"] for row in rows if row["direction"] == Direction.OUTGOING)),
        "incoming": _number(sum(row["n"] for row in rows if row["direction"] == Direction.INCOMING)),
        "newcomer_first": _number(sum(row["first"] for row in rows)),
        "by_country": by_country,
        "by_member": by_member,
    }


def goal_values(goals, as_of):
    """A goal's measure "mobilities" (goals.models.GoalMeasure, declared in this app's `goal_measures`): for each of
    `goals` (of one project), the participants of the project's mobility records that started by `as_of` and match
    the goal's filter (direction, students or staff, only newcomers' first mobilities). {goal pk: int}. One query."""
    goals = list(goals)
    if not goals:
        return {}
    sums = {}
    for goal in goals:
        match = Q()
        if goal.mobility_direction:
            match &= Q(direction=goal.mobility_direction)
        if goal.mobility_participants:
            match &= Q(participant_type=goal.mobility_participants)
        if goal.mobility_newcomers_only:
            match &= Q(newcomer_first=True)
        sums[f"goal_{goal.pk}"] = Sum("participants", filter=match) if match else Sum("participants")
    row = Mobility.objects.filter(project_id=goals[0].project_id, start_date__lte=as_of).aggregate(**sums)
    return {goal.pk: row[f"goal_{goal.pk}"] or 0 for goal in goals}


def programme_totals(projects):
    """Over `projects` (a queryset of projects), in one query: `records` (mobility records) and `people` (their
    participants, summed)."""
    row = Mobility.objects.filter(project__in=projects.values("pk")).aggregate(
        records=Count("pk"), people=Sum("participants")
    )
    return {key: value or 0 for key, value in row.items()}
