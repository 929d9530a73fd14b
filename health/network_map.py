"""The network map: who works with whom, drawn from what the members did together (characteristics 5 and 10).

Network-analysis tools ask members in a survey; networkhub reads it from behaviour. As of a date, the
nodes are the current members (`partners.queries.current_members`) and two members are tied by:

- meetings: held meetings in the last `NETWORK_MAP_DAYS` days that both attended (present or by proxy);
- goals: project goals that both members' letters in force (sent, not declined, expired or revoked) have
  a task for. A task in a letter names only a person of that member's own organisation, so no task is
  ever shared between organisations; a common goal in two letters is the closest honest signal of tasks
  shared, and it is what is counted;
- actions: meetings in the window whose minutes gave action items to both (an action item has one owner
  organisation, so "owned together" means owned for the same meeting);
- outputs: outputs of the window that both worked on, i.e. whose contacts recorded the output or one of
  its dissemination events (an output has no owner organisations of its own).

Each occasion adds one to the tie's weight. A member whose ties weigh less than `NETWORK_WEAK_TIE_SHARE`
per cent of the median member's, or who has none, is weakly tied: a quiet partner of characteristic 10.
Density is the share of possible pairs that are tied; the lead organisation's share of the ties' weight
is the network's centralisation around its coordinator. Both feed items 5 and 10 (`extend`).

The edges come from four queries whatever the network's size (attendance, action items, outputs and
dissemination events, each reduced to distinct pairs in the database); the members and their letters
are the panel's own (`Network`), loaded once for all items.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import combinations
from math import cos, pi, sin
from statistics import median

import networkx as nx
from django.conf import settings
from django.utils.translation import gettext as _

from commitments.overview import CommitmentState
from meetings.models import ActionItem, Attendance, MeetingStatus
from meetings.models.meetings import ATTENDED
from networkhub.dates import short_date
from partners.models import EDUCATION_TYPES, MembershipRole, OrganisationType
from results.queries import output_organisation_pairs

from .panel import Contribution, Network, Status, at_least, extend, names, share

KINDS = ("meetings", "goals", "actions", "outputs")
IN_FORCE = (CommitmentState.SENT, CommitmentState.PARTIALLY_SIGNED, CommitmentState.SIGNED)
STRONGEST = 3  # partners named per member in the table

# Colour groups of the organisation types (the table names the exact type).
EDUCATION = EDUCATION_TYPES
BUSINESS = frozenset({OrganisationType.COMPANY, OrganisationType.EMPLOYER_ORGANISATION})


def type_group(org_type):
    if org_type in EDUCATION:
        return "education"
    return "business" if org_type in BUSINESS else "other"


@dataclass
class Tie:
    meetings: int = 0
    goals: int = 0
    actions: int = 0
    outputs: int = 0

    @property
    def weight(self):
        return self.meetings + self.goals + self.actions + self.outputs


@dataclass
class NetworkMap:
    """The graph (organisation pk -> node with its membership) and its figures."""

    network: Network
    graph: nx.Graph
    lead: object = None  # the lead organisation's membership, if it is a member
    weak: list = field(default_factory=list)  # memberships weakly tied or not tied, lead first then by name

    @property
    def members(self):
        return self.network.members

    @property
    def total_weight(self):
        return sum(weight for _a, _b, weight in self.graph.edges(data="weight"))

    @property
    def density(self):
        """Tied pairs per possible pair, in per cent (0 with fewer than two members)."""
        return round(100 * nx.density(self.graph)) if len(self.graph) > 1 else 0

    @property
    def lead_share(self):
        """The share of all ties' weight in which the lead organisation takes part (centralisation), per cent."""
        total = self.total_weight
        if self.lead is None or not total:
            return None
        return round(100 * self.graph.degree(self.lead.organisation_id, weight="weight") / total)

    @property
    def lead_reach(self):
        """How many of the other members the lead organisation is tied to."""
        return self.graph.degree(self.lead.organisation_id) if self.lead is not None else 0

    def strength(self, organisation_id):
        return self.graph.degree(organisation_id, weight="weight")

    def strongest(self, organisation_id):
        """The member's partners by the weight of their tie, heaviest first (then by name)."""
        neighbours = self.graph[organisation_id]
        ranked = sorted(
            neighbours,
            key=lambda other: (-neighbours[other]["weight"], self.graph.nodes[other]["name"].casefold()),
        )
        return [(self.graph.nodes[other]["name"], neighbours[other]["weight"]) for other in ranked]


