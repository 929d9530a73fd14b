"""The programme aggregates' map of Finland's 19 regions (issue 22 part 6): server-rendered inline SVG, no script.

The outlines are Natural Earth's public-domain admin-1 regions, vendored as static/maps/finland-regions.json with
their licence (static/maps/LICENSE-naturalearth.txt; built by tools/build_region_map.py). Two shadings of the
same regions: by the number of projects, and by the share of the projects with statuses that have a red item.
Each region carries its figure as text on the map and a <title>, a class per shade, a hatch where there is
nothing to show, so the map reads without colour; the page shows the same figures as a table beside it.
"""

import json
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from networkhub.numbers import count
from projects.models import Region

OUTLINES = settings.BASE_DIR / "static" / "maps" / "finland-regions.json"

# Projects in a region: (least, shade), the last shade open-ended. Fills are ColorBrewer's Blues; the figure on the
# region is written in white on the two darkest.
PROJECT_SHADES = [(0, "#f7fbff"), (1, "#c6dbef"), (2, "#6baed6"), (4, "#2171b5"), (8, "#08306b")]
# Share of the region's projects with statuses that have a red item, in per cent: (least, shade). Reds.
RED_SHADES = [(0, "#fff5f0"), (1, "#fcbba1"), (34, "#fb6a4a"), (67, "#a50f15")]
NO_FIGURE_FILL = "#ffffff"
DARK_FROM = {"projects": 3, "red": 3}


@cache
def outlines():
    """{"view_box": [...], "regions": {code: {"d": path data, "label": [x, y]}}} (read once)."""
    return json.loads(OUTLINES.read_text(encoding="utf-8"))


@dataclass
class RegionFigures:
    code: str
    name: str
    projects: int
    with_statuses: int
    with_red: int

    @property
    def red_share(self):
        """Per cent of the projects with statuses that have a red item, or None when none has statuses."""
        return round(100 * self.with_red / self.with_statuses) if self.with_statuses else None

    @property
    def project_shade(self):
        return _shade(PROJECT_SHADES, self.projects)

    @property
    def red_shade(self):
        return None if self.red_share is None else _shade(RED_SHADES, self.red_share)


def _shade(shades, value):
    index = 0
    for number, (least, _fill) in enumerate(shades):
        if value >= least:
            index = number
    return index


def _range_label(shades, index, top=None):
    """ "2–3" for a shade from 2 up to the next one's least; the last shade up to `top`, or open ("8+")."""
    least = shades[index][0]
    most = shades[index + 1][0] - 1 if index + 1 < len(shades) else top
    if most is None:
        return f"{count(least)}+"
    if least == most:
        return count(least)
    return f"{count(least)}–{count(most)}"


def project_legend():
    """[(index, fill, words)] of the projects' shades."""
    entries = []
    for index, (_least, fill) in enumerate(PROJECT_SHADES):
        label = _range_label(PROJECT_SHADES, index)
        words = ngettext("%(range)s project", "%(range)s projects", 1 if label == "1" else 2) % {"range": label}
        entries.append((index, fill, words))
    return entries


def red_legend():
    """[(index or None, fill, words)] of the red shares' shades, the hatch (no project with statuses) last."""
    entries = [
        (index, fill, gettext("%(range)s %% with a red item") % {"range": _range_label(RED_SHADES, index, 100)})
        for index, (_least, fill) in enumerate(RED_SHADES)
    ]
    return entries + [(None, None, gettext("No project with statuses"))]


def region_figures(rows):
    """[RegionFigures] of the 19 regions in the order of their names, from {code: {projects, with_statuses,
    with_red}} (regions missing from `rows` have no projects)."""
    figures = [
        RegionFigures(
            code,
            str(name),
            rows.get(code, {}).get("projects", 0),
            rows.get(code, {}).get("with_statuses", 0),
            rows.get(code, {}).get("with_red", 0),
        )
        for code, name in Region.choices
    ]
    return sorted(figures, key=lambda figure: figure.name)


MODES = {
    "projects": (_("Projects by region"), PROJECT_SHADES),
    "red": (_("Share of projects with a red item, by region"), RED_SHADES),
}


def svg(figures, mode, element_id):
    """The map as inline SVG: `mode` "projects" or "red"; `element_id` makes its ids unique on the page."""
    geometry = outlines()
    title, shades = MODES[mode]
    hatch = f"{element_id}-hatch"
    paths, labels = [], []
    for figure in figures:
        region = geometry["regions"][figure.code]
        if mode == "projects":
            index = figure.project_shade
            text = count(figure.projects)
            words = ngettext("%(region)s: %(count)s project", "%(region)s: %(count)s projects", figure.projects) % {
                "region": figure.name,
                "count": count(figure.projects),
            }
        else:
            index = figure.red_shade
            text = "–" if figure.red_share is None else f"{figure.red_share}%"
            words = (
                gettext("%(region)s: no project with statuses") % {"region": figure.name}
                if figure.red_share is None
                else ngettext(
                    "%(region)s: %(share)s %% of %(count)s project with statuses has a red item",
                    "%(region)s: %(share)s %% of %(count)s projects with statuses have a red item",
                    figure.with_statuses,
                )
                % {"region": figure.name, "share": figure.red_share, "count": count(figure.with_statuses)}
            )
        fill = f"url(#{hatch})" if index is None else shades[index][1]
        shade_class = "shade-none" if index is None else f"shade-{index}"
        paths.append((region["d"], fill, shade_class, figure.code, words))
        dark = index is not None and index >= DARK_FROM[mode]
        x, y = region["label"]
        labels.append((x, y, "#ffffff" if dark else "#212529", text))
    view_box = " ".join(str(number) for number in geometry["view_box"])
    return format_html(
        '<svg class="region-map" viewBox="{}" width="100%" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title>'
        '<defs><pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#6c757d" '
        'stroke-width="1.5"/></pattern></defs>'
        '<g stroke="#495057" stroke-width="0.6" stroke-linejoin="round">{}</g>'
        '<g font-size="10" font-family="system-ui, sans-serif" text-anchor="middle" dominant-baseline="middle" '
        'aria-hidden="true">{}</g></svg>',
        view_box,
        element_id,
        element_id,
        title,
        hatch,
        format_html_join(
            "",
            '<path d="{}" fill="{}" class="{}" data-region="{}"><title>{}</title></path>',
            paths,
        ),
        format_html_join(
            "",
            '<text x="{}" y="{}" fill="{}" paint-order="stroke" stroke="none">{}</text>',
            labels,
        ),
    )


HATCH_SWATCH = mark_safe(
    '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
    '<rect x="0.5" y="0.5" width="15" height="15" fill="#ffffff" stroke="#495057"/>'
    '<path d="M0 16L16 0M-4 4L4 -4M12 20L20 12M0 8L8 0M8 16L16 8" stroke="#6c757d" stroke-width="1.5"/>'
    "</svg>"
)


def legend_swatch(fill):
    """A small square of a shade for the legend; None: the hatch, drawn with lines as on the map."""
    if fill is None:
        return HATCH_SWATCH
    return format_html(
        '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
        '<rect x="0.5" y="0.5" width="15" height="15" fill="{}" stroke="#495057"/></svg>',
        fill,
    )
