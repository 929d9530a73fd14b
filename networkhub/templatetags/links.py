"""`{% link_url "project_list" %}`: the address of the page that plays a role, whichever app provides it.

A template of a lower app links to the project list or the programme overview by role
(`networkhub.contributions.LINK_ROLES`), not by the URL name of the app above it that provides the page.
"""

from django import template

from networkhub import contributions

register = template.Library()


@register.simple_tag
def link_url(role, *args):
    return contributions.link(role, *args)
