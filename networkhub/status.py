"""Status badges: the status as text on a tinted background, one tone per kind of state.

Every list that shows a status (members, letters, meetings, the review queue) uses `badge()` (or the
`{% status_badge %}` tag), so a state has one colour everywhere. The colours (static/css/networkhub.css,
`.status-*`) have at least 7:1 contrast; the text says the state, so colour is never the only cue.
"""

from django.utils.html import format_html

TONES = {
    "success": {"signed", "accepted", "held", "active", "committed", "published", "adopted", "on_track", "done"},
    "warning": {"partially_signed", "sent", "waiting", "at_risk", "info_requested", "pending", "if_need_be"},
    "danger": {"declined", "expired", "off_track", "cancelled", "failed", "overdue", "dropped"},
    "info": {"planned", "submitted", "content_check", "financial_check", "queued", "rendering", "open"},
}
_TONE_OF = {value: tone for tone, values in TONES.items() for value in values}


def tone(value):
    """The badge's tone for a state's value; anything else (not sent, draft, revoked...) is neutral."""
    return _TONE_OF.get(str(value), "neutral")


def badge(value, label=None):
    """`value` is a choices member (its label is shown) or a state's value with its `label`."""
    if value is None or value == "":
        return "–"
    code = getattr(value, "value", value)
    text = label if label is not None else getattr(value, "label", value)
    return format_html('<span class="status-badge status-{}" data-status="{}">{}</span>', tone(code), code, text)
