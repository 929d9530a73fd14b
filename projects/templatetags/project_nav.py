"""The project's navigation: five groups (Overview, Network, Meetings, Reports, Settings) with their pages.

The pages are the apps' declared navigation entries (`networkhub.contributions`): this app names no
page of the apps above it. Wide screens show the groups as one row of tabs and the current group's pages
as a second row; phones show one disclosure menu (<details>), which needs no JavaScript and works with
the keyboard. The current page is the longest of the project's addresses that the path starts with, so a
meeting's page belongs to Meetings and a letter's to Network.
"""

from django import template
from django.urls import reverse

from networkhub import contributions

register = template.Library()


@register.inclusion_tag("projects/_project_nav_menu.html", takes_context=True)
def project_nav(context, project):
    request = context["request"]
    groups = contributions.project_nav(getattr(request, "is_project_coordinator", False))
    built = [
        {
            "label": group.label,
            "items": [{"url": reverse(entry.url_name, args=[project.pk]), "label": entry.label} for entry in entries],
        }
        for group, entries in groups
    ]
    items = [item for group in built for item in group["items"]]
    matching = [item for item in items if request.path.startswith(item["url"])]
    current = max(matching, key=lambda item: len(item["url"])) if matching else None
    for group in built:
        for item in group["items"]:
            item["active"] = item is current
            item["page"] = item is current and request.path == item["url"]
        group["url"] = group["items"][0]["url"]
        group["active"] = current in group["items"]
        # A group of one page (Reports) has no second row: its tab is the page's own link.
        group["page"] = group["active"] and len(group["items"]) == 1 and current["page"]
    active = next((group for group in built if group["active"]), None)
    return {"groups": built, "active_group": active, "current": current}
