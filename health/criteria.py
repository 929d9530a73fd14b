"""A programme's criteria in words (issue 22, "per-programme criteria"; docs/health.md "Which items a programme
scores"): the items it scores and the thresholds it sets otherwise than the defaults. The project panel, the
funder's project card and OPH's overview say which criteria apply with these.

The thresholds' names (settings.HEALTH_THRESHOLDS) are read here as words: the admin's programme form
(health.admin) labels its number fields with them too.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networkhub.numbers import count
from projects.models import unscored_items

from .overview import columns, format_value

# Each threshold of settings.HEALTH_THRESHOLDS: the item it belongs to and what it measures.
THRESHOLDS = {
    "rules_accepted": ("rules", _("members who accepted the rules in force, %")),
    "committed_at_application": ("application", _("letters signed by the application date, %")),
    "tasks_defined": ("tasks", _("letters whose tasks have a responsible person and a deadline, %")),
    "management_signed": ("management", _("letters with the management's signature, %")),
    "coordinator_actions": ("coordinator", _("coordinators' actions in the last 30 days")),
    "idea_answer_days": ("coordinator", _("median days an idea waits for an answer")),
    "lead_ties": ("coordinator", _("other members the lead organisation is tied to, %")),
    "meeting_days": ("meetings", _("days since the last meeting")),
    "meeting_regularity": ("meetings", _("last year's meetings against the cadence, %")),
    "review_overdue_days": ("learning", _("days the goal review is overdue")),
    "ideas_answered": ("learning", _("ideas answered in the last 12 months")),
    "pulse_average": ("trust", _("trust average on 1–5")),
    "pulse_response": ("trust", _("answers to the latest pulse round, %")),
    "expertise_profiles": ("expertise", _("members with an expertise profile, %")),
    "contacts_shared": ("expertise", _("contacts who share their details, %")),
    "partner_attendance": ("partners", _("business and foreign partners present, %")),
    "outputs_disseminated": ("dissemination", _("outputs disseminated, %")),
    "new_to_international": ("new_to_international", _("members new to international activity, %")),
}


def threshold_title(name):
    """A threshold's words, e.g. "6. days since the last meeting"; its name if unknown."""
    numbers = {column.key: column.number for column in columns()}
    item, title = THRESHOLDS.get(name, ("", name))
    return f"{numbers[item]}. {title}" if item in numbers else str(title)


def number(value):
    """A threshold as people read it: whole numbers grouped (networkhub.numbers), others with one decimal."""
    return count(value) if float(value).is_integer() else format_value(value)


@dataclass
class Criteria:
    """What a programme scores: its name, the items it does not score and the thresholds it sets otherwise."""

    programme: str
    items: int  # how many items the panel has
    unscored: list = field(default_factory=list)  # [Column]
    thresholds: list = field(default_factory=list)  # [(threshold words, green, amber)] that differ

    @property
    def text(self):
        """One sentence, e.g. "Criteria of the programme X: items 1–12 scored except 12. Members new to
        international activity; thresholds as by default." """
        if self.unscored:
            scored = gettext("items 1–%(last)s scored except %(items)s") % {
                "last": self.items,
                "items": ", ".join(f"{column.number}. {column.title}" for column in self.unscored),
            }
        else:
            scored = gettext("all items 1–%(last)s scored") % {"last": self.items}
        if self.thresholds:
            limits = gettext("thresholds that differ from the defaults: %(thresholds)s") % {
                "thresholds": "; ".join(
                    gettext("%(threshold)s green %(green)s, amber %(amber)s")
                    % {"threshold": title, "green": green, "amber": amber}
                    for title, green, amber in self.thresholds
                )
            }
        else:
            limits = gettext("thresholds as by default")
        return gettext("Criteria of the programme %(programme)s: %(scored)s; %(limits)s.") % {
            "programme": self.programme,
            "scored": scored,
            "limits": limits,
        }


def criteria(programme):
    """The `Criteria` of a programme (projects.Programme) in the active language."""
    health_settings = programme.health_settings or {}
    off = unscored_items(health_settings)
    cols = columns()
    differing = []
    for name, override in (health_settings.get("thresholds") or {}).items():
        default = settings.HEALTH_THRESHOLDS.get(name, {})
        limits = {**default, **override}
        if limits != default:
            differing.append((threshold_title(name), number(limits["green"]), number(limits["amber"])))
    return Criteria(
        programme=str(programme),
        items=len(cols),
        unscored=[column for column in cols if column.key in off],
        thresholds=differing,
    )


@dataclass
class ProgrammeItems:
    """A programme and the items it does not score ([Column]), for OPH's overview."""

    programme: object
    unscored: list


def unscored_by_programme(programmes):
    """[ProgrammeItems] for the distinct `programmes` (those of the projects the overview shows), by name: which
    items each does not score. No query: the programmes come with their projects."""
    cols = columns()
    distinct = {programme.pk: programme for programme in programmes}
    return [
        ProgrammeItems(programme, [column for column in cols if column.key in programme.unscored_items])
        for programme in sorted(distinct.values(), key=lambda programme: str(programme).casefold())
    ]
