"""The network map: which members met and worked together, read from what they did (characteristics 5 and 10).

Network-analysis tools ask members in a survey; networkhub reads it from behaviour. As of a date, the
nodes are the current members (`partners.queries.current_members`) and two members are linked by ties of
four kinds:

- meetings: held meetings in the last `NETWORK_MAP_DAYS` days that both attended (present or by proxy);
- goals: project goals that both members' letters in force (sent, not declined, expired or revoked) have
  a task for. A task in a letter names only a person of that member's own organisation, so no task is
  ever shared between organisations; a common goal in two letters is the closest honest signal of tasks
  shared, and it is what is counted;
- actions: meetings in the window whose minutes gave action items to both (an action item has one owner
  organisation, so "owned together" means owned for the same meeting);
- outputs: outputs of the window that both made: the output's contributing organisations (co-authors), or,
  for an output that names none, the organisations whose contacts recorded it or one of its dissemination
  events (`results.queries.output_organisation_pairs`).

A tie's strength is its multiplexity: the number of distinct kinds that link the pair (0 to 4), not the
number of occasions. One plenary meeting links every pair by one kind; only pairs that also share a goal, an
action or an output get a tie of two kinds or more. The occasions per kind are kept for the table and the
export. The map can be drawn for some kinds only (`build(network, kinds)`); every figure is then computed on
the ties of those kinds.

The figures, each in per cent of the possible pairs n(n-1)/2 of n members:
- density of each kind: pairs linked by that kind;
- density (any kind): pairs linked by at least one of the chosen kinds;
- multiplex density: pairs linked by two or more of the chosen kinds (only with two or more kinds chosen).
Freeman's degree centralisation of the (unweighted) graph of the chosen kinds is

    C = sum over members i of (d_max - d_i) / ((n - 1)(n - 2)),

where d_i is the number of members i is tied to and d_max the largest d_i: 0 when every member is tied to as
many others as any other (an even ring, a complete network), 1 for a star (one member tied to all, no one
else tied); undefined (None) with fewer than three members.

A member whose ties' strengths add up to less than `NETWORK_WEAK_TIE_SHARE` per cent of the median member's,
or who has no ties, is weakly tied: a quiet partner of characteristic 10. Their names are for coordinators and
the funder; partners read how many there are (`as_data(with_names=False)`, `health.panel.NamedFact`).

The ties come from four queries whatever the network's size (attendance, action items, outputs and
dissemination events, each reduced to distinct pairs in the database); the members and their letters
are the panel's own (`Network`), loaded once for all items.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from math import cos, pi, sin
from statistics import median

import networkx as nx
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries.fields import Country

from commitments.overview import CommitmentState
from networkhub.dates import short_date
from partners.models import EDUCATION_TYPES, MembershipRole, OrganisationType

from .panel import Contribution, NamedFact, Network, Status, at_least, extend, names, share

KINDS = ("meetings", "goals", "actions", "outputs")
# What each kind of tie means, in words (the filter's labels, the table's and the exports' columns).
KIND_LABELS = {
    "meetings": gettext_lazy("Met in meetings"),
    "goals": gettext_lazy("Tasks towards the same goal"),
    "actions": gettext_lazy("Action items from the same meeting"),
    "outputs": gettext_lazy("Outputs made together"),
}
IN_FORCE = (CommitmentState.SENT, CommitmentState.PARTIALLY_SIGNED, CommitmentState.SIGNED)
STRONGEST = 3  # partners named per member in the table

# Colour groups of the organisation types (the table names the exact type).
EDUCATION = EDUCATION_TYPES
BUSINESS = frozenset({OrganisationType.COMPANY, OrganisationType.EMPLOYER_ORGANISATION})


def type_group(org_type):
    if org_type in EDUCATION:
        return "education"
    return "business" if org_type in BUSINESS else "other"


def chosen(kinds):
    """The kinds asked for, in the canonical order; all of them when none (or only unknown ones) are asked."""
    kinds = tuple(kind for kind in KINDS if kind in set(kinds or ()))
    return kinds or KINDS


@dataclass
class Tie:
    """The occasions of each kind that link two members."""

    meetings: int = 0
    goals: int = 0
    actions: int = 0
    outputs: int = 0

    def kinds(self, among=KINDS):
        """The kinds (of `among`) that link the pair."""
        return [kind for kind in among if getattr(self, kind)]

    @property
    def weight(self):
        """Multiplexity: the number of distinct kinds that link the pair."""
        return len(self.kinds())


def percent(part, whole):
    return round(100 * part / whole) if whole else 0


def degree_centralisation(graph):
    """Freeman's degree centralisation of `graph` (its edges unweighted), 0 to 1, rounded to two decimals:
    sum of (d_max - d_i) over the nodes / ((n - 1)(n - 2)). 0 for an even network (every node tied to as many
    others, e.g. a ring or a complete network, or no ties at all), 1 for a star. None with fewer than three nodes.
    """
    n = len(graph)
    if n < 3:
        return None
    degrees = [degree for _node, degree in graph.degree()]
    highest = max(degrees)
    return round(sum(highest - degree for degree in degrees) / ((n - 1) * (n - 2)), 2)


@dataclass
class NetworkMap:
    """The graph (organisation pk -> node with its membership) of the ties of `kinds`, and its figures."""

    network: Network
    graph: nx.Graph
    kinds: tuple = KINDS
    lead: object = None  # the lead organisation's membership, if it is a member
    weak: list = field(default_factory=list)  # memberships weakly tied or not tied, lead first then by name

    @property
    def members(self):
        return self.network.members

    @property
    def pairs(self):
        return len(self.graph) * (len(self.graph) - 1) // 2

    @property
    def total_weight(self):
        return sum(weight for _a, _b, weight in self.graph.edges(data="weight"))

    @property
    def density(self):
        """Pairs tied by at least one of the kinds, per possible pair, in per cent (0 with fewer than two members)."""
        return percent(self.graph.number_of_edges(), self.pairs)

    def kind_ties(self, kind):
        """The number of pairs that `kind` links."""
        return sum(1 for _a, _b, tie in self.graph.edges(data="tie") if getattr(tie, kind))

    def kind_density(self, kind):
        return percent(self.kind_ties(kind), self.pairs)

    @property
    def multiplex_ties(self):
        """The number of pairs linked by two or more of the kinds."""
        return sum(1 for _a, _b, weight in self.graph.edges(data="weight") if weight >= 2)

    @property
    def multiplex_density(self):
        """Pairs linked by two or more of the kinds, in per cent; None when fewer than two kinds are drawn."""
        return percent(self.multiplex_ties, self.pairs) if len(self.kinds) >= 2 else None

    @property
    def centralisation(self):
        return degree_centralisation(self.graph)

    @property
    def lead_reach(self):
        """How many of the other members the lead organisation is tied to."""
        return self.graph.degree(self.lead.organisation_id) if self.lead is not None else 0

    def strength(self, organisation_id):
        """The sum of the member's ties' strengths (kinds)."""
        return self.graph.degree(organisation_id, weight="weight")

    def strongest(self, organisation_id):
        """The member's partners by the strength of their tie, strongest first (then by name)."""
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


