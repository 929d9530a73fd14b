"""A project's results as other apps read them (health, reports, the project home, the seed), each answered
in a constant number of queries."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from networkhub.dates import start_of_day_after
from partners.models import ContactPerson, Organisation
from partners.queries import current_members

from .models import OUTSIDE_NETWORK, DisseminationEvent, Output, Uptake


def own_member_organisations(user, project):
    """[Organisation]: the user's own organisations (contact entries the project sees) among the project's current
    members, by name. One query."""
    own = ContactPerson.objects.seen_in(project).filter(user=user).values("organisation_id")
    members = current_members(project).filter(organisation__in=own).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=members).order_by("name", "pk"))


def outputs_for_list(project, *, with_hidden=False):
    """The results page: the project's outputs (hidden ones only for coordinators) with who recorded each, their
    co-authors, dissemination events and uptakes. Five queries whatever the number of entries."""
    outputs = Output.objects.filter(project=project)
    if not with_hidden:
        outputs = outputs.filter(hidden=False)
    return (
        outputs.order_by("created_at", "pk")
        .select_related("created_by", "recorded_for")
        .prefetch_related(
            Prefetch("contributors", queryset=Organisation.objects.order_by("name", "pk")),
            Prefetch(
                "events",
                queryset=DisseminationEvent.objects.select_related("created_by", "recorded_for").order_by("date", "pk"),
                to_attr="shown_events",
            ),
            Prefetch(
                "uptakes",
                queryset=Uptake.objects.select_related("created_by", "recorded_for").order_by("date", "pk"),
                to_attr="shown_uptakes",
            ),
        )
    )


def continuation_plans(project):
    """The project's current members, each with `plan` (its ContinuationPlan or None). Two queries."""
    from .models import ContinuationPlan

    memberships = list(current_members(project).with_organisation())
    plans = {
        plan.membership_id: plan
        for plan in ContinuationPlan.objects.filter(membership__in=[m.pk for m in memberships]).select_related(
            "updated_by"
        )
    }
    for membership in memberships:
        membership.plan = plans.get(membership.pk)
    return memberships


def outputs_with_events(project, *, until=None, events_from=None):
    """The project's outputs recorded by the end of `until` (a date; None: all), oldest first.

    Each has `shown_events`: its dissemination events dated from `events_from` to `until`, either bound
    left open when None, and its co-authors prefetched (`contributors.all()`, by name). Three queries whatever
    the number of outputs and events. Hidden outputs are left out.
    """
    outputs = Output.objects.filter(project=project, hidden=False)
    events = DisseminationEvent.objects.order_by("date", "pk")
    if until is not None:
        outputs = outputs.filter(created_at__lt=start_of_day_after(until))
        events = events.filter(date__lte=until)
    if events_from is not None:
        events = events.filter(date__gte=events_from)
    return outputs.order_by("created_at", "pk").prefetch_related(
        Prefetch("events", queryset=events, to_attr="shown_events"),
        Prefetch("contributors", queryset=Organisation.objects.order_by("name", "pk")),
    )


def dissemination_coverage(project, as_of=None):
    """As of a date (default today), over the outputs recorded by then and not hidden: how many, how many had been
    disseminated at least once by then, the number of people their dissemination reached, how many were
    disseminated outside the network (to the sector or the public), how many an organisation had taken up, and
    how many were used either way (disseminated or taken up). One query.

    Returns {"outputs", "disseminated", "reach", "outside", "taken_up", "used"}: ints.
    """
    return dissemination_coverages([project.pk], as_of or timezone.localdate())[project.pk]


_COVERAGE = ("outputs", "disseminated", "reach", "outside", "taken_up", "used")


def dissemination_coverages(project_pks, as_of):
    """`dissemination_coverage` for many projects: {project pk: {...}}. One query."""
    events = DisseminationEvent.objects.filter(output=OuterRef("pk"), date__lte=as_of)
    reach = events.order_by().values("output").annotate(total=Sum("reach")).values("total")
    rows = (
        Output.objects.filter(project__in=project_pks, hidden=False, created_at__lt=start_of_day_after(as_of))
        .annotate(
            has_event=Exists(events),
            has_outside=Exists(events.filter(audience_type__in=OUTSIDE_NETWORK)),
            has_uptake=Exists(Uptake.objects.filter(output=OuterRef("pk"), date__lte=as_of)),
            event_reach=Coalesce(Subquery(reach), 0),
        )
        .values("project_id")
        .annotate(
            outputs=Count("pk"),
            disseminated=Count("pk", filter=Q(has_event=True)),
            outside=Count("pk", filter=Q(has_outside=True)),
            taken_up=Count("pk", filter=Q(has_uptake=True)),
            used=Count("pk", filter=Q(has_event=True) | Q(has_uptake=True)),
            reach=Sum("event_reach"),
        )
        .order_by()
    )
    coverages = {pk: dict.fromkeys(_COVERAGE, 0) for pk in project_pks}
    for row in rows:
        coverages[row["project_id"]] = {key: row[key] or 0 for key in _COVERAGE}
    return coverages


def undisseminated_with_dates(project, as_of=None):
    """[(title, created_at)] of the outputs recorded by the end of `as_of` (not hidden) with no dissemination event
    and no uptake dated by then, oldest first: the health panel leaves out those recorded only recently. One query."""
    return undisseminated_by_project([project.pk], as_of or timezone.localdate()).get(project.pk, [])


def undisseminated_by_project(project_pks, as_of):
    """`undisseminated_with_dates` for many projects: {project pk: [(title, created_at)]} (none: absent). One
    query."""
    found = {}
    for project_id, title, created_at in (
        Output.objects.filter(project__in=project_pks, hidden=False, created_at__lt=start_of_day_after(as_of))
        .exclude(events__date__lte=as_of)
        .exclude(uptakes__date__lte=as_of)
        .order_by("created_at", "pk")
        .values_list("project_id", "title", "created_at")
    ):
        found.setdefault(project_id, []).append((title, created_at))
    return found


