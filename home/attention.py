"""The coordinator's landing page: what needs attention across the projects they coordinate.

Each entry names the project, says what is wrong in words and links to the page that fixes it. The
health items come from the latest stored snapshots (health.queries.red_items) with the next action each item
stored (its worst cause's, as on the panel), never from a panel
computed per project; everything else is one aggregated query per kind over all the projects at once,
so the page costs the same number of queries for 2 projects as for 200.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.queries import SIGNATURE_OVERDUE_DAYS, overdue_signature_counts
from health import queries as health
from meetings.queries import overdue_action_items, unanswered_invitations_within
from networkhub.dates import short_date
from partners.queries import not_yet_joined
from projects.models import ProjectStatus
from reports.deadlines import deadline_states, overdue_text

# Meeting invitations still unanswered when the meeting is this close.
MEETING_ANSWER_DAYS = 14

# A report deadline this close is urgent; further away it is shown as information.
REPORT_SOON_DAYS = 30


@dataclass
class Entry:
    project: object
    text: str
    url: str
    link_text: str
    urgent: bool = True  # red and overdue things; the next deadline is information


def needs_attention(projects, today=None):
    """The entries for `projects` (a list of Project rows annotated by `Project.objects.with_latest_review()`),
    the urgent ones first, each group in the projects' order."""
    today = today or timezone.localdate()
    now = timezone.now()
    by_pk = {project.pk: project for project in projects}
    if not by_pk:
        return []
    entries = []
    entries += _red_items(by_pk)
    entries += _overdue_signatures(by_pk, now)
    entries += _unanswered_invitations(by_pk, now)
    entries += _overdue_actions(by_pk, today)
    entries += _overdue_reviews(projects, today)
    entries += _report_deadlines(projects, today)
    order = {pk: index for index, pk in enumerate(by_pk)}
    return sorted(entries, key=lambda entry: (not entry.urgent, order[entry.project.pk]))


def _red_items(by_pk):
    # The red items of each project's latest daily statuses (health.daily), one query.
    titles = health.titles()
    entries = []
    for project_pk, key, taken_on, action in health.red_items(by_pk):
        project = by_pk[project_pk]
        title = titles.get(key, key)
        # The item's own next action, stored with its status (its worst cause's); rows stored before actions
        # were, the project home, where the panel shows it.
        label, url = action or (_("Fix it"), reverse("home:project", args=[project.pk]))
        entries.append(
            Entry(
                project,
                _("Network health: “%(item)s” is red (as of %(date)s).")
                % {"item": title, "date": short_date(taken_on)},
                url,
                label,
            )
        )
    return entries


def _counted(queryset, project_field):
    return queryset.order_by().values_list(project_field).annotate(n=Count("pk")).values_list(project_field, "n")


def _overdue_signatures(by_pk, now):
    return [
        Entry(
            by_pk[project_pk],
            ngettext(
                "%(count)s signature request has waited more than %(days)s days.",
                "%(count)s signature requests have waited more than %(days)s days.",
                count,
            )
            % {"count": count, "days": SIGNATURE_OVERDUE_DAYS},
            reverse("commitments:overview", args=[project_pk]),
            _("See the letters"),
        )
        for project_pk, count in overdue_signature_counts(by_pk, now)
    ]


def _unanswered_invitations(by_pk, now):
    invited = not_yet_joined(timezone.localdate(now)).filter(project__in=list(by_pk))
    entries = [
        Entry(
            by_pk[project_pk],
            ngettext(
                "%(count)s invited organisation has not joined yet.",
                "%(count)s invited organisations have not joined yet.",
                count,
            )
            % {"count": count},
            reverse("partners:list", args=[project_pk]),
            _("See the members"),
        )
        for project_pk, count in _counted(invited, "project")
    ]
    pending = unanswered_invitations_within(list(by_pk), now=now, days=MEETING_ANSWER_DAYS)
    for project_pk, count in _counted(pending, "meeting__project"):
        entries.append(
            Entry(
                by_pk[project_pk],
                ngettext(
                    "%(count)s meeting invitation for the next %(days)s days is unanswered.",
                    "%(count)s meeting invitations for the next %(days)s days are unanswered.",
                    count,
                )
                % {"count": count, "days": MEETING_ANSWER_DAYS},
                reverse("meetings:list", args=[project_pk]),
                _("See the meetings"),
            )
        )
    return entries


def _overdue_actions(by_pk, today):
    overdue = overdue_action_items(list(by_pk), today)
    return [
        Entry(
            by_pk[project_pk],
            ngettext("%(count)s action item is overdue.", "%(count)s action items are overdue.", count)
            % {"count": count},
            reverse("meetings:actions", args=[project_pk]),
            _("See the action items"),
        )
        for project_pk, count in _counted(overdue, "project")
    ]


def _overdue_reviews(projects, today):
    return [
        Entry(
            project,
            _("The goal review was due on %(date)s.") % {"date": short_date(project.next_review_due)},
            reverse("goals:review_create", args=[project.pk]),
            _("Record a goal review"),
        )
        for project in projects
        if project.status == ProjectStatus.ACTIVE
        and project.next_review_due < today
        and project.next_review_due <= project.end_date
    ]


def _report_deadlines(projects, today):
    """Each overdue report (urgent), and otherwise the next deadline (urgent when close): never a later
    deadline while an earlier one is overdue."""
    entries = []
    states = deadline_states(projects, today)
    for project in projects:
        state = states[project.pk]
        for row in state.overdue:
            entries.append(
                Entry(project, overdue_text(row), reverse("reports:list", args=[project.pk]), _("Write the report"))
            )
        if state.overdue or state.next is None:
            continue
        due = state.next["due_date"]
        entries.append(
            Entry(
                project,
                _("Next report: %(report)s, due on %(date)s.")
                % {"report": state.next["label"], "date": short_date(due)},
                reverse("reports:list", args=[project.pk]),
                _("See the reports"),
                urgent=(due - today).days <= REPORT_SOON_DAYS,
            )
        )
    return entries
