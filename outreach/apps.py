from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class OutreachConfig(AppConfig):
    """Reaching the network (characteristic 10): announcements to the member contacts, and the motivation log of
    how the business and foreign partners were contacted.

    It sits just above `partners/` (beside `meetings/`): the lowest layer that can see a project's members and
    their contacts (`partners.queries.current_members`, `ContactPerson.objects.visible_to`), and it needs nothing
    from the layers above. The health panel (item 10) and the Messages page (through `message_sections`) read it
    through `outreach.queries`."""

    name = "outreach"
    verbose_name = _("Announcements and motivation log")
    contributions = Contributions(
        # Coordinators' pages: the "settings" group is the coordinators' own (the network's tabs are everyone's).
        nav=(
            NavEntry("settings", 32, "outreach:announcements", _("Announcements")),
            NavEntry("settings", 34, "outreach:motivation", _("Motivation log")),
        ),
        message_kinds={"announcement": _("Announcement")},
        personal_data="outreach.privacy",
        message_sections=("outreach.queries.messages_section",),
    )
