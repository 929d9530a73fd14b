"""Read-only questions about a project's network, shared by pages, reports and the health panel."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from .models import BUSINESS_TYPES, HOME_COUNTRY, ContactPerson, Membership, MembershipStatus, OrganisationType


def current_memberships(as_of=None):
    """The memberships of every project that count as members on `as_of` (default: today).

    A member has joined: its status is committed or active, or one of its contact persons has
    accepted an invitation (has an account). An organisation that is only invited is not a member
    yet. It counts from its `joined_on` date, and a withdrawn member drops out of every measure from
    its withdrawal date (`left_on`, which withdrawing sets): before that date it still counts.
    The status and the accounts are today's; only the dates can be looked at in the past.
    """
    as_of = as_of or timezone.localdate()
    account = Exists(ContactPerson.objects.filter(organisation_id=OuterRef("organisation_id"), user__isnull=False))
    return (
        Membership.objects.filter(joined_on__lte=as_of)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=as_of))
        .filter(
            Q(status__in=[MembershipStatus.COMMITTED, MembershipStatus.ACTIVE])
            | Q(status=MembershipStatus.WITHDRAWN, left_on__isnull=False)
            | (Q(status=MembershipStatus.INVITED) & account)
        )
    )


def current_members(project, as_of=None):
    """The project's members on `as_of` (default: today): the one definition every measure uses."""
    return current_memberships(as_of).filter(project=project)


def network_composition(project, as_of=None):
    """Counts of the project's current member organisations, in one query."""
    members = current_members(project, as_of)
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


# A member's commitment state (letter not sent, sent, partially signed, signed...) is decided by the
# commitments app, which sits above this one: it registers its function here from its AppConfig.ready(),
# the way apps register their reminder kinds with the base app. The member list shows what it says.
_commitment_states = []


def register_commitment_states(function):
    """`function(memberships)` returns {membership pk: state label} in a constant number of queries."""
    _commitment_states[:] = [function]


def with_commitment_states(memberships):
    """The memberships as a list, each with `commitment_state` (a label, or None if no app decides it)."""
    memberships = list(memberships)
    states = _commitment_states[0](memberships) if _commitment_states else {}
    for membership in memberships:
        membership.commitment_state = states.get(membership.pk)
    return memberships
