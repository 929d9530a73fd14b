"""Where each member stands with its commitment letter, and the commitment overview built on it.

`commitment_state()` is the one rule for a member's commitment state (not sent, sent, partially
signed, signed, declined, expired, revoked): the commitment overview, the member list (through
`partners.queries.with_commitment_states`), the network-health panel and the status report all
ask it, so they agree. It can also answer for a past date: what the letter's state was then.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networkhub.dates import start_of_day_after
from partners.models import Membership
from partners.queries import current_members

from .amendments import tasks_in_force
from .models import (
    LetterAmendment,
    LetterVersion,
    NetworkRules,
    RulesAcceptance,
    SignatureRequest,
    SignerRole,
    Task,
    VersionStatus,
)


class CommitmentState(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent")
    SENT = "sent", _("Sent")
    PARTIALLY_SIGNED = "partially_signed", _("Partially signed")
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


_CLOSED = {
    VersionStatus.DECLINED: CommitmentState.DECLINED,
    VersionStatus.EXPIRED: CommitmentState.EXPIRED,
    VersionStatus.REVOKED: CommitmentState.REVOKED,
}


@dataclass
class Commitment:
    """A member's commitment at one moment: the letter version in force then and its signatures."""

    state: CommitmentState
    version: LetterVersion | None = None
    contact_signed_at: datetime | None = None
    management_signed_at: datetime | None = None
    moment: datetime | None = None

    @property
    def tasks(self):
        """The version's tasks with the amendments acknowledged by then applied (see commitments.amendments).

        Loaded with `commitments_for(..., tasks=True)`; empty without a version."""
        if self.version is None:
            return []
        return tasks_in_force(self.version.tasks.all(), self.version.amendments.all(), self.moment)

    @property
    def label(self):
        return self.state.label

    @property
    def is_signed(self):
        return self.state == CommitmentState.SIGNED

    @property
    def signed_at(self):
        """When the second signature made the letter binding."""
        if not self.is_signed:
            return None
        return max(self.contact_signed_at, self.management_signed_at)


def commitment_state(versions, as_of=None):
    """The commitment a letter's versions show on `as_of` (a date or an instant; default: now).

    The version in force is the latest one sent by then. Its signatures count if they were made by
    then and not yet voided by a newer version; both make it signed, one partially signed. A version
    declined, expired or revoked by then shows that. `versions` carry their requests with their
    signatures (see `letter_versions_prefetch`).
    """
    moment = start_of_day_after(as_of) if isinstance(as_of, date) and not isinstance(as_of, datetime) else as_of
    moment = moment or timezone.now()
    sent = [v for v in versions if v.status != VersionStatus.DRAFT and v.sent_at and v.sent_at < moment]
    if not sent:
        return Commitment(CommitmentState.NOT_SENT)
    version = max(sent, key=lambda v: v.number)
    signed_at = {}
    for request in version.requests.all():
        signature = getattr(request, "signature", None)
        if signature is None or signature.signed_at >= moment:
            continue
        if signature.voided_at is not None and signature.voided_at < moment:
            continue
        signed_at[request.role] = min(signature.signed_at, signed_at.get(request.role, signature.signed_at))
    commitment = Commitment(
        CommitmentState.SENT,
        version,
        contact_signed_at=signed_at.get(SignerRole.CONTACT),
        management_signed_at=signed_at.get(SignerRole.MANAGEMENT),
        moment=moment,
    )
    if len(signed_at) == len(SignerRole.values):
        commitment.state = CommitmentState.SIGNED
    elif version.status in _CLOSED and version.closed_at and version.closed_at < moment:
        commitment.state = _CLOSED[version.status]
    elif signed_at:
        commitment.state = CommitmentState.PARTIALLY_SIGNED
    return commitment


def letter_versions_prefetch(*, tasks=False):
    """Prefetch for memberships: each letter's versions with their requests, signatures (and tasks)."""
    versions = LetterVersion.objects.order_by("-number").prefetch_related(
        Prefetch("requests", queryset=SignatureRequest.objects.select_related("signature"))
    )
    if tasks:
        versions = versions.prefetch_related(
            Prefetch("tasks", queryset=Task.objects.select_related("responsible").order_by("order", "pk")),
            Prefetch("amendments", queryset=LetterAmendment.objects.acknowledged()),
        )
    return Prefetch("letter__versions", queryset=versions)


def letter_versions(membership):
    """The prefetched versions of a membership's letter; none if it has no letter."""
    try:
        letter = membership.letter
    except Membership.letter.RelatedObjectDoesNotExist:
        return []
    return list(letter.versions.all())


