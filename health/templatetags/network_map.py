"""The network map drawn on the server as SVG (no JavaScript), from the plain data `health.network_map.as_data` makes.

Members sit where the data placed them (a circle, the lead at the top). The shape says where a member is
(a circle in Finland, a square abroad), the colour its kind (education, business, other), a white dot
that it is new to international activity, a red dashed ring that it is weakly tied. Lines are ties, the
thicker the heavier. The legend says all of this in words and a table gives the same data.
"""

from django import template

from ..network_map import CENTRE_X, CENTRE_Y, HEIGHT, WIDTH

register = template.Library()

COLOURS = {"education": "#0b5394", "business": "#9c4a00", "other": "#38761d"}  # 4.5:1 or more on white
WEAK_COLOUR = "#b02a37"
EDGE_COLOUR = "#6c757d"
LABEL_LENGTH = 28
NODE_SIZE, LEAD_SIZE = 11, 15
LABEL_GAP = 9  # between a node's edge (or its ring) and its name
MAX_EDGE_WIDTH = 7


def _label(node, size):
    name = node["name"]
    gap = size + LABEL_GAP + (6 if node["weak"] else 0)
    text = name if len(name) <= LABEL_LENGTH else name[: LABEL_LENGTH - 1].rstrip() + "…"
    dx, dy = node["x"] - CENTRE_X, node["y"] - CENTRE_Y
    length = (dx * dx + dy * dy) ** 0.5 or 1
    x = round(node["x"] + gap * dx / length, 1)
    y = round(node["y"] + gap * dy / length + 4, 1)
    if abs(dx) < 1:
        anchor = "middle"
        y = round(y + (8 if dy > 0 else -4), 1)
    else:
        anchor = "start" if dx > 0 else "end"
    return {"text": text, "x": x, "y": y, "anchor": anchor}


@register.inclusion_tag("health/_network_map_svg.html")
def network_map_svg(data, prefix="network-map"):
    """The map as an inline <svg role="img"> with a title and a description, the same figures as the table."""
    nodes = data["nodes"]
    heaviest = max((edge["weight"] for edge in data["edges"]), default=1)
    edges = [
        {
            "x1": nodes[edge["a"]]["x"],
            "y1": nodes[edge["a"]]["y"],
            "x2": nodes[edge["b"]]["x"],
            "y2": nodes[edge["b"]]["y"],
            "width": round(1 + (MAX_EDGE_WIDTH - 1) * (edge["weight"] - 1) / max(heaviest - 1, 1), 1),
        }
        for edge in data["edges"]
    ]
    drawn = []
    for node in nodes:
        size = LEAD_SIZE if node["lead"] else NODE_SIZE
        drawn.append(
            {
                **node,
                "size": size,
                "side": 2 * size,
                "corner_x": round(node["x"] - size, 1),
                "corner_y": round(node["y"] - size, 1),
                "ring": size + 6,
                "ring_corner_x": round(node["x"] - size - 6, 1),
                "ring_corner_y": round(node["y"] - size - 6, 1),
                "ring_side": 2 * size + 12,
                "colour": COLOURS[node["group"]],
                "label": _label(node, size),
            }
        )
    return {
        "data": data,
        "edges": edges,
        "nodes": drawn,
        "width": WIDTH,
        "height": HEIGHT,
        "prefix": prefix,
        "weak_names": ", ".join(node["name"] for node in nodes if node["weak"]),
        "weak_colour": WEAK_COLOUR,
        "edge_colour": EDGE_COLOUR,
        "colours": COLOURS,
    }
