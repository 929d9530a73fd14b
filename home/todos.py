"""A partner contact's landing page: their own to-dos across the projects their organisations are members of.

Letters to sign, rules to accept, meetings and time polls to answer, action items they own, and their
organisation's expertise profile when it is empty. One query per kind over all the user's projects, so
the page costs the same at 2 projects as at 200. Only projects the user may see count
(`partners.access.visible_projects`: current members' contacts).
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.queries import open_rules_requests_for, open_signature_requests_for, tasks_to_update_for
from meetings.queries import open_action_items_of, unanswered_invitations_of, unanswered_polls_of
from networkhub.dates import local_date, short_date
from partners.access import visible_projects
from partners.models import Membership
from pulse.queries import open_surveys_for


@dataclass
class Todo:
    project: object
    text: str
    url: str
    link_text: str
    due: object = None  # a date or datetime to sort by; None last


def todos(user):
    """The user's to-dos, the ones with the nearest date first."""
    projects = visible_projects(user).values("pk")
    items = []
    items += _letters(user, projects)
    items += _rules(user, projects)
    items += _meetings(user, projects)
    items += _polls(user, projects)
    items += _actions(user, projects)
    items += _tasks(user, projects)
    items += _pulse(user, projects)
    items += _profiles(user, projects)
    return sorted(items, key=lambda todo: (todo.due is None, local_date(todo.due), todo.project.acronym))


def _letters(user, projects):
    requests = open_signature_requests_for(user, projects)
    result = []
    for request in requests:
        membership = request.version.letter.membership
        text = _("Sign the commitment letter of %(organisation)s: the link was e-mailed to you on %(date)s.") % {
            "organisation": membership.organisation.name,
            "date": short_date(request.sent_at or request.version.sent_at or timezone.now()),
        }
        result.append(
            Todo(
                membership.project,
                text,
                reverse("commitments:letter_sign_own", args=[membership.project_id, membership.pk]),
                _("Read and sign the letter"),
                request.expires_at,
            )
        )
    return result


def _rules(user, projects):
    requests = open_rules_requests_for(user, projects)
    return [
        Todo(
            request.membership.project,
            _("Accept version %(number)s of the network rules: the link was e-mailed to you.")
            % {"number": request.rules.number},
            reverse("commitments:rules_accept_own", args=[request.membership.project_id]),
            _("Read and accept the rules"),
            request.expires_at,
        )
        for request in requests
    ]


def _meetings(user, projects):
    invitations = unanswered_invitations_of(user, projects)
    return [
        Todo(
            invitation.meeting.project,
            _("Answer the invitation to “%(meeting)s” on %(date)s.")
            % {"meeting": invitation.meeting.title, "date": short_date(invitation.meeting.start)},
            reverse("meetings:detail", args=[invitation.meeting.project_id, invitation.meeting_id]),
            _("Answer"),
            invitation.meeting.start,
        )
        for invitation in invitations
    ]


def _polls(user, projects):
    invitees = unanswered_polls_of(user, projects)
    return [
        Todo(
            invitee.poll.project,
            _("Mark the times you can attend in the poll “%(poll)s” by %(date)s.")
            % {"poll": invitee.poll.title, "date": short_date(invitee.poll.deadline)},
            reverse("meetings:poll_detail", args=[invitee.poll.project_id, invitee.poll_id]),
            _("Answer the poll"),
            invitee.poll.deadline,
        )
        for invitee in invitees
    ]


def _actions(user, projects):
    items = open_action_items_of(user, projects)
    result = []
    for action in items:
        if action.due_date and action.due_date < timezone.localdate():
            text = _("Your action item “%(action)s” was due on %(date)s.")
        elif action.due_date:
            text = _("Your action item “%(action)s” is due on %(date)s.")
        else:
            text = _("Your action item “%(action)s” has no due date.")
        date = short_date(action.due_date) if action.due_date else ""
        result.append(
            Todo(
                action.project,
                text % {"action": action.title, "date": date},
                reverse("meetings:actions", args=[action.project_id]) + f"#action-{action.pk}",
                _("Mark it done"),
                action.due_date,
            )
        )
    return result


def _tasks(user, projects):
    """The letter tasks of the user's organisations that are late or due soon and not yet done or dropped."""
    result = []
    for membership, task in tasks_to_update_for(user, projects):
        if task.late:
            text = _("The task “%(task)s” of %(organisation)s was due on %(date)s: is it done?")
        else:
            text = _("The task “%(task)s” of %(organisation)s is due on %(date)s.")
        result.append(
            Todo(
                membership.project,
                text
                % {"task": task.title, "organisation": membership.organisation.name, "date": short_date(task.deadline)},
                reverse("commitments:letter_tasks", args=[membership.project_id, membership.pk])
                + f"#task-{task.thread}",
                _("Update the task"),
                task.deadline,
            )
        )
    return result


def _pulse(user, projects):
    """The open trust pulse surveys the user has not answered: anonymous, a few minutes each."""
    return [
        Todo(
            recipient.round.project,
            _("Answer the anonymous trust pulse survey %(round)s by %(date)s.")
            % {"round": recipient.round.label, "date": short_date(recipient.round.closes_on)},
            reverse("pulse:answer_own", args=[recipient.round.project_id]),
            _("Answer the survey"),
            recipient.round.closes_on,
        )
        for recipient in open_surveys_for(user, projects, timezone.localdate())
    ]


def _profiles(user, projects):
    """The user's organisations whose expertise profile is missing or says nothing, once per organisation."""
    memberships = (
        Membership.objects.current()
        .filter(project__in=projects, organisation__contacts__user=user)
        .filter(
            Q(organisation__expertise__isnull=True)
            | Q(organisation__expertise__description="", organisation__expertise__tags__isnull=True)
        )
        .select_related("project", "organisation")
        .order_by("organisation__name", "project__acronym", "pk")
        .distinct()
    )
    seen, result = set(), []
    for membership in memberships:
        if membership.organisation_id in seen:
            continue
        seen.add(membership.organisation_id)
        result.append(
            Todo(
                membership.project,
                _("Describe the expertise of %(organisation)s, so that the network can find it in the directory.")
                % {"organisation": membership.organisation.name},
                reverse("partners:profile_edit", args=[membership.project_id, membership.pk]),
                _("Describe the expertise"),
            )
        )
    return result
