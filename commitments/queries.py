"""Commitments' public reads: what other apps (the landing pages, the to-dos) may ask of letters and rules.

Other apps use these, the services and the choices, never the model classes: the rules of who holds an
open request live here once.
"""

from datetime import timedelta

from django.db.models import Count, Max
from django.utils import timezone

from partners.models import Membership
from partners.queries import current_members

from .follow_through import tasks_of
from .models import (
    Letter,
    RequestStatus,
    RulesAcceptance,
    RulesRequest,
    RulesRequestStatus,
    SignatureRequest,
    SignerRole,
)


def memberships_with_letters(project):
    """The pks of the project's memberships that have a commitment letter (drafted, sent or signed)."""
    return set(Letter.objects.filter(membership__project=project).values_list("membership_id", flat=True))


# A signature request unanswered this long is overdue: the day its reminders escalate to the coordinators.
SIGNATURE_OVERDUE_DAYS = 14


def open_signature_requests_for(user, projects):
    """The signature requests waiting for `user` in `projects` (a queryset of project pks), soonest to expire
    first: as the letter's contact person, or sent to the user's address (a management signatory or deputy)."""
    # Two indexed routes joined by UNION: an OR across the contact join read every contact person (issue 24).
    open_requests = SignatureRequest.objects.filter(status=RequestStatus.SENT)
    as_contact = open_requests.filter(role=SignerRole.CONTACT, version__contact__user=user).order_by().values("pk")
    by_address = open_requests.filter(email__iexact=user.email).order_by().values("pk")
    return (
        SignatureRequest.objects.filter(pk__in=as_contact.union(by_address))
        .filter(version__letter__membership__project__in=projects)
        .select_related("version__letter__membership__project", "version__letter__membership__organisation")
        .order_by("expires_at", "pk")
    )


def open_rules_requests_for(user, projects):
    """The requests to accept a version of the network rules that wait for `user` in `projects`."""
    return (
        RulesRequest.objects.filter(contact__user=user, status=RulesRequestStatus.SENT)
        .filter(membership__project__in=projects)
        .select_related("membership__project", "rules")
        .order_by("expires_at", "pk")
    )


def overdue_signature_counts(project_pks, now):
    """[(project pk, number of signature requests unanswered for SIGNATURE_OVERDUE_DAYS or more)], one query."""
    return (
        SignatureRequest.objects.filter(
            version__letter__membership__project__in=list(project_pks),
            status=RequestStatus.SENT,
            sent_at__lte=now - timedelta(days=SIGNATURE_OVERDUE_DAYS),
        )
        .order_by()
        .values_list("version__letter__membership__project")
        .annotate(n=Count("pk"))
        .values_list("version__letter__membership__project", "n")
    )


def rules_missing(project, rules, today=None):
    """The current members who have not accepted `rules` (the version in force), each with `last_request_on`
    (the date the latest request to accept it was sent, or None) and `days_since_request`: the rules page
    lists them with a "Send again" button each (docs/health.md, item 1). Three queries."""
    today = today or timezone.localdate()
    members = list(current_members(project, today).select_related("organisation").order_by("organisation__name"))
    accepted = set(
        RulesAcceptance.objects.filter(rules=rules, membership__in=[m.pk for m in members]).values_list(
            "membership_id", flat=True
        )
    )
    missing = [m for m in members if m.pk not in accepted]
    last = dict(
        RulesRequest.objects.filter(rules=rules, membership__in=[m.pk for m in missing])
        .values_list("membership_id")
        .annotate(last=Max("sent_at"))
        .order_by()
    )
    for membership in missing:
        sent = last.get(membership.pk)
        membership.last_request_on = timezone.localdate(sent) if sent else None
        membership.days_since_request = (today - membership.last_request_on).days if sent else None
    return missing


# A letter task shows on its member's contacts' to-dos this many days before its deadline (and when late).
TASK_TODO_DAYS = 14


def tasks_to_update_for(user, projects, today=None):
    """[(membership, task)]: the tasks in force of the letters of the user's organisations in `projects` (a
    queryset of project pks) that are neither done nor dropped and whose deadline is near or past, each with
    `progress` and `late`. Constant queries, whatever the number of projects."""
    today = today or timezone.localdate()
    memberships = (
        Membership.objects.current()
        .filter(project__in=projects, organisation__contacts__user=user)
        .select_related("project", "organisation")
        .distinct()
    )
    return [
        (membership, task)
        for membership, task in tasks_of(memberships, today)
        if not task.progress.is_closed and task.deadline and task.deadline <= today + timedelta(days=TASK_TODO_DAYS)
    ]
