"""Read-only questions about a project's network, shared by pages, reports and the health panel."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from networkhub import contributions

from .models import (
    BUSINESS_TYPES,
    EDUCATION_TYPES,
    HOME_COUNTRY,
    ContactPerson,
    ExpertiseProfile,
    ExpertiseTag,
    Membership,
    MembershipStatus,
    OrganisationType,
    ProjectContact,
)


def is_member(as_of):
    """The one definition of a current member on `as_of`, as a condition on Membership.

    A member has joined: its own membership in the project is committed or active (an invitation this project
    sent and the organisation accepted: accepting sets it active, signing the commitment letter committed).
    An invited organisation is not a member, whatever accounts its contact persons have in other projects.
    It counts from its `joined_on` date, and a withdrawn member drops out from its withdrawal date (`left_on`,
    which withdrawing sets): before that date it still counts. The status is today's; only the dates can be
    looked at in the past.
    """
    return (
        Q(joined_on__lte=as_of)
        & (Q(left_on__isnull=True) | Q(left_on__gt=as_of))
        & (
            Q(status__in=[MembershipStatus.COMMITTED, MembershipStatus.ACTIVE])
            | Q(status=MembershipStatus.WITHDRAWN, left_on__isnull=False)
        )
    )


def current_memberships(as_of=None):
    """The memberships of every project that count as members on `as_of` (default: today), by `is_member`.

    Every page, count, export, map, report and mailing that says "the members" asks here or in `current_members`.
    """
    return Membership.objects.filter(is_member(as_of or timezone.localdate()))


def current_members(project, as_of=None):
    """The project's members on `as_of` (default: today): the one definition every measure uses."""
    return current_memberships(as_of).filter(project=project)


def other_projects_of(organisation, project, as_of=None):
    """The projects other than `project` of which `organisation` is a current member on `as_of` (by `is_member`):
    while there is one, the organisation's shared details and expertise profile are not one coordinator's to edit."""
    return current_memberships(as_of).filter(organisation=organisation).exclude(project=project).values("project_id")


def not_yet_joined(as_of=None):
    """The memberships of every project not withdrawn that are not members (yet) on `as_of` (default today):
    invitations not accepted in their project, and members whose joining date is still ahead."""
    return Membership.objects.current().exclude(is_member(as_of or timezone.localdate()))


