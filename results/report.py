"""The report's section on use and continuation (networkhub.contributions `report_sections`): which outputs were
taken up and by whom, how far dissemination reached beyond the network, and each member's continuation plan.

Only the final report carries it: the continuation plans speak of the time after the funding. Plain data in the
active language; three queries.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from networkhub.dates import short_date
from partners.queries import current_members

from .models import OUTSIDE_NETWORK, ContinuationPlan, DisseminationEvent, Uptake


def report_section(project, *, period_start, period_end, whole_project):
    if not whole_project:
        return None
    uptakes = (
        Uptake.objects.filter(output__project=project, output__hidden=False, date__lte=period_end)
        .select_related("output")
        .order_by("date", "pk")
    )
    reach = DisseminationEvent.objects.filter(
        output__project=project, output__hidden=False, date__lte=period_end
    ).aggregate(
        outside=Count("pk", filter=Q(audience_type__in=OUTSIDE_NETWORK)),
        outputs_outside=Count("output", filter=Q(audience_type__in=OUTSIDE_NETWORK), distinct=True),
        events=Count("pk"),
    )
    members = list(current_members(project, period_end).with_organisation())
    plans = {
        plan.membership_id: plan
        for plan in ContinuationPlan.objects.filter(membership__in=[membership.pk for membership in members])
    }
    rows = [
        {
            "output": uptake.output.title,
            "organisation": uptake.organisation_name,
            "date": short_date(uptake.date),
            "evidence": uptake.evidence,
            "url": uptake.url,
        }
        for uptake in uptakes
    ]
    return {
        "template": "results/_report_section.html",
        "anchor": "use-and-continuation",
        "title": _("Use of the results and continuation"),
        "uptakes": rows,
        "outputs_taken_up": len({row["output"] for row in rows}),
        "events": reach["events"],
        "events_outside": reach["outside"],
        "outputs_outside": reach["outputs_outside"],
        "plans": [
            {
                "organisation": membership.organisation.name,
                "continues": plans[membership.pk].continues,
                "decided_by": plans[membership.pk].decided_by,
                "resources": plans[membership.pk].resources,
            }
            for membership in members
            if membership.pk in plans
        ],
        "without_plan": [membership.organisation.name for membership in members if membership.pk not in plans],
    }