def _ties(network):
    """{(organisation pk, organisation pk): Tie} between current members, smaller pk first. The rows are the
    network's batch's (health.batch: `map_attendance`, `map_actions`, `map_outputs`), read in the map's window."""
    ties = defaultdict(Tie)
    groups = defaultdict(set)
    for meeting, organisation in network.map_attendance:
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
    for meeting, organisation in network.map_actions:
        groups[meeting].add(organisation)
    _pairs(groups, ties, "actions")

    groups = defaultdict(set)
    for output, organisation in network.map_outputs:
        groups[output].add(organisation)
    _pairs(groups, ties, "outputs")
    return ties


def _weak(strength, floor):
    return strength == 0 or strength < floor


def build(network, kinds=None):
    """The network map of `network` (a `health.panel.Network`) drawn with the ties of `kinds` (default: all).
    The ties are read once per network, each drawing computed once."""
    kinds = chosen(kinds)
    maps = network.__dict__.setdefault("_network_maps", {})
    if kinds in maps:
        return maps[kinds]
    graph = nx.Graph()
    lead = None
    for membership in network.members:
        organisation = membership.organisation
        graph.add_node(organisation.pk, name=organisation.name, membership=membership)
        if lead is None and membership.role == MembershipRole.LEAD:
            lead = membership
    if "_network_ties" not in network.__dict__:
        network._network_ties = _ties(network)
    for (first, second), tie in network._network_ties.items():
        strength = len(tie.kinds(kinds))
        if strength:
            graph.add_edge(first, second, weight=strength, tie=tie)
    result = NetworkMap(network, graph, kinds, lead)
    strengths = [result.strength(node) for node in graph.nodes]
    floor = median(strengths) * settings.NETWORK_WEAK_TIE_SHARE / 100 if strengths else 0
    if len(graph) > 1:
        result.weak = [m for m in network.members if _weak(result.strength(m.organisation_id), floor)]
    maps[kinds] = result
    return result


