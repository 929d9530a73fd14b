from django import template

from networkhub import status

register = template.Library()


@register.simple_tag
def status_badge(value, label=None, tone=None):
    """{% status_badge meeting.status meeting.get_status_display %} or {% status_badge commitment.state %}.

    Not a state (a count, "best", a tag): {% status_badge "best" best tone="success" %}, the text in a given tone.
    """
    return status.badge(value, label, tone)
