"""Read-only questions about a project's network, shared by pages, reports and the health panel."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from .models import (
    BUSINESS_TYPES,
    HOME_COUNTRY,
    ContactPerson,
    ExpertiseProfile,
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


def directory(project, *, query="", tag=""):
    """The network's directory: current members with their expertise and the contacts who consented to share.

    Each organisation carries `shared_contacts`, the only contacts the directory and its exports may show.
    `query` matches the organisation's name, its tags and expertise text, and the names of shared contacts;
    `tag` keeps the organisations with that tag. Three queries whatever the size: members, tags, contacts.
    """
    members = (
        Membership.objects.current()
        .filter(project=project)
        .with_organisation()
        .select_related("organisation__expertise")
        .prefetch_related(
            Prefetch("organisation__expertise__tags", queryset=ExpertiseTag.objects.order_by("name")),
            Prefetch(
                "organisation__contacts",
                queryset=ContactPerson.objects.shared().order_by("name", "pk"),
                to_attr="shared_contacts",
            ),
        )
    )
    query = " ".join(query.split())
    if query:
        by_tag = ExpertiseProfile.objects.filter(tags__name__icontains=query).values("organisation_id")
        by_contact = ContactPerson.objects.shared().filter(name__icontains=query).values("organisation_id")
        members = members.filter(
            Q(organisation__name__icontains=query)
            | Q(organisation__expertise__description__icontains=query)
            | Q(organisation_id__in=by_tag)
            | Q(organisation_id__in=by_contact)
        )
    if tag:
        members = members.filter(
            organisation_id__in=ExpertiseProfile.objects.filter(tags__name=tag).values("organisation_id")
        )
    return members


def directory_tags(project):
    """The tags the project's current members use, alphabetically, in one query."""
    members = Membership.objects.current().filter(project=project)
    return list(
        ExpertiseTag.objects.filter(profiles__organisation__memberships__in=members)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )


def directory_coverage(project):
    """How much of the network the directory covers, in two queries (for the network-health panel).

    members: current member organisations; profiled: those whose profile has tags or text;
    contacts: contact persons of current members; consenting: those who agreed to share their details.
    """
    members = Membership.objects.current().filter(project=project)
    has_tags = ExpertiseTag.objects.filter(profiles__organisation=OuterRef("organisation_id"))
    counts = members.aggregate(
        members=Count("pk"),
        profiled=Count("pk", filter=Q(organisation__expertise__description__gt="") | Q(Exists(has_tags))),
    )
    contacts = ContactPerson.objects.filter(organisation__in=members.values("organisation_id")).aggregate(
        contacts=Count("pk"), consenting=Count("pk", filter=Q(consent_to_share=True))
    )
    return {**counts, **contacts}