def output_organisation_pairs(project, organisations, since, end):
    """For the network map: (output pk, organisation id), the organisations among `organisations` that worked
    on each of the project's outputs recorded from `since` to `end` (instants, end excluded). One query (a UNION).

    An output that names its contributing organisations (co-authors) counts those. One that names none counts
    the organisations whose contacts recorded it or recorded one of its dissemination events before `end`.
    """
    return [
        (output, organisation)
        for _project, output, organisation in output_organisation_rows([project.pk], organisations, since, end)
    ]


def output_organisation_rows(project_pks, organisations, since, end):
    """`output_organisation_pairs` for many projects: (project pk, output pk, organisation id). One query."""
    outputs = Output.objects.filter(
        project__in=project_pks, hidden=False, created_at__gte=since, created_at__lt=end
    ).order_by()
    through = Output.contributors.through.objects.order_by()
    named = through.filter(output__in=outputs, organisation_id__in=organisations)
    unnamed = outputs.exclude(pk__in=through.values("output_id"))
    return list(
        named.values_list("output__project_id", "output_id", "organisation_id").union(
            unnamed.filter(created_by__contacts__organisation_id__in=organisations)
            .order_by()  # SQLite refuses ORDER BY (the models' default) inside a UNION
            .values_list("project_id", "pk", "created_by__contacts__organisation_id"),
            DisseminationEvent.objects.filter(
                output__in=unnamed, created_at__lt=end, created_by__contacts__organisation_id__in=organisations
            )
            .order_by()
            .values_list("output__project_id", "output_id", "created_by__contacts__organisation_id"),
        )
    )


def contributions(project):
    """The project's contributions, newest first, with who recorded each. One query."""
    from .models import Contribution

    return Contribution.objects.filter(project=project).select_related("created_by", "recorded_for")


def sharing_contributions(project, as_of):
    """Item 9 (docs/health.md): the contributions that shared expertise (presentations, hosted events, study visits)
    dated by `as_of`: {"organisations": set of the member organisations' pks they were recorded for, "count": how
    many}. One query."""
    return sharing_contributions_by_project([project.pk], as_of)[project.pk]


def sharing_contributions_by_project(project_pks, as_of):
    """`sharing_contributions` for many projects: {project pk: {"organisations", "count"}}. One query."""
    from .models import SHARING_KINDS, Contribution

    found = {pk: {"organisations": set(), "count": 0} for pk in project_pks}
    for project_id, recorded_for_id in Contribution.objects.filter(
        project__in=project_pks, kind__in=SHARING_KINDS, date__lte=as_of
    ).values_list("project_id", "recorded_for_id"):
        found[project_id]["count"] += 1
        if recorded_for_id is not None:
            found[project_id]["organisations"].add(recorded_for_id)
    return found


def contributions_between(project, start, end):
    """Item 10 (docs/health.md): the contributions dated from `start` to `end` (dates, both included):
    {"organisations": the pks of the organisations they were recorded for, "introductions": how many were
    introductions to companies or foreign partners}. One query."""
    rows = [
        (recorded_for_id, kind)
        for _project_id, recorded_for_id, kind, _date in contribution_rows([project.pk], start, end)
    ]
    return contributions_of(rows)


def contribution_rows(project_pks, start, end):
    """[(project pk, recorded_for pk, kind, date)] of the contributions of many projects dated from `start` to
    `end` (both included), for `contributions_of` on each project's share. One query."""
    from .models import Contribution

    return list(
        Contribution.objects.filter(project__in=project_pks, date__gte=start, date__lte=end).values_list(
            "project_id", "recorded_for_id", "kind", "date"
        )
    )


def contributions_of(rows):
    """`contributions_between` of [(recorded_for pk, kind)]."""
    from .models import INTRODUCTION_KINDS

    return {
        "organisations": {pk for pk, _kind in rows if pk is not None},
        "introductions": sum(1 for _pk, kind in rows if kind in INTRODUCTION_KINDS),
    }


def programme_totals(projects):
    """Over `projects` (a queryset of projects), in one query: `outputs` (not hidden), `events` (their dissemination
    events) and `reach` (the people those events reached, summed)."""
    row = Output.objects.filter(project__in=projects.values("pk"), hidden=False).aggregate(
        outputs=Count("pk", distinct=True), event_count=Count("events"), reach=Sum("events__reach")
    )
    return {"outputs": row["outputs"], "events": row["event_count"], "reach": row["reach"] or 0}


def outputs_and_reach(day):
    """{"outputs_count", "outputs_reach"}: expressions for a Project queryset (OPH's overview, item 11's headline
    values, docs/health.md): the project's outputs recorded by the end of `day` (hidden duplicates left out), and
    the people its dissemination events of those outputs dated by `day` reached. Each a subquery in the page's one
    query; a project with none has 0."""
    end = start_of_day_after(day)
    outputs = Output.objects.filter(project=OuterRef("pk"), hidden=False, created_at__lt=end).order_by()
    events = DisseminationEvent.objects.filter(
        output__project=OuterRef("pk"), output__hidden=False, output__created_at__lt=end, date__lte=day
    ).order_by()
    count = outputs.values("project").annotate(total=Count("pk")).values("total")[:1]
    reach = events.values("output__project").annotate(total=Sum("reach")).values("total")[:1]
    return {
        "outputs_count": Coalesce(Subquery(count), 0),
        "outputs_reach": Coalesce(Subquery(reach), 0),
    }
