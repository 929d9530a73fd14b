"""Item 12 (members new to international activity) reads the mobility records: how many of the newcomers have made
their first mobility by the panel's date (docs/health.md, item 12). A fact only: it never changes the item's
status, which stays the share of newcomers among the domestic education providers."""

from django.utils.translation import gettext as _

from .panel import Contribution, Status, extend, names


@extend("new_to_international")
def first_mobilities(network):
    newcomers = [
        m
        for m in network.members
        if m.organisation.is_domestic_education_provider and m.organisation.new_to_international
    ]
    if not newcomers:
        return None
    started = network.first_mobilities  # organisations whose first mobility started by `as_of`
    done = [m for m in newcomers if m.organisation_id in started]
    figures = {"done": len(done), "total": len(newcomers)}
    if done:
        fact = _("Newcomers who have made their first mobility: %(done)s of %(total)s (%(organisations)s).") % {
            **figures,
            "organisations": names(done),
        }
    else:
        fact = _("Newcomers who have made their first mobility: %(done)s of %(total)s.") % figures
    return Contribution(Status.NO_DATA, [fact])  # NO_DATA is the mildest status: the item's own status stands
