"""The health panel's status badges and trend lines: small SVG sparklines drawn on the server, no JavaScript."""

from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from networkhub import status

register = template.Library()

WIDTH, HEIGHT, PAD = 96, 24, 3


@register.simple_tag
def health_status_badge(item):
    """The item's status badge (the kernel's `status.badge`), its words read as "Status: Red" by a screen reader."""
    label = format_html('<span class="visually-hidden">{}: </span>{}', _("Status"), item.status_label)
    return status.badge(item.status, label)


def _points(values, unit):
    low, high = (0, 100) if unit == "%" else (min(values), max(values))
    span = (high - low) or 1
    step = (WIDTH - 2 * PAD) / (len(values) - 1)
    return [
        (round(PAD + index * step, 1), round(HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD), 1))
        for index, value in enumerate(values)
    ]


def _number(value, unit):
    shown = formats.number_format(round(value), use_l10n=True, force_grouping=True)
    if unit == "%":
        return f"{shown} %"
    return f"{shown} {unit(round(value)) if callable(unit) else unit}"  # a count's unit in its plural form


@register.simple_tag
def sparkline(trend, unit="%"):
    """An inline <svg role="img"> of a trend's values (oldest first), described in words for screen readers.

    `trend` is a list of (date, value, status); points without a value (not enough data) are left out.
    Fewer than two values make no line, and the tag returns nothing.
    """
    values = [value for _day, value, _status in trend if value is not None]
    if len(values) < 2:
        return ""
    points = _points(values, unit)
    description = _("Trend, week by week: %(values)s.") % {
        "values": ", ".join(_number(value, unit) for value in values)
    }
    last_x, last_y = points[-1]
    return format_html(
        '<svg class="sparkline" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2.5" fill="currentColor"/></svg>',
        description,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        description,
        format_html_join(" ", "{},{}", points),
        last_x,
        last_y,
    )