def window_start(network):
    return network.end - timedelta(days=settings.NETWORK_MAP_DAYS)


def _pairs(groups, ties, kind):
    """Add one to `kind` for every pair of organisations in each group (meeting, goal, output)."""
    for organisations in groups.values():
        for pair in combinations(sorted(organisations), 2):
            setattr(ties[pair], kind, getattr(ties[pair], kind) + 1)


def _ties(network, organisations):
    """{(organisation pk, organisation pk): Tie} between current members, smaller pk first."""
    project, since, end = network.project, window_start(network), network.end
    ties = defaultdict(Tie)
    groups = defaultdict(set)
    for meeting, organisation in (
        Attendance.objects.filter(
            meeting__project=project,
            meeting__status=MeetingStatus.HELD,
            meeting__start__gte=since,
            meeting__start__lt=end,
            status__in=ATTENDED,
            contact__organisation_id__in=organisations,
        )
        .values_list("meeting_id", "contact__organisation_id")
        .distinct()
    ):
        groups[meeting].add(organisation)
    _pairs(groups, ties, "meetings")

    groups = defaultdict(set)
    for membership in network.members:
        commitment = network.commitments[membership.pk]
        if commitment.state not in IN_FORCE:  # not sent, or declined, expired or revoked: no tasks to share
            continue
        for task in commitment.version.tasks.all():
            if task.goal_id is not None:
                groups[task.goal_id].add(membership.organisation_id)
    _pairs(groups, ties, "goals")

    groups = defaultdict(set)
    for meeting, organisation in (
        ActionItem.objects.filter(
            project=project,
            meeting__start__gte=since,
            meeting__start__lt=end,
            created_at__lt=end,
            owner_organisation_id__in=organisations,
        )
        .values_list("meeting_id", "owner_organisation_id")
        .distinct()
    ):
        groups[meeting].add(organisation)
    _pairs(groups, ties, "actions")

    groups = defaultdict(set)
    for output, organisation in output_organisation_pairs(project, organisations, since, end):
        groups[output].add(organisation)
    _pairs(groups, ties, "outputs")
    return ties


def _weak(strength, floor):
    return strength == 0 or strength < floor


def build(network):
    """The network map of `network` (a `health.panel.Network`), computed once per network."""
    cached = getattr(network, "_network_map", None)
    if cached is not None:
        return cached
    graph = nx.Graph()
    lead = None
    for membership in network.members:
        organisation = membership.organisation
        graph.add_node(organisation.pk, name=organisation.name, membership=membership)
        if lead is None and membership.role == MembershipRole.LEAD:
            lead = membership
    for (first, second), tie in _ties(network, list(graph.nodes)).items():
        graph.add_edge(first, second, weight=tie.weight, tie=tie)
    result = NetworkMap(network, graph, lead)
    strengths = [result.strength(node) for node in graph.nodes]
    floor = median(strengths) * settings.NETWORK_WEAK_TIE_SHARE / 100 if strengths else 0
    if len(graph) > 1:
        result.weak = [m for m in network.members if _weak(result.strength(m.organisation_id), floor)]
    network._network_map = result
    return result


def network_map(project, as_of=None):
    return build(Network(project, as_of))


# --- The figures as facts of the panel's items 5 and 10 ------------------------------------------------


def _density_fact(result):
    return _("Network density %(density)s %%: %(ties)s of %(pairs)s possible pairs of members are tied.") % {
        "density": result.density,
        "ties": result.graph.number_of_edges(),
        "pairs": len(result.graph) * (len(result.graph) - 1) // 2,
    }


