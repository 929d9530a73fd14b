"""The project's navigation: five groups (Overview, Network, Meetings, Reports, Settings) with their pages.

Wide screens show the groups as one row of tabs and the current group's pages as a second row;
phones show one disclosure menu (<details>), which needs no JavaScript and works with the keyboard.
The current page is the longest of the project's addresses that the path starts with, so a meeting's
page belongs to Meetings and a letter's to Network.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

GROUPS = [
    (
        _("Overview"),
        [("home:project", _("Dashboard")), ("results:list", _("Results")), ("pulse:results", _("Trust pulse"))],
    ),
    (
        _("Network"),
        [
            ("partners:list", _("Members")),
            ("partners:directory", _("Directory")),
            ("commitments:overview", _("Commitments")),
        ],
    ),
    (
        _("Meetings"),
        [
            ("meetings:list", _("Meetings")),
            ("meetings:actions", _("Action items")),
            ("goals:review_list", _("Goal reviews")),
            ("goals:idea_list", _("Ideas")),
        ],
    ),
]
COORDINATOR_GROUPS = [
    (_("Reports"), [("reports:list", _("Reports"))]),
    (
        _("Settings"),
        [
            ("projects:edit", _("Project details")),
            ("goals:goals", _("Goals")),
            ("projects:coordinators", _("Coordinators")),
            ("projects:messages", _("Messages")),
        ],
    ),
]


@register.inclusion_tag("projects/_project_nav_menu.html", takes_context=True)
def project_nav(context, project):
    request = context["request"]
    groups = GROUPS + (COORDINATOR_GROUPS if getattr(request, "is_project_coordinator", False) else [])
    built = [
        {"label": label, "items": [{"url": reverse(name, args=[project.pk]), "label": text} for name, text in items]}
        for label, items in groups
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