def load_letters(memberships, *, tasks=False):
    """Give the membership instances their letters' versions (with tasks): three (five) queries whatever their
    number. Instances that carry them already are skipped (Django's prefetch does not fetch twice), so a page that
    loads its members' letters once with the panel's (health.batch) reads them from there in `commitments_for`,
    `state_labels` and `dashboard_summary`. The same membership may come as several instances: each gets them."""
    prefetch_related_objects(list(memberships), letter_versions_prefetch(tasks=tasks))


def commitments_for(memberships, as_of=None, *, tasks=False):
    """{membership pk: Commitment} for memberships, in three (five with tasks) queries whatever their number, none
    if their letters are loaded already (`load_letters`)."""
    memberships = list(memberships)
    load_letters(memberships, tasks=tasks)
    return {membership.pk: commitment_state(letter_versions(membership), as_of) for membership in memberships}


def state_labels(memberships):
    """{membership pk: today's CommitmentState (a choices member: value and label)}: what the member list shows."""
    return {pk: commitment.state for pk, commitment in commitments_for(memberships).items()}


@dataclass
class MemberRow:
    membership: Membership
    commitment: Commitment
    draft: LetterVersion | None
    rules_accepted: bool
    committed_at_application: bool
    is_member: bool = True  # False: invited, letters may go to it, but it has not joined and is not counted

    @property
    def version(self):
        return self.commitment.version

    @property
    def contact_signed_at(self):
        return self.commitment.contact_signed_at

    @property
    def management_signed_at(self):
        return self.commitment.management_signed_at

    @property
    def state(self):
        return self.commitment.label


def member_rows(project, rules, memberships=None, as_of=None, *, loaded=None):
    """One row per member (default: every member not withdrawn, invited ones too), in constant queries.

    With `as_of` (a date), each row is as it stood at the end of that day: the letter's state then
    and the rules accepted by then (the status report uses its period's end).

    `loaded` is the default's members as a page loaded them already, a list of memberships not withdrawn (with
    their organisations, and their letters if `load_letters` gave them) and the set of pks of those that are
    current members (`current_members`): the rows are then built from them, and letters already loaded are not
    read again.
    """
    members = None
    if loaded is not None:
        memberships, members = loaded
    elif memberships is None:
        memberships = Membership.objects.current().filter(project=project)
        members = set(current_members(project, as_of).values_list("pk", flat=True))
    acceptances = RulesAcceptance.objects.filter(rules=rules) if rules else RulesAcceptance.objects.none()
    if as_of is not None:
        acceptances = acceptances.filter(accepted_at__lt=start_of_day_after(as_of))
    lookups = (
        letter_versions_prefetch(),
        Prefetch("rules_acceptances", queryset=acceptances, to_attr="current_rules_acceptances"),
    )
    if loaded is not None:
        prefetch_related_objects(memberships, *lookups)
    else:
        memberships = memberships.with_organisation().prefetch_related(*lookups)
    rows = []
    for membership in memberships:
        versions = letter_versions(membership)
        rows.append(
            MemberRow(
                membership=membership,
                commitment=commitment_state(versions, as_of),
                draft=next((v for v in versions if v.status == VersionStatus.DRAFT), None),
                rules_accepted=bool(membership.current_rules_acceptances),
                committed_at_application=commitment_state(versions, project.application_date).is_signed,
                is_member=members is None or membership.pk in members,
            )
        )
    return rows


def counts(rows):
    """The figures over current members only (partners.queries.current_members), as the panel and report count."""
    rows = [row for row in rows if row.is_member]
    return {
        "members": len(rows),
        "rules_accepted": sum(row.rules_accepted for row in rows),
        "contact_signed": sum(row.contact_signed_at is not None for row in rows),
        "management_signed": sum(row.management_signed_at is not None for row in rows),
        "signed": sum(row.commitment.state == CommitmentState.SIGNED for row in rows),
        "awaiting": sum(
            row.commitment.state in (CommitmentState.SENT, CommitmentState.PARTIALLY_SIGNED) for row in rows
        ),
        "not_sent": sum(row.commitment.state == CommitmentState.NOT_SENT for row in rows),
        "committed_at_application": sum(row.committed_at_application for row in rows),
    }


def dashboard_summary(project, loaded=None):
    """The project home's commitment figures; `loaded` as in `member_rows` (the page's members, read once)."""
    rules = NetworkRules.objects.current_for(project)
    return {"rules": rules, "counts": counts(member_rows(project, rules, loaded=loaded))}
