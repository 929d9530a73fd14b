"""Read-only questions about a project's network, shared by pages, reports and the health panel."""

from django.db.models import Count, Q

from .models import (
    BUSINESS_TYPES,
    HOME_COUNTRY,
    ExpertiseTag,
    Membership,
    OrganisationType,
)


def network_composition(project):
    """Counts of the project's current member organisations, in one query."""
    members = Membership.objects.current().filter(project=project)
    totals = members.aggregate(
        total=Count("pk"),
        domestic=Count("pk", filter=Q(organisation__country=HOME_COUNTRY)),
        business=Count("pk", filter=Q(organisation__org_type__in=BUSINESS_TYPES)),
        new_to_international=Count("pk", filter=Q(organisation__new_to_international=True)),
        **{f"type_{value}": Count("pk", filter=Q(organisation__org_type=value)) for value in OrganisationType.values},
    )
    total = totals["total"]
    return {
        "total": total,
        "domestic": totals["domestic"],
        "foreign": total - totals["domestic"],
        "business": totals["business"],
        "new_to_international": totals["new_to_international"],
        "new_to_international_share": round(100 * totals["new_to_international"] / total) if total else 0,
        "by_type": [
            (label, totals[f"type_{value}"]) for value, label in OrganisationType.choices if totals[f"type_{value}"]
        ],
    }


def directory_tags(project):
    """The tags the project's current members use, alphabetically, in one query."""
    members = Membership.objects.current().filter(project=project)
    return list(
        ExpertiseTag.objects.filter(profiles__organisation__memberships__in=members)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )
