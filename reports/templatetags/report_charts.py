"""The report's pictures: simple horizontal bar charts drawn on the server as SVG, beside the tables of their figures.

They draw from the report's gathered data (`reports.data.build`) only, so the preview, the PDF and a
frozen version draw the same. Data frozen before the charts existed lacks their numbers: no chart then.
"""

from django import template
from django.utils.translation import gettext as _

register = template.Library()

WIDTH = 640
LABEL_WIDTH = 230  # the organisation's or category's name, right-aligned before its bars
BAR_START, BAR_END = 240, 480
BAR_HEIGHT, GROUP_GAP, TOP = 14, 10, 8
LABEL_LENGTH = 34
COLOURS = ("#0b5394", "#9c4a00")  # planned / actual; 4.5:1 or more on white, told apart in the legend too


def _short(text):
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def _chart(rows, series, title, description, prefix, maximum):
    """rows: [(label, [(value, shown text), ...])], one value per series; bars scaled to `maximum`."""
    scale = (BAR_END - BAR_START) / maximum if maximum else 0
    groups, y = [], TOP
    for label, values in rows:
        bars = []
        for index, (value, text) in enumerate(values):
            bars.append(
                {
                    "y": y + index * (BAR_HEIGHT + 2),
                    "width": round(max(value or 0, 0) * scale, 1),
                    "text": text,
                    "colour": COLOURS[index % len(COLOURS)],
                }
            )
        for bar in bars:
            bar["text_x"] = round(BAR_START + bar["width"] + 4, 1)
            bar["text_y"] = bar["y"] + BAR_HEIGHT - 3
        height = len(values) * (BAR_HEIGHT + 2) - 2
        groups.append({"label": _short(label), "full": label, "label_y": y + height / 2 + 4, "bars": bars})
        y += height + GROUP_GAP
    return {
        "prefix": prefix,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": y + TOP,
        "label_x": LABEL_WIDTH,
        "bar_start": BAR_START,
        "groups": groups,
        "series": [{"label": name, "colour": COLOURS[index % len(COLOURS)]} for index, name in enumerate(series)],
    }


@register.inclusion_tag("reports/_bar_chart.html")
def attendance_chart(meetings):
    """Each member's attendance rate in the period's meetings it was expected at (`data.meetings.attendance`)."""
    rows = [
        (row["organisation"], [(row["rate"] or 0, f"{row['rate']} %" if row["rate"] is not None else "–")])
        for row in meetings.get("attendance", [])
    ]
    if not rows or not meetings.get("held"):
        return {}
    return _chart(
        rows,
        [],
        _("Attendance by organisation"),
        _("Each member organisation's share of the period's meetings it took part in, in per cent."),
        "attendance-chart",
        100,
    )


@register.inclusion_tag("reports/_bar_chart.html")
def budget_chart(budget):
    """Planned against actual per budget category (`data.budget.lines`), on one scale."""
    lines = [line for line in budget.get("lines", []) if "planned_value" in line]
    if not lines or not any(line["planned_value"] or line["actual_value"] for line in lines):
        return {}
    rows = [
        (
            line["label"],
            [
                (line["planned_value"], _("planned %(amount)s €") % {"amount": line["planned"]}),
                (line["actual_value"], _("actual %(amount)s €") % {"amount": line["actual"]}),
            ],
        )
        for line in lines
    ]
    return _chart(
        rows,
        [_("Planned"), _("Actual")],
        _("Budget: planned and actual"),
        _("Planned and actual costs per budget category, in euros, on one scale."),
        "budget-chart",
        max(max(line["planned_value"], line["actual_value"]) for line in lines),
    )