def network_map(project, as_of=None, kinds=None):
    return build(Network(project, as_of), kinds)


# --- The figures as facts of the panel's items 5 and 10 ------------------------------------------------


def _density_fact(result):
    return _(
        "Met and worked together: %(multiplex)s of %(pairs)s possible pairs of members are linked by two or more "
        "kinds of ties (multiplex density %(multiplex_density)s %%); %(ties)s pairs by at least one kind "
        "(density %(density)s %%)."
    ) % {
        "multiplex": result.multiplex_ties,
        "pairs": result.pairs,
        "multiplex_density": result.multiplex_density,
        "ties": result.graph.number_of_edges(),
        "density": result.density,
    }


def centralisation_text(value):
    """The centralisation as the pages write it: two decimals in the active language, or a dash."""
    return "–" if value is None else number_format(value, 2)


@extend("coordinator")
def lead_ties(network):
    """Item 5: the lead organisation's ties to the other members (status), and the network's degree
    centralisation (a fact)."""
    result = build(network)
    if result.lead is None or len(result.graph) < 2:
        return None
    others = len(result.graph) - 1
    if not result.total_weight:
        return Contribution(Status.NO_DATA, [_("The network map shows no ties between the members yet.")])
    value = share(result.lead_reach, others)
    facts = [
        ngettext(
            "On the network map the lead organisation, %(lead)s, is tied to %(tied)s of the %(others)s other member.",
            "On the network map the lead organisation, %(lead)s, is tied to %(tied)s of the %(others)s other members.",
            others,
        )
        % {"lead": result.lead.organisation.name, "tied": result.lead_reach, "others": others}
    ]
    if result.centralisation is not None:
        facts.append(
            _(
                "Degree centralisation %(value)s (0: every member is tied to as many others; 1: all ties run "
                "through one member)."
            )
            % {"value": centralisation_text(result.centralisation)}
        )
    return Contribution(at_least(value, "lead_ties"), facts)


@extend("partners")
def weakly_tied(network):
    """Item 10: the members the network map shows weakly tied or not tied (amber), and the network's densities.
    The names of the weakly tied are a coordinator's fact; partners read how many they are."""
    result = build(network)
    if len(result.graph) < 2:
        return None
    if not result.total_weight:
        return Contribution(Status.NO_DATA, [_("The network map shows no ties between the members yet.")])
    facts = [_density_fact(result)]
    if not result.weak:
        return Contribution(Status.GREEN, facts)
    named = NamedFact(
        _("Weakly tied or not tied on the network map: %(organisations)s.") % {"organisations": names(result.weak)},
        ngettext(
            "%(count)s member is weakly tied or not tied on the network map.",
            "%(count)s members are weakly tied or not tied on the network map.",
            len(result.weak),
        )
        % {"count": len(result.weak)},
    )
    return Contribution(Status.AMBER, facts, [named])  # a warning: attendance decides whether it is red


# --- Plain data for the pages, the status report and the exports -----------------------------------------

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


def figures(result):
    """The map's figures and layout as JSON-safe data in no language: what `localised` words for a reader. The
    project home stores it with the day's panel (health.stored) and words it when read, so that the stored map is
    the one computed live, by construction.

    Members sit on a circle, the lead at the top, then grouped by type and by name, so the same network is always
    drawn the same way. Every member's weak mark is kept; `localised` drops it for a partner's view."""
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
                "org_type": organisation.org_type,
                "domestic": organisation.is_domestic,
                "country": organisation.country.code or "",
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
        edges.append({"a": a, "b": b, **{kind: getattr(tie, kind) for kind in KINDS}})
    edges.sort(key=lambda edge: (edge["a"], edge["b"]))
    return {
        "as_of": result.network.as_of.isoformat(),
        "kinds": list(result.kinds),
        "pairs": result.pairs,
        "density": result.density,
        "by_kind": [
            {"kind": kind, "ties": result.kind_ties(kind), "density": result.kind_density(kind)}
            for kind in result.kinds
        ],
        "multiplex_ties": result.multiplex_ties,
        "multiplex_density": result.multiplex_density,
        "centralisation": result.centralisation,
        "lead": result.lead.organisation.name if result.lead is not None else "",
        "lead_reach": result.lead_reach,
        "nodes": nodes,
        "edges": edges,
    }


