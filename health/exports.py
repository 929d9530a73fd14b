"""The network map as files: GraphML (for Gephi, yEd, Cytoscape, networkx) and CSV (the edge list).

Both are made from the page's own data (`health.network_map.as_data`), in the reader's language, with the values
written as the page writes them: kinds of ties in words, densities in per cent, the centralisation with two
decimals, the date as a short date. GraphML is written by networkx (`generate_graphml`), already a dependency.
"""

import io

import networkx as nx
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from networkhub.spreadsheets import CSV_BOM, csv_cell, csv_writer

from .network_map import KIND_LABELS, KINDS


def _filename(project, extension):
    return f"network-map-{slugify(project.acronym) or project.pk}.{extension}"


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def edge_rows(data):
    """The edge list: one row per tie, the two names in the table's order, the kinds in words, how many kinds,
    then the occasions of each kind."""
    nodes = data["nodes"]
    for edge in data["edges"]:
        yield [
            nodes[edge["a"]]["name"],
            nodes[edge["b"]]["name"],
            ", ".join(edge["kinds"]),
            edge["weight"],
            *(edge[kind] for kind in KINDS),
        ]


def edge_header():
    return [
        _("Organisation"),
        _("Organisation"),
        _("Kinds of ties"),
        _("Number of kinds"),
        *(_("%(kind)s (occasions)") % {"kind": KIND_LABELS[kind]} for kind in KINDS),
    ]


def csv_response(project, data):
    out = io.StringIO()
    out.write(CSV_BOM)
    writer = csv_writer(out)
    writer.writerow(edge_header())
    for row in edge_rows(data):
        writer.writerow([csv_cell(value) for value in row])
    return _attachment(out.getvalue(), "text/csv; charset=utf-8", _filename(project, "csv"))


def graph(data):
    """The map's data as a networkx graph with the page's figures as the graph's, nodes' and edges' attributes,
    named in the reader's language."""
    result = nx.Graph()
    result.graph.update(
        {
            _("Date"): data["as_of"],
            _("Kinds of ties"): ", ".join(data["kind_labels"]),
            _("At least one kind of tie (%)"): data["density"],
            _("Degree centralisation"): data["centralisation_text"],
        }
    )
    if data["multiplex_density"] is not None:
        result.graph[_("Two or more kinds of ties (%)")] = data["multiplex_density"]
    for kind in data["by_kind"]:
        result.graph[_("%(kind)s (%%)") % {"kind": kind["label"]}] = kind["density"]
    for number, node in enumerate(data["nodes"]):
        attributes = {
            _("Name"): node["name"],
            _("Type"): node["type"],
            _("Country"): node["country"],
            _("Lead organisation"): node["lead"],
            _("New to international activity"): node["new"],
            _("Members tied to"): node["ties"],
            _("Kinds of ties, summed"): node["strength"],
        }
        if data["names"]:
            attributes[_("Weakly tied")] = node["weak"]
        result.add_node(f"n{number}", **attributes)
    for edge in data["edges"]:
        result.add_edge(
            f"n{edge['a']}",
            f"n{edge['b']}",
            **{
                _("Kinds of ties"): ", ".join(edge["kinds"]),
                _("Number of kinds"): edge["weight"],
                **{_("%(kind)s (occasions)") % {"kind": KIND_LABELS[kind]}: edge[kind] for kind in KINDS},
            },
        )
    return result


def graphml_response(project, data):
    content = "\n".join(nx.generate_graphml(graph(data)))
    return _attachment(content, "application/graphml+xml; charset=utf-8", _filename(project, "graphml"))
