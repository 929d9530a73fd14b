"""A project's results as other apps read them (health, reports, the project home, the seed), each answered
in a constant number of queries."""

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from networkhub.dates import start_of_day_after

from .models import DisseminationEvent, Output


def outputs_with_events(project, *, until=None, events_from=None):
    """The project's outputs recorded by the end of `until` (a date; None: all), oldest first.

    Each has `shown_events`: its dissemination events dated from `events_from` to `until`, either bound
    left open when None. Two queries whatever the number of outputs and events.
    """
    outputs = Output.objects.filter(project=project)
    events = DisseminationEvent.objects.order_by("date", "pk")
    if until is not None:
        outputs = outputs.filter(created_at__lt=start_of_day_after(until))
        events = events.filter(date__lte=until)
    if events_from is not None:
        events = events.filter(date__gte=events_from)
    return outputs.order_by("created_at", "pk").prefetch_related(
        Prefetch("events", queryset=events, to_attr="shown_events")
    )


def dissemination_coverage(project, as_of=None):
    """As of a date (default today): outputs recorded by then, how many of them had been disseminated at least
    once by then, and the number of people their dissemination reached. One query.

    Returns {"outputs": int, "disseminated": int, "reach": int}.
    """
    as_of = as_of or timezone.localdate()
    by_then = Q(events__date__lte=as_of)
    row = Output.objects.filter(project=project, created_at__lt=start_of_day_after(as_of)).aggregate(
        outputs=Count("pk", distinct=True),
        disseminated=Count("pk", filter=by_then, distinct=True),
        reach=Sum("events__reach", filter=by_then),
    )
    return {"outputs": row["outputs"], "disseminated": row["disseminated"], "reach": row["reach"] or 0}


def undisseminated_with_dates(project, as_of=None):
    """[(title, created_at)] of the outputs recorded by the end of `as_of` with no dissemination event dated by
    then, oldest first: the health panel leaves out those recorded only recently. One query."""
    as_of = as_of or timezone.localdate()
    return list(
        Output.objects.filter(project=project, created_at__lt=start_of_day_after(as_of))
        .exclude(events__date__lte=as_of)
        .order_by("created_at", "pk")
        .values_list("title", "created_at")
    )


def output_organisation_pairs(project, organisations, since, end):
    """For the network map: (output pk, organisation id), the organisations among `organisations` that worked
    on each of the project's outputs recorded from `since` to `end` (instants, end excluded). One query (a UNION).

    An output that names its contributing organisations (co-authors) counts those. One that names none counts
    the organisations whose contacts recorded it or recorded one of its dissemination events before `end`.
    """
    outputs = Output.objects.filter(project=project, created_at__gte=since, created_at__lt=end).order_by()
    through = Output.contributors.through.objects.order_by()
    named = through.filter(output__in=outputs, organisation_id__in=organisations)
    unnamed = outputs.exclude(pk__in=through.values("output_id"))
    return named.values_list("output_id", "organisation_id").union(
        unnamed.filter(created_by__contacts__organisation_id__in=organisations)
        .order_by()  # SQLite refuses ORDER BY (the models' default) inside a UNION
        .values_list("pk", "created_by__contacts__organisation_id"),
        DisseminationEvent.objects.filter(
            output__in=unnamed, created_at__lt=end, created_by__contacts__organisation_id__in=organisations
        )
        .order_by()
        .values_list("output_id", "created_by__contacts__organisation_id"),
    )
