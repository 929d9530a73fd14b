"""The commitment overview: members against rules accepted, contact signed, management signed, state."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from partners.models import Membership

from .models import (
    LetterVersion,
    NetworkRules,
    RequestStatus,
    RulesAcceptance,
    SignatureRequest,
    SignerRole,
    VersionStatus,
)


@dataclass
class MemberRow:
    membership: Membership
    version: LetterVersion | None
    draft: LetterVersion | None
    rules_accepted: bool
    contact_signed_at: object
    management_signed_at: object
    committed_at_application: bool

    @property
    def state(self):
        return self.version.get_status_display() if self.version else None


def member_rows(project, rules):
    """One row per current member, in a constant number of queries."""
    requests = SignatureRequest.objects.filter(status=RequestStatus.SIGNED).select_related("signature")
    memberships = (
        Membership.objects.current()
        .filter(project=project)
        .with_organisation()
        .prefetch_related(
            Prefetch(
                "letter__versions",
                queryset=LetterVersion.objects.order_by("-number").prefetch_related(
                    Prefetch("requests", queryset=requests, to_attr="signed_requests")
                ),
            ),
            Prefetch(
                "rules_acceptances",
                queryset=RulesAcceptance.objects.filter(rules=rules) if rules else RulesAcceptance.objects.none(),
                to_attr="current_rules_acceptances",
            ),
        )
    )
    rows = []
    for membership in memberships:
        letter = getattr(membership, "letter", None) if _has_letter(membership) else None
        versions = list(letter.versions.all()) if letter else []
        sent = next((v for v in versions if v.status != VersionStatus.DRAFT), None)
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        signed_at = {r.role: r.signature.signed_at for r in (sent.signed_requests if sent else [])}
        both = sent is not None and sent.status == VersionStatus.SIGNED
        rows.append(
            MemberRow(
                membership=membership,
                version=sent,
                draft=draft,
                rules_accepted=bool(membership.current_rules_acceptances),
                contact_signed_at=signed_at.get(SignerRole.CONTACT),
                management_signed_at=signed_at.get(SignerRole.MANAGEMENT),
                committed_at_application=both
                and max(timezone.localdate(moment) for moment in signed_at.values()) <= project.application_date,
            )
        )
    return rows


def _has_letter(membership):
    try:
        membership.letter  # noqa: B018 - the reverse one-to-one raises when there is none
    except Membership.letter.RelatedObjectDoesNotExist:
        return False
    return True


def counts(rows):
    return {
        "members": len(rows),
        "rules_accepted": sum(row.rules_accepted for row in rows),
        "contact_signed": sum(row.contact_signed_at is not None for row in rows),
        "management_signed": sum(row.management_signed_at is not None for row in rows),
        "signed": sum(row.version is not None and row.version.status == VersionStatus.SIGNED for row in rows),
        "awaiting": sum(
            row.version is not None and row.version.status in (VersionStatus.SENT, VersionStatus.PARTIALLY_SIGNED)
            for row in rows
        ),
        "not_sent": sum(row.version is None for row in rows),
        "committed_at_application": sum(row.committed_at_application for row in rows),
    }


def dashboard_summary(project):
    rules = NetworkRules.objects.current_for(project)
    return {"rules": rules, "counts": counts(member_rows(project, rules))}
