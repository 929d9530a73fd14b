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
    "info": {"planned", "submitted", "content_check", "financial_check", "queued", "rendering", "open", "trying"},
}
_TONE_OF = {value: tone for tone, values in TONES.items() for value in values}
_TONE_OF |= {"green": "success", "amber": "warning", "red": "danger"}  # the health items' lights (health.panel.Status)


def tone(value):
    """The badge's tone for a state's value; anything else (not sent, draft, revoked...) is neutral."""
    return _TONE_OF.get(str(value), "neutral")


_state_tone = tone  # `badge()`'s `tone` argument hides `tone()`


def badge(value, label=None, tone=None):
    """`value` is a choices member (its label is shown) or a state's value with its `label`.

    Something that is not a state (a count, "best", a tag) gives a `tone` ("success", "neutral"...) with its
    `label`; its `value` (a short code for `data-status`) may then be None.
    """
    if tone is None and (value is None or value == ""):
        return "–"
    if tone is not None and tone not in TONES and tone != "neutral":
        raise ValueError(f"Unknown badge tone: {tone!r}")
    code = getattr(value, "value", value)
    text = label if label is not None else getattr(value, "label", value)
    if code is None or code == "":
        return format_html('<span class="status-badge status-{}">{}</span>', tone, text)
    return format_html(
        '<span class="status-badge status-{}" data-status="{}">{}</span>', tone or _state_tone(code), code, text
    )
