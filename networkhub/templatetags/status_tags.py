from django import template

from networkhub import status

register = template.Library()


@register.simple_tag
def status_badge(value, label=None):
    """{% status_badge meeting.status meeting.get_status_display %} or {% status_badge commitment.state %}."""
    return status.badge(value, label)