def network_composition(project, as_of=None):
    """Counts of the project's current member organisations, in one query.

    `new_to_international` counts the domestic education providers new to international activity, and its share
    is of the domestic education providers (`education_providers`): the funder's criterion, as health item 12.
    """
    members = current_members(project, as_of)
    education = Q(organisation__country=HOME_COUNTRY, organisation__org_type__in=EDUCATION_TYPES)
    totals = members.aggregate(
        total=Count("pk"),
        domestic=Count("pk", filter=Q(organisation__country=HOME_COUNTRY)),
        business=Count("pk", filter=Q(organisation__org_type__in=BUSINESS_TYPES)),
        education_providers=Count("pk", filter=education),
        new_to_international=Count("pk", filter=education & Q(organisation__new_to_international=True)),
        **{f"type_{value}": Count("pk", filter=Q(organisation__org_type=value)) for value in OrganisationType.values},
    )
    total, providers = totals["total"], totals["education_providers"]
    return {
        "total": total,
        "domestic": totals["domestic"],
        "foreign": total - totals["domestic"],
        "business": totals["business"],
        "education_providers": providers,
        "new_to_international": totals["new_to_international"],
        "new_to_international_share": round(100 * totals["new_to_international"] / providers) if providers else 0,
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
        current_members(project)
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
    members = current_members(project)
    return list(
        ExpertiseTag.objects.filter(profiles__organisation__memberships__in=members)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )


def directory_coverage(project, as_of=None):
    """How much of the network the directory covers on `as_of` (default today), in two queries (for the
    network-health panel).

    members: current member organisations (`current_members`: joined, not only invited, not yet left);
    profiled: those whose profile has tags or text; contacts: the contact persons of current members whom the
    project sees (`ContactPerson.objects.seen_in`, as its member list shows them), not every contact the shared
    registry holds for those organisations; consenting: those who agreed to share their details; decided: those
    who agreed, or whose "no" was recorded (`consent_decided_on`). Profiles and consents are today's;
    membership is as of the date.
    """
    return directory_coverages([project.pk], as_of or timezone.localdate())[project.pk]


_CONTACT_COUNTS = ("contacts", "consenting", "decided")


def directory_coverages(project_pks, as_of):
    """`directory_coverage` for many projects: {project pk: {...}}. Two queries."""
    members = current_memberships(as_of).filter(project__in=project_pks)
    has_tags = ExpertiseTag.objects.filter(profiles__organisation=OuterRef("organisation_id"))
    coverages = {pk: {"members": 0, "profiled": 0, **dict.fromkeys(_CONTACT_COUNTS, 0)} for pk in project_pks}
    for row in (
        members.values("project_id")
        .annotate(
            members=Count("pk"),
            profiled=Count("pk", filter=Q(organisation__expertise__description__gt="") | Q(Exists(has_tags))),
        )
        .order_by()
    ):
        coverages[row["project_id"]].update(members=row["members"], profiled=row["profiled"])
    # A contact counts once per project, seen by that project (`ContactPerson.objects.seen_in`).
    project = "organisation__memberships__project_id"
    # `seen_in` with the project of the member's row: one filter, so that the membership joined is the one named.
    known = ProjectContact.objects.accepted().filter(project=OuterRef(project), contact=OuterRef("pk"))
    seen = ContactPerson.objects.filter(
        Q(organisation__memberships__in=members) & (Q(consent_to_share=True) | Q(Exists(known)))
    )
    for row in (
        seen.values(project)
        .annotate(
            contacts=Count("pk", distinct=True),
            consenting=Count("pk", distinct=True, filter=Q(consent_to_share=True)),
            decided=Count("pk", distinct=True, filter=Q(consent_to_share=True) | Q(consent_decided_on__isnull=False)),
        )
        .order_by()
    ):
        coverages[row[project]].update({key: row[key] for key in _CONTACT_COUNTS})
    return coverages


def unprofiled_members(project, as_of=None):
    """Current members whose organisation has no expertise profile (no tags, no text), by name. One query."""
    return unprofiled_members_by_project([project.pk], as_of or timezone.localdate()).get(project.pk, [])


def unprofiled_members_by_project(project_pks, as_of):
    """`unprofiled_members` for many projects: {project pk: [Membership]} (none: absent). One query."""
    has_tags = ExpertiseTag.objects.filter(profiles__organisation=OuterRef("organisation_id"))
    found = {}
    for membership in (
        current_memberships(as_of)
        .filter(project__in=project_pks)
        .exclude(Q(organisation__expertise__description__gt="") | Q(Exists(has_tags)))
        .with_organisation()
    ):
        found.setdefault(membership.project_id, []).append(membership)
    return found


# A member's commitment state (letter not sent, sent, partially signed, signed...) is decided by the
# commitments app, which sits above this one: it declares its function in its AppConfig's `contributions`
# (`commitment_states`), which the kernel collects. The member list shows what it says.


def with_commitment_states(memberships):
    """The memberships as a list, each with `commitment_state` (a choices member, or None if no app decides it)."""
    memberships = list(memberships)
    states = contributions.commitment_states(memberships)
    for membership in memberships:
        membership.commitment_state = states.get(membership.pk)
    return memberships


def programme_totals(projects, as_of=None):
    """Over `projects` (a queryset of projects), in one query: `members` (current memberships, by `is_member`: an
    organisation in two projects counts twice), `organisations` (distinct organisations), `education_providers`
    (distinct domestic education providers: Finnish organisations of an education type, as health item 12 counts
    them) and `new_to_international` (distinct domestic education providers marked new to international activity:
    one organisation in three projects is one newcomer)."""
    education = Q(organisation__country=HOME_COUNTRY, organisation__org_type__in=EDUCATION_TYPES)
    return (
        current_memberships(as_of)
        .filter(project__in=projects.values("pk"))
        .aggregate(
            members=Count("pk"),
            organisations=Count("organisation", distinct=True),
            education_providers=Count("organisation", distinct=True, filter=education),
            new_to_international=Count(
                "organisation", distinct=True, filter=education & Q(organisation__new_to_international=True)
            ),
        )
    )


def overcommitted(under_way, among, more_than, as_of=None):
    """[(organisation name, organisation pk, n)]: the organisations, of those currently members of `among` (a
    queryset of projects), that are current members of more than `more_than` of the projects `under_way` (a
    queryset of projects, e.g. every programme's projects whose term is under way), the most first. One query."""
    members = current_memberships(as_of)
    rows = (
        members.filter(project__in=under_way.values("pk"))
        .filter(organisation__in=members.filter(project__in=among.values("pk")).values("organisation_id"))
        .values("organisation", "organisation__name")
        .annotate(projects=Count("project", distinct=True))
        .filter(projects__gt=more_than)
        .order_by("-projects", "organisation__name", "organisation")
    )
    return [(row["organisation__name"], row["organisation"], row["projects"]) for row in rows]
