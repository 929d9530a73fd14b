"""Characteristic 7, the network learns (goals reviewed, ideas put to use), and the ideas' half of 5 (the
coordinators answer a partner's idea quickly).

Both read the ideas log and the goal reviews through the goals app's queries.
"""

from datetime import timedelta
from statistics import median

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy, npgettext

from goals.queries import answer_wait, review_state_of
from networkhub.dates import short_date

from .panel import Contribution, HealthItem, Status, at_least, at_most, counted, extend, idle, item, worst

YEAR = timedelta(days=365)  # "the last 12 months"

IDEAS_UNIT = counted("ideas", lambda n: npgettext("unit of a health trend", "idea", "ideas", n))


def _review_part(network):
    """(status, facts, action) of the goal review cadence; without goals grey, red long after the start."""
    project = network.project
    state = review_state_of(project, network.as_of, network.last_review_date)
    last = state["last_review_date"]
    if last is None and not network.has_goals:
        status, facts = idle(
            network,
            "learning",
            ngettext_lazy(
                "No goals set in the %(days)s day since the start.",
                "No goals set in the %(days)s days since the start.",
                "days",
            ),
        )
        return status, facts, "set_goals"
    facts = []
    if last is None:
        facts.append(_("No goal review has been held yet."))
    else:
        facts.append(_("The last goal review was held on %(date)s.") % {"date": short_date(last)})
    if not state["overdue"]:
        facts.append(_("The next review is due by %(date)s.") % {"date": short_date(state["next_due"])})
        return Status.GREEN, facts, "review_goals"
    late = (network.as_of - state["next_due"]).days
    facts.append(
        ngettext(
            "The review due on %(date)s is %(days)s day overdue.",
            "The review due on %(date)s is %(days)s days overdue.",
            late,
        )
        % {"date": short_date(state["next_due"]), "days": late}
    )
    return at_most(late, "review_overdue_days"), facts, "review_goals"


def _ideas_part(network):
    """(status, facts, answered count, action) of ideas answered in the last 12 months (any decision counts, not
    only adoption: a network that logs ideas and declines them learns too); grey while the log is empty, red
    long after the start."""
    if not network.has_ideas:  # before the end of `as_of`
        status, facts = idle(
            network,
            "learning",
            ngettext_lazy(
                "No idea recorded in the %(days)s day since the start.",
                "No idea recorded in the %(days)s days since the start.",
                "days",
            ),
        )
        return status, facts, None, "open_ideas"
    answered = network.ideas_answered  # in the last 12 months
    adopted = network.ideas_adopted
    facts = [
        ngettext(
            "%(count)s idea was answered in the last 12 months.",
            "%(count)s ideas were answered in the last 12 months.",
            answered,
        )
        % {"count": answered}
    ]
    if adopted:
        facts.append(
            ngettext(
                "%(count)s idea was adopted in the last 12 months: %(ideas)s.",
                "%(count)s ideas were adopted in the last 12 months: %(ideas)s.",
                len(adopted),
            )
            % {"count": len(adopted), "ideas": ", ".join(f"“{idea.title}”" for idea in adopted)}
        )
    return at_least(answered, "ideas_answered"), facts, answered, "answer_ideas"


@item(7, "learning", gettext_lazy("Goals reviewed, ideas used"))
def goals_reviewed_ideas_used(network, title):
    """Characteristic 7: the goal review is on schedule, and members' ideas are answered (last 12 months)."""
    review_status, review_facts, review_action = _review_part(network)
    ideas_status, ideas_facts, answered, ideas_action = _ideas_part(network)
    return HealthItem(
        7,
        "learning",
        title,
        worst(review_status, ideas_status),
        review_facts + ideas_facts,
        value=answered,
        unit=IDEAS_UNIT,
        causes=[(review_status, review_action), (ideas_status, ideas_action)],  # a tie: the review's action
    )


@extend("coordinator")
def idea_answer_time(network):
    """Item 5's second measure: the median days a member's idea (last 12 months) waited for its first answer.

    Ideas still unanswered count with the days they have waited so far; no ideas from members, no measure.
    """
    members = {membership.organisation_id for membership in network.members}  # a withdrawn member's ideas drop out
    waits = [
        answer_wait(created_at, answered_at, network.end)
        for organisation, created_at, answered_at in network.idea_answers  # the last 12 months'
        if organisation in members
    ]
    if not waits:
        return None
    days = round(median(wait for wait, _answered in waits), 1)
    waiting = sum(1 for _wait, answered in waits if not answered)
    facts = [
        ngettext(
            "Members' ideas in the last 12 months waited a median of %(days)s days for the coordinators' answer "
            "(%(count)s idea).",
            "Members' ideas in the last 12 months waited a median of %(days)s days for the coordinators' answer "
            "(%(count)s ideas).",
            len(waits),
        )
        % {"days": formats.number_format(days, 1), "count": len(waits)}
    ]
    if waiting:
        facts.append(
            ngettext(
                "%(count)s idea is still waiting for an answer.",
                "%(count)s ideas are still waiting for an answer.",
                waiting,
            )
            % {"count": waiting}
        )
    status = at_most(days, "idea_answer_days")
    return Contribution(status, facts, causes=[(status, "answer_ideas")])