@extend("coordinator")
def lead_ties(network):
    """Item 5: the lead organisation's ties to the other members, and its share of all ties (centralisation)."""
    result = build(network)
    if result.lead is None or len(result.graph) < 2:
        return None
    others = len(result.graph) - 1
    if not result.total_weight:
        return Contribution(Status.NO_DATA, [_("The network map shows no ties between the members yet.")])
    value = share(result.lead_reach, others)
    return Contribution(
        at_least(value, "lead_ties"),
        [
            _(
                "On the network map the lead organisation, %(lead)s, is tied to %(tied)s of the %(others)s other "
                "members and takes part in %(share)s %% of the network's ties."
            )
            % {
                "lead": result.lead.organisation.name,
                "tied": result.lead_reach,
                "others": others,
                "share": result.lead_share,
            }
        ],
    )


@extend("partners")
def weakly_tied(network):
    """Item 10: the members the network map shows weakly tied or not tied (amber), and the network's density."""
    result = build(network)
    if len(result.graph) < 2:
        return None
    if not result.total_weight:
        return Contribution(Status.NO_DATA, [_("The network map shows no ties between the members yet.")])
    facts = [_density_fact(result)]
    if not result.weak:
        return Contribution(Status.GREEN, facts)
    facts.append(
        _("Weakly tied or not tied on the network map: %(organisations)s.") % {"organisations": names(result.weak)}
    )
    return Contribution(Status.AMBER, facts)  # a warning: attendance decides whether it is red


# --- Plain data for the project home and the status report ---------------------------------------------

# The drawing's frame (health.templatetags.network_map draws in it): the circle the members sit on.
WIDTH, HEIGHT = 800, 440
CENTRE_X, CENTRE_Y, RADIUS = WIDTH / 2, HEIGHT / 2, 165


def _circle(count):
    """Points on a circle, the first at the top, clockwise: the same layout for the same members."""
    return [
        (
            round(CENTRE_X + RADIUS * cos(-pi / 2 + 2 * pi * index / count), 1),
            round(CENTRE_Y + RADIUS * sin(-pi / 2 + 2 * pi * index / count), 1),
        )
        for index in range(count)
    ]


def as_data(result):
    """JSON data of the map, in the active language: what the drawing and its table are made from.

    Members sit on a circle, the lead at the top, then grouped by type and by name, so the same
    network is always drawn the same way.
    """
    lead_pk = result.lead.pk if result.lead is not None else None
    members = sorted(
        result.members,
        key=lambda m: (m.pk != lead_pk, type_group(m.organisation.org_type), m.organisation.name.casefold()),
    )
    index = {membership.organisation_id: number for number, membership in enumerate(members)}
    weak = {membership.pk for membership in result.weak}
    nodes = []
    for membership, (x, y) in zip(members, _circle(len(members)), strict=True):
        organisation = membership.organisation
        nodes.append(
            {
                "name": organisation.name,
                "type": str(OrganisationType(organisation.org_type).label),
                "group": type_group(organisation.org_type),
                "domestic": organisation.is_domestic,
                "country": str(organisation.country.name),
                "new": organisation.new_to_international,
                "lead": membership.pk == lead_pk,
                "x": x,
                "y": y,
                "ties": result.graph.degree(organisation.pk),
                "strength": result.strength(organisation.pk),
                "partners": [[name, weight] for name, weight in result.strongest(organisation.pk)[:STRONGEST]],
                "weak": membership.pk in weak,
            }
        )
    edges = []
    for first, second, tie in result.graph.edges(data="tie"):
        a, b = sorted((index[first], index[second]))
        edges.append({"a": a, "b": b, "weight": tie.weight, **{kind: getattr(tie, kind) for kind in KINDS}})
    edges.sort(key=lambda edge: (edge["a"], edge["b"]))
    return {
        "as_of": short_date(result.network.as_of),
        "days": settings.NETWORK_MAP_DAYS,
        "members": len(nodes),
        "ties": len(edges),
        "pairs": len(nodes) * (len(nodes) - 1) // 2,
        "density": result.density,
        "lead": result.lead.organisation.name if result.lead is not None else "",
        "lead_share": result.lead_share,
        "lead_reach": result.lead_reach,
        "weak": len(weak),
        "nodes": nodes,
        "edges": edges,
    }


def map_data(project, as_of=None):
    return as_data(network_map(project, as_of))
