from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from meetings import times
from networkhub import status

register = template.Library()


@register.simple_tag
def meeting_time(start, end, zone_name, plain=False, viewer=None):
    """The time in the meeting's zone and, if the viewer's zone differs, in the viewer's zone too.

    `viewer` is the zone of the person the page or e-mail is for (a contact's preference): then the
    second time is a short note, "(14.00–16.00 in your time zone, Europe/Berlin)".
    """
    if viewer:
        note = times.in_your_zone(start, end, zone_name, viewer)
        text = times.format_range(start, end, zone_name)
        if plain:
            return f"{text} {note}" if note else text
        first = format_html('<time datetime="{}">{}</time>', start.isoformat(), text)
        return format_html("{} <strong>{}</strong>", first, note) if note else first
    shown = times.format_for_viewer(start, end, zone_name)
    if plain:
        if len(shown) == 1:
            return shown[0]
        return _("%(time)s; in your time zone %(local)s") % {"time": shown[0], "local": shown[1]}
    first = format_html('<time datetime="{}">{}</time>', start.isoformat(), shown[0])
    if len(shown) == 1:
        return first
    return format_html(
        '{} <span class="d-block small text-body-secondary">{} {}</span>',
        first,
        _("In your time zone:"),
        shown[1],
    )


@register.simple_tag
def slot_time(slot, with_zone=True, viewer=None):
    """A proposed time in the poll's zone; pages that name the zone once leave it out of each time.

    With `viewer` (the recipient's zone) the time in that zone follows when it differs."""
    text = times.format_range(slot.start, slot.end, slot.poll.time_zone, with_zone=with_zone)
    note = times.in_your_zone(slot.start, slot.end, slot.poll.time_zone, viewer)
    return f"{text} {note}" if note else text


@register.filter
def answer_badge(answer):
    """A poll answer as a coloured badge with its text (never colour alone)."""
    if answer is None:
        return format_html('<span class="text-body-secondary">{}</span>', _("no answer"))
    tone = {"yes": "success", "if_need_be": "warning", "no": "neutral"}[answer.answer]
    comment = format_html(' <span class="small">“{}”</span>', answer.comment) if answer.comment else ""
    return format_html("{}{}", status.badge(answer.answer, answer.get_answer_display(), tone), comment)
