"""The report's mobility chart: participants per country, students and staff side by side, drawn on the server as
SVG from the section's data only (so the preview, the PDF and a frozen version draw the same)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()

WIDTH, LABEL_X, BAR_START, BAR_END = 640, 230, 240, 560
BAR_HEIGHT, GROUP_GAP, TOP = 14, 10, 8
COLOURS = ("#0b5394", "#9c4a00")  # students / staff; 4.5:1 or more on white, told apart in the legend too


@register.inclusion_tag("mobility/_chart.html")
def mobility_chart(section):
    rows = section.get("by_country") or []
    maximum = max((max(row["students_value"], row["staff_value"]) for row in rows), default=0)
    if not maximum:
        return {}
    scale = (BAR_END - BAR_START) / maximum
    groups, y = [], TOP
    for row in rows:
        bars = []
        for index, (value, text) in enumerate(
            ((row["students_value"], row["students"]), (row["staff_value"], row["staff"]))
        ):
            bar_y = y + index * (BAR_HEIGHT + 2)
            width = round(value * scale, 1)
            bars.append(
                {
                    "y": bar_y,
                    "width": width,
                    "text": text,
                    "text_x": round(BAR_START + width + 4, 1),
                    "text_y": bar_y + BAR_HEIGHT - 3,
                    "colour": COLOURS[index],
                }
            )
        height = 2 * (BAR_HEIGHT + 2) - 2
        groups.append({"label": row["label"], "label_y": y + height / 2 + 4, "bars": bars})
        y += height + GROUP_GAP
    return {
        "title": _("Participants per country"),
        "description": _("Students and staff who took part in mobilities, per country, on one scale."),
        "width": WIDTH,
        "height": y + TOP,
        "label_x": LABEL_X,
        "bar_start": BAR_START,
        "groups": groups,
        "series": [{"label": _("Students"), "colour": COLOURS[0]}, {"label": _("Staff"), "colour": COLOURS[1]}],
    }