def localised(figures, *, with_names=True):
    """The map's data (`figures`) as the drawing, its table and the exports read it, in the active language.
    Without `with_names` (a partner's view) no member is marked weakly tied: the data carries only how many are."""
    kinds = figures["kinds"]
    nodes = [
        {
            "name": node["name"],
            "type": str(OrganisationType(node["org_type"]).label),
            "group": type_group(node["org_type"]),
            "domestic": node["domestic"],
            "country": str(Country(node["country"]).name) if node["country"] else "",
            "new": node["new"],
            "lead": node["lead"],
            "x": node["x"],
            "y": node["y"],
            "ties": node["ties"],
            "strength": node["strength"],
            "partners": [list(partner) for partner in node["partners"]],
            "weak": with_names and node["weak"],
        }
        for node in figures["nodes"]
    ]
    edges = []
    for edge in figures["edges"]:
        linking = [kind for kind in kinds if edge[kind]]
        edges.append(
            {
                "a": edge["a"],
                "b": edge["b"],
                "names": [nodes[edge["a"]]["name"], nodes[edge["b"]]["name"]],
                "weight": len(linking),
                "kinds": [str(KIND_LABELS[kind]) for kind in linking],
                **{kind: edge[kind] for kind in KINDS},
            }
        )
    return {
        "as_of": short_date(date.fromisoformat(figures["as_of"])),
        "days": settings.NETWORK_MAP_DAYS,
        "kinds": list(kinds),
        "kind_labels": [str(KIND_LABELS[kind]) for kind in kinds],
        "members": len(nodes),
        "ties": len(edges),
        "pairs": figures["pairs"],
        "density": figures["density"],
        "by_kind": [{**row, "label": str(KIND_LABELS[row["kind"]])} for row in figures["by_kind"]],
        "multiplex_ties": figures["multiplex_ties"],
        "multiplex_density": figures["multiplex_density"],
        "centralisation": figures["centralisation"],
        "centralisation_text": centralisation_text(figures["centralisation"]),
        "lead": figures["lead"],
        "lead_reach": figures["lead_reach"],
        "weak": sum(1 for node in figures["nodes"] if node["weak"]),
        "names": with_names,
        "nodes": nodes,
        "edges": edges,
    }


def as_data(result, *, with_names=True):
    """JSON data of the map (`build`'s result), in the active language: `localised(figures(result))`."""
    return localised(figures(result), with_names=with_names)


def map_data(project, as_of=None, kinds=None, *, with_names=True):
    return as_data(network_map(project, as_of, kinds), with_names=with_names)


def _pair_kinds(data):
    """{(name, name): [kind labels]} of a map's data, the names in alphabetical order."""
    nodes = data["nodes"]
    pairs = {}
    for edge in data["edges"]:
        first, second = sorted((nodes[edge["a"]]["name"], nodes[edge["b"]]["name"]), key=str.casefold)
        pairs[(first, second)] = edge["kinds"]
    return pairs


def compare(project, first, second, kinds=None, *, with_names=True):
    """The map on two dates, with the same kinds: both maps' data, and the ties added and lost from `first` to
    `second` ([(name, name, [kind labels])], by name). A tie whose kinds changed is neither."""
    before = map_data(project, first, kinds, with_names=with_names)
    after = map_data(project, second, kinds, with_names=with_names)
    old, new = _pair_kinds(before), _pair_kinds(after)

    def order(pair):
        return (pair[0].casefold(), pair[1].casefold())

    return {
        "before": before,
        "after": after,
        "by_kind": list(zip(before["by_kind"], after["by_kind"], strict=True)),
        "added": [(a, b, new[(a, b)]) for a, b in sorted(new.keys() - old.keys(), key=order)],
        "lost": [(a, b, old[(a, b)]) for a, b in sorted(old.keys() - new.keys(), key=order)],
    }
