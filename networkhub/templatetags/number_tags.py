from django import template

from networkhub import numbers

register = template.Library()


@register.filter
def count(value):
    """{{ section.participants|count }}: a whole number grouped by thousands in the active language ("1 089")."""
    return numbers.count(value)
