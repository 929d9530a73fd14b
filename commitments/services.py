"""Every state change of rules, letters and signatures: one function per transition.

Each locks the letter row, checks the state, writes the change and records it: a letter's changes
with `evidence.record` (its hash-chained event and the audit event in one call), the rest with
`audit.record`. E-mails are queued as Celery tasks that run after the transaction commits.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from networkhub import audit, outbox, tokens
from networkhub.dates import short_date, start_of_day
from networkhub.errors import ServiceError
from partners.models import ContactPerson, Membership, MembershipStatus

from . import consent, evidence, identification, reminders
from .models import (
    OPEN_STATUSES,
    AmendmentStatus,
    CommitmentSettings,
    EventKind,
    Letter,
    LetterAmendment,
    LetterVersion,
    NetworkRules,
    PaperSignature,
    RequestStatus,
    RulesAcceptance,
    RulesRequest,
    RulesRequestStatus,
    RulesStatus,
    Signature,
    SignatureRequest,
    SignerRole,
    SigningOrder,
    Task,
    TaskNote,
    TaskProgress,
    TaskStatus,
    TokenPurpose,
    VersionStatus,
)
from .tasks import (
    notify_declined,
    notify_letter_signed,
    send_amendment_request,
    send_rules_request,
    send_signature_request,
)


class CommitmentError(ServiceError):
    """A change to rules, a letter or a signature was refused."""


class IdentificationRequired(CommitmentError):
    """A signature needs a (matching) strong identification first."""


def signing_settings(project):
    """The project's signing settings; the defaults, unsaved, until a coordinator saves them."""
    return CommitmentSettings.objects.filter(project=project).first() or CommitmentSettings(project=project)


@transaction.atomic
def save_signing_settings(project, *, signing_order, actor, strong_identification=None):
    defaults = {"signing_order": signing_order}
    if strong_identification is not None:
        defaults["strong_identification"] = strong_identification
    saved, _created = CommitmentSettings.objects.update_or_create(project=project, defaults=defaults)
    audit.record(
        "commitments.settings_saved",
        actor=actor,
        project=project,
        target=saved,
        signing_order=signing_order,
        strong_identification=saved.strong_identification,
    )
    return saved


def needs_strong_identification(request):
    """Whether this signature request's signer must identify strongly before signing."""
    if request.role != SignerRole.MANAGEMENT:
        return False
    project_id = request.version.letter.membership.project_id
    return CommitmentSettings.objects.filter(project_id=project_id, strong_identification=True).exists()


# --- Network rules -------------------------------------------------------------------------


@transaction.atomic
def save_rules_draft(project, body, *, actor):
    draft = NetworkRules.objects.filter(project=project, status=RulesStatus.DRAFT).first()
    if draft is None:
        latest = NetworkRules.objects.filter(project=project).order_by("-number").first()
        draft = NetworkRules(project=project, number=(latest.number + 1) if latest else 1)
    draft.body = body
    draft.save()
    audit.record("rules.draft_saved", actor=actor, project=project, target=draft, number=draft.number)
    return draft


@transaction.atomic
def publish_rules(rules, *, actor):
    """Publish a rules draft; every member who accepted an older version is asked to accept again."""
    rules = NetworkRules.objects.select_for_update().get(pk=rules.pk)
    if rules.status != RulesStatus.DRAFT:
        raise CommitmentError(_("These rules are already published."))
    NetworkRules.objects.filter(pk=rules.pk).update(
        status=RulesStatus.PUBLISHED,
        published_at=timezone.now(),
        published_by=actor,
        body_hash=evidence.rules_hash(rules),
    )
    rules.refresh_from_db()
    audit.record("rules.published", actor=actor, project=rules.project, target=rules, number=rules.number)
    for membership in _accepted_earlier(rules):
        request_rules_acceptance(membership, rules, actor=actor)
    return rules


def _accepted_earlier(rules):
    earlier = RulesAcceptance.objects.filter(membership__project=rules.project, rules__number__lt=rules.number)
    return Membership.objects.current().filter(pk__in=earlier.values("membership_id"))


def rules_publish_recipients(rules):
    """Who is asked by e-mail to accept `rules` once published: the signing contact of each current member who
    accepted an earlier version (the confirmation page counts them)."""
    return [contact for contact in map(_signing_contact, _accepted_earlier(rules)) if contact is not None]


def request_rules_acceptance(membership, rules, *, actor):
    contact = _signing_contact(membership)
    if contact is None:
        return None
    RulesRequest.objects.filter(membership=membership, status=RulesRequestStatus.SENT).update(
        status=RulesRequestStatus.REVOKED
    )
    request = RulesRequest.objects.create(
        membership=membership,
        rules=rules,
        contact=contact,
        expires_at=timezone.now() + timedelta(days=settings.LINK_TOKEN_TTL_DAYS["signature"]),
    )
    audit.record("rules.acceptance_requested", actor=actor, project=membership.project, target=request)
    outbox.enqueue(send_rules_request, request.pk, project=membership.project, kind="rules_request")
    return request


@transaction.atomic
def resend_rules_request(membership, *, actor):
    """Ask one member again to accept the rules in force (the rules page's "Send again"): a fresh request
    replaces the open one. Refused when the member has accepted them already or there is nobody to ask."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    rules = NetworkRules.objects.current_for(membership.project)
    if rules is None:
        raise CommitmentError(_("The network has no published rules."))
    if RulesAcceptance.objects.filter(membership=membership, rules=rules).exists():
        raise CommitmentError(_("This member has already accepted the rules in force."))
    request = request_rules_acceptance(membership, rules, actor=actor)
    if request is None:
        raise CommitmentError(_("The member has no contact person to ask."))
    return request


def _signing_contact(membership):
    latest = LetterVersion.objects.filter(letter__membership=membership).exclude(status=VersionStatus.DRAFT).first()
    if latest is not None:
        return latest.contact
    return (
        ContactPerson.objects.visible_to(membership.project_id)
        .filter(organisation=membership.organisation_id)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def accept_rules(rules_request, link, *, name, title, ip_address, user_agent):
    request = (
        RulesRequest.objects.select_for_update()
        .select_related("membership__project", "rules", "contact")
        .get(pk=rules_request.pk)
    )
    if request.status != RulesRequestStatus.SENT:
        raise tokens.TokenInvalid("used")
    tokens.consume(link)
    request.status = RulesRequestStatus.ACCEPTED
    request.save(update_fields=["status"])
    acceptance, _created = RulesAcceptance.objects.get_or_create(
        membership=request.membership,
        rules=request.rules,
        defaults={
            "accepted_by": name,
            "accepted_by_title": title,
            "email": request.contact.email,
            "ip_address": ip_address,
            "user_agent": user_agent[:500],
            "consent_version": consent.CURRENT_VERSION,
            "accepted_at": timezone.now(),
        },
    )
    letter = Letter.objects.filter(membership=request.membership).select_for_update().first()
    evidence.record(
        letter,
        EventKind.RULES_ACCEPTED,
        actor=f"{name} <{request.contact.email}>",
        project=request.membership.project,
        target=acceptance,
        rules=request.rules.number,
        ip=ip_address,
    )
    return acceptance


# --- Drafting letters ----------------------------------------------------------------------


def latest_version(letter):
    return letter.versions.order_by("-number").first()


@transaction.atomic
def save_draft(membership, version, *, actor, tasks=None):
    """Save a draft letter version and, given the task formset, its tasks; the letter is made on first save.

    The letter row is locked first, so a draft sent in the meantime is never written over.
    """
    project = membership.project
    letter, _created = Letter.objects.get_or_create(membership=membership)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if version.pk is None:
        if letter.versions.filter(status=VersionStatus.DRAFT).exists():
            raise CommitmentError(_("This letter already has a draft."))
        previous = latest_version(letter)
        version.letter = letter
        version.number = previous.number + 1 if previous else 1
        version.created_by = actor
        version.signing_order = signing_settings(project).signing_order
        version.save()
        _save_tasks(version, tasks)
        evidence.record(letter, EventKind.CREATED, actor=actor, project=project, version=version)
    else:
        if not letter.versions.filter(pk=version.pk, status=VersionStatus.DRAFT).exists():
            raise CommitmentError(_("The letter has been sent. Start a new version to change it."))
        version.save()
        _save_tasks(version, tasks)
        audit.record("letter.draft_saved", actor=actor, project=project, target=version, version=version.number)
    return version


def _save_tasks(version, tasks):
    if tasks is not None:
        tasks.instance = version
        tasks.save()


@transaction.atomic
def start_new_version(letter, *, actor):
    """Copy the latest sent version into a new draft; it replaces the old one when it is sent."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.versions.filter(status=VersionStatus.DRAFT).exists():
        raise CommitmentError(_("This letter already has a draft."))
    previous = latest_version(letter)
    tasks = list(previous.tasks.all())
    draft = LetterVersion.objects.get(pk=previous.pk)
    draft.pk = None
    draft._state.adding = True
    draft.number = previous.number + 1
    draft.status = VersionStatus.DRAFT
    draft.body, draft.snapshot, draft.content_hash = "", {}, ""
    draft.sent_at = draft.signed_at = draft.closed_at = None
    draft.rules = NetworkRules.objects.current_for(letter.membership.project) or previous.rules
    draft.created_by, draft.created_at = actor, timezone.now()
    draft.save()
    Task.objects.bulk_create(
        Task(
            version=draft,
            order=task.order,
            title=task.title,
            description=task.description,
            responsible=task.responsible,
            effort=task.effort,
            deadline=task.deadline,
            goal=task.goal,
            copied_from=task,
            thread=task.thread,
        )
        for task in tasks
    )
    evidence.record(letter, EventKind.CREATED, actor=actor, project=letter.membership.project, version=draft)
    return draft


def render_body(version, project, organisation):
    with translation.override(version.language):
        return render_to_string(
            "commitments/letter_body.txt", {"version": version, "project": project, "organisation": organisation}
        ).strip()


def _snapshot(version, project, organisation, tasks):
    return {
        "project": {
            "name": project.name,
            "acronym": project.acronym,
            "case_number": project.case_number,
            "programme": project.programme.name_fi,
            "period": [str(project.start_date), str(project.end_date)],
        },
        "organisation": {
            "name": organisation.name,
            "country": organisation.country.code,
            "business_id": organisation.business_id or "",
            "registration_number": organisation.foreign_registration_number,
        },
        "signers": {
            "contact": {"name": version.contact.name, "title": version.contact.title, "email": version.contact.email},
            "management": {
                "name": version.management_name,
                "title": version.management_title,
                "email": version.management_email,
            },
        },
        "responsible": {str(task.responsible_id): task.responsible.name for task in tasks if task.responsible_id},
        "goals": {str(task.goal_id): task.goal.title for task in tasks if task.goal_id},
    }


def _freeze_draft(version, project, organisation, tasks, *, status, sent_at, signed_at=None):
    """Freeze a draft as sent (or, for a letter signed on paper, as signed): its body, snapshot, content hash and
    the hash's key, written only while it is still a draft."""
    version.body = render_body(version, project, organisation)
    version.snapshot = _snapshot(version, project, organisation, tasks)
    version.content_hash = evidence.content_hash(version, tasks)
    version.status, version.sent_at = status, sent_at
    times = {"sent_at": sent_at}
    if signed_at is not None:
        version.signed_at = times["signed_at"] = signed_at
    LetterVersion.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).update(
        rules=version.rules,
        body=version.body,
        snapshot=version.snapshot,
        content_hash=version.content_hash,
        **evidence.version_key(version),
        status=status,
        **times,
    )


@transaction.atomic
def send_version(version, *, actor):
    """Freeze the draft (hash its canonical content), supersede older versions and ask for signatures."""
    letter = (
        Letter.objects.select_for_update()
        .select_related("membership__project", "membership__organisation")
        .get(pk=version.letter_id)
    )
    version = LetterVersion.objects.select_related("contact", "rules").get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise CommitmentError(_("This version has already been sent."))
    tasks = list(version.tasks.select_related("responsible", "goal"))
    if not tasks:
        raise CommitmentError(_("Add at least one task before sending: the letter defines the organisation's tasks."))
    project, organisation = letter.membership.project, letter.membership.organisation
    version.rules = version.rules or NetworkRules.objects.current_for(project)
    if version.rules is None:
        raise CommitmentError(_("Publish the network rules before sending letters: signers commit to them."))
    now = timezone.now()
    _supersede_older(letter, version, project=project, now=now, actor=actor)
    _freeze_draft(version, project, organisation, tasks, status=VersionStatus.SENT, sent_at=now)
    contact_request = _create_request(
        version=version,
        role=SignerRole.CONTACT,
        status=RequestStatus.SENT,
        name=version.contact.name,
        title=version.contact.title,
        email=version.contact.email,
        language=version.contact.language,
    )
    management_request = _create_request(
        version=version,
        role=SignerRole.MANAGEMENT,
        status=RequestStatus.SENT if version.signing_order == SigningOrder.PARALLEL else RequestStatus.WAITING,
        name=version.management_name,
        title=version.management_title,
        email=version.management_email,
        language=version.language,
    )
    evidence.record(
        letter,
        EventKind.SENT,
        actor=actor,
        project=project,
        version=version,
        hash=version.content_hash,
        to=[r.email for r in (contact_request, management_request) if r.status == RequestStatus.SENT],
    )
    for request in (contact_request, management_request):
        if request.status == RequestStatus.SENT:
            _queue_request_mail(request, project=project)
    return version


def _create_request(**fields):
    """A new signature request, sealed: who is asked is evidence too."""
    request = evidence.seal_request(SignatureRequest(**fields))
    request.save()
    return request


def _supersede_older(letter, version, *, project, now, actor):
    # Open and signed versions are replaced; declined, expired and revoked ones stay as they ended.
    older = letter.versions.exclude(pk=version.pk).filter(
        status__in=[VersionStatus.SENT, VersionStatus.PARTIALLY_SIGNED, VersionStatus.SIGNED]
    )
    for old in older:
        for request in old.requests.open():
            tokens.revoke(TokenPurpose.SIGNATURE, request)
            reminders.stop_for(request)
        old.requests.filter(status__in=[RequestStatus.WAITING, RequestStatus.SENT, RequestStatus.SIGNED]).update(
            status=RequestStatus.SUPERSEDED
        )
        Signature.objects.filter(request__version=old, voided_at=None).update(voided_at=now)
        old.status, old.closed_at = VersionStatus.SUPERSEDED, now
        old.save(update_fields=["status", "closed_at"])
        for amendment in old.amendments.filter(status=AmendmentStatus.PENDING):
            _close_amendment(letter, amendment, AmendmentStatus.REVOKED, actor=actor, project=project, now=now)
        evidence.record(
            letter, EventKind.SUPERSEDED, actor=actor, project=project, version=old, by_version=version.number
        )


def _queue_request_mail(request, *, project, resend=False):
    outbox.enqueue(send_signature_request, request.pk, resend, project=project, kind="signature_request")


# --- Signing -------------------------------------------------------------------------------


@dataclass
class SignerEvidence:
    ip_address: str | None
    user_agent: str


def _lock(request):
    """Lock the letter first (the event chain's order), then re-read the request."""
    letter = Letter.objects.select_for_update(of=("self",)).get(versions__requests=request)
    request = SignatureRequest.objects.select_related("version__letter__membership__project").get(pk=request.pk)
    return letter, request


def mark_opened(request):
    """The first time a signer opens the link. Recording it is not an action on the letter."""
    claimed = SignatureRequest.objects.filter(pk=request.pk, opened_at=None).update(opened_at=timezone.now())
    if claimed:
        with transaction.atomic():
            letter, request = _lock(request)
            evidence.record(
                letter,
                EventKind.OPENED,
                actor=f"{request.name} <{request.email}>",
                project=request.version.letter.membership.project,
                version=request.version,
                role=request.role,
            )


@transaction.atomic
def sign(request, link, *, name, title, language, signer: SignerEvidence, identity=None):
    """Sign; `identity` is the strong identification (commitments.identification) where one is needed."""
    letter, request = _lock(request)
    version = request.version
    if version.status == VersionStatus.SUPERSEDED:
        raise CommitmentError(_("A newer version of this letter has replaced the one you opened."))
    if request.status != RequestStatus.SENT or version.status not in OPEN_STATUSES:
        raise tokens.TokenInvalid("used")
    identity = identity or {}
    if needs_strong_identification(request) and not identity.get("provider"):
        raise IdentificationRequired(_("Identify yourself with the identity provider before signing."))
    if identity and not identification.names_match(request.name, identity["name"]):
        raise IdentificationRequired(identification.mismatch_message(request.name, identity["name"]))
    tokens.consume(link)
    now = timezone.now()
    signature = Signature(
        request=request,
        signer_name=name,
        signer_title=title,
        sent_to=request.email,
        on_behalf_of=", ".join(filter(None, [request.on_behalf_of_name, request.on_behalf_of_title])),
        signed_at=now,
        ip_address=signer.ip_address,
        user_agent=signer.user_agent[:500],
        consent_version=consent.CURRENT_VERSION,
        consent_text=consent.consent_text(language),
        content_hash=version.content_hash,
        identity_provider=identity.get("provider", ""),
        identity_level=identity.get("level", ""),
        identity_name=identity.get("name", ""),
        identity_code_hash=identity.get("code_hash", ""),
    )
    evidence.seal_signature(signature, request).save()
    request.status, request.answered_at = RequestStatus.SIGNED, now
    request.save(update_fields=["status", "answered_at"])
    reminders.stop_for(request)
    if request.role == SignerRole.CONTACT and version.rules_id:
        RulesAcceptance.objects.get_or_create(
            membership=letter.membership,
            rules_id=version.rules_id,
            defaults={
                "accepted_by": name,
                "accepted_by_title": title,
                "email": request.email,
                "ip_address": signer.ip_address,
                "user_agent": signer.user_agent[:500],
                "consent_version": consent.CURRENT_VERSION,
                "signature": signature,
                "accepted_at": now,
            },
        )
    evidence.record(
        letter,
        EventKind.SIGNED,
        actor=f"{name} <{request.email}>",
        project=version.letter.membership.project,
        version=version,
        role=request.role,
        title=title,
        hash=version.content_hash,
        ip=signer.ip_address,
        user_agent=signer.user_agent[:200],
        on_behalf_of=signature.on_behalf_of,
        evidence=signature.evidence_hash,
    )
    waiting = version.requests.filter(status=RequestStatus.WAITING)
    for next_request in waiting:
        next_request.status = RequestStatus.SENT
        next_request.save(update_fields=["status"])
        _queue_request_mail(next_request, project=version.letter.membership.project)
    if version.requests.filter(status=RequestStatus.SIGNED).count() == len(SignerRole.values):
        version.status, version.signed_at = VersionStatus.SIGNED, now
        version.save(update_fields=["status", "signed_at"])
        Membership.objects.filter(pk=letter.membership_id, status=MembershipStatus.INVITED).update(
            status=MembershipStatus.COMMITTED
        )
        outbox.enqueue(
            notify_letter_signed, version.pk, project=version.letter.membership.project, kind="letter_signed"
        )
    else:
        version.status = VersionStatus.PARTIALLY_SIGNED
        version.save(update_fields=["status"])
    return signature


@transaction.atomic
def decline(request, link, *, name, reason):
    reason = reason.strip()
    if not reason:
        raise CommitmentError(_("Tell the coordinator why you decline."), field="reason")
    letter, request = _lock(request)
    version = request.version
    if request.status != RequestStatus.SENT or version.status not in OPEN_STATUSES:
        raise tokens.TokenInvalid("used")
    tokens.consume(link)
    now = timezone.now()
    request.status, request.answered_at, request.decline_reason = RequestStatus.DECLINED, now, reason
    request.save(update_fields=["status", "answered_at", "decline_reason"])
    reminders.stop_for(request)
    _close_open_requests(version, RequestStatus.REVOKED)
    version.status, version.closed_at = VersionStatus.DECLINED, now
    version.save(update_fields=["status", "closed_at"])
    evidence.record(
        letter,
        EventKind.DECLINED,
        actor=f"{name} <{request.email}>",
        project=version.letter.membership.project,
        version=version,
        role=request.role,
        reason=reason,
    )
    outbox.enqueue(notify_declined, request.pk, project=version.letter.membership.project, kind="letter_declined")
    return request


@transaction.atomic
def delegate(request, link, *, name, title, email):
    """A management signatory names a deputy; the deputy signs on their behalf and both are recorded."""
    letter, request = _lock(request)
    if request.role != SignerRole.MANAGEMENT:
        raise CommitmentError(_("Only the management signatory can name a deputy."))
    if request.status != RequestStatus.SENT or request.version.status not in OPEN_STATUSES:
        raise tokens.TokenInvalid("used")
    tokens.consume(link)
    request.status, request.answered_at = RequestStatus.REVOKED, timezone.now()
    request.save(update_fields=["status", "answered_at"])
    reminders.stop_for(request)
    deputy = _create_request(
        version=request.version,
        role=SignerRole.MANAGEMENT,
        status=RequestStatus.SENT,
        name=name,
        title=title,
        email=email,
        language=request.language,
        on_behalf_of_name=request.name,
        on_behalf_of_title=request.title,
    )
    evidence.record(
        letter,
        EventKind.DELEGATED,
        actor=f"{request.name} <{request.email}>",
        project=request.version.letter.membership.project,
        version=request.version,
        deputy=f"{name}, {title} <{email}>",
    )
    _queue_request_mail(deputy, project=request.version.letter.membership.project)
    return deputy


def _close_open_requests(version, status):
    for open_request in version.requests.open():
        tokens.revoke(TokenPurpose.SIGNATURE, open_request)
        reminders.stop_for(open_request)
    version.requests.open().update(status=status)


@transaction.atomic
def resend(request, *, actor):
    letter, request = _lock(request)
    if request.status != RequestStatus.SENT or request.version.status not in OPEN_STATUSES:
        raise CommitmentError(_("Only a request that is waiting for its signer can be sent again."))
    evidence.record(
        letter,
        EventKind.RESENT,
        actor=actor,
        project=request.version.letter.membership.project,
        version=request.version,
        to=request.email,
    )
    _queue_request_mail(request, project=request.version.letter.membership.project, resend=True)
    return request


@transaction.atomic
def revoke(request, *, actor):
    letter, request = _lock(request)
    version = request.version
    if version.status not in OPEN_STATUSES:
        raise CommitmentError(_("Only a letter that is waiting for signatures can be revoked."))
    _close_open_requests(version, RequestStatus.REVOKED)
    version.status, version.closed_at = VersionStatus.REVOKED, timezone.now()
    version.save(update_fields=["status", "closed_at"])
    evidence.record(letter, EventKind.REVOKED, actor=actor, project=version.letter.membership.project, version=version)
    return version


def expire_due(now=None):
    """Close requests whose link expired. Each is claimed by a conditional update: running twice is harmless."""
    now = now or timezone.now()
    expired = 0
    due = SignatureRequest.objects.filter(status=RequestStatus.SENT, expires_at__lte=now).values_list("pk", flat=True)
    for pk in list(due[:500]):
        with transaction.atomic():
            claimed = SignatureRequest.objects.filter(pk=pk, status=RequestStatus.SENT, expires_at__lte=now).update(
                status=RequestStatus.EXPIRED
            )
            if not claimed:
                continue
            letter, request = _lock(SignatureRequest(pk=pk))
            reminders.stop_for(request)
            version = request.version
            _close_open_requests(version, RequestStatus.EXPIRED)
            if version.status in OPEN_STATUSES:
                version.status, version.closed_at = VersionStatus.EXPIRED, now
                version.save(update_fields=["status", "closed_at"])
            evidence.record(
                letter,
                EventKind.EXPIRED,
                actor="system",
                project=version.letter.membership.project,
                version=version,
                role=request.role,
            )
            expired += 1
    return expired


# --- Amendments: responsible persons and deadlines of the letter in force -------------------


def version_in_force(letter):
    """The letter's latest version signed by both (its amendments apply to it), or None."""
    return letter.versions.filter(status=VersionStatus.SIGNED).order_by("-number").first()


def _lock_letter(letter_pk):
    return (
        Letter.objects.select_for_update(of=("self",))
        .select_related("membership__project", "membership__organisation")
        .get(pk=letter_pk)
    )


@transaction.atomic
def propose_amendment(letter, changes, *, actor):
    """Ask the contact person to acknowledge new responsible persons or deadlines for tasks of the letter in force.

    `changes` is [(task, responsible ContactPerson or None, deadline or None)]: None keeps the value. Only
    these two fields can change; the version, its hash and its signatures stay. A pending amendment is
    replaced by the new one."""
    letter = _lock_letter(letter.pk)
    project = letter.membership.project
    version = version_in_force(letter)
    if version is None:
        raise CommitmentError(_("Only a letter signed by both signers can be amended."))
    if letter.versions.filter(status__in=OPEN_STATUSES).exists():
        raise CommitmentError(_("A newer version of this letter waits for signatures; it cannot be amended now."))
    own_tasks = {task.pk: task for task in version.tasks.select_related("responsible")}
    rows = []
    for task, responsible, deadline in changes:
        if task.pk not in own_tasks:
            raise CommitmentError(_("The task is not in the letter in force."))
        task = own_tasks[task.pk]
        new_responsible = responsible if responsible is not None and responsible.pk != task.responsible_id else None
        new_deadline = deadline if deadline is not None and deadline != task.deadline else None
        if new_responsible is None and new_deadline is None:
            continue
        rows.append(
            {
                "task": task.pk,
                "order": task.order,
                "title": task.title,
                "responsible": new_responsible.pk if new_responsible else None,
                "responsible_name": new_responsible.name if new_responsible else "",
                "deadline": str(new_deadline) if new_deadline else "",
                "was_responsible_name": task.responsible.name if task.responsible_id else "",
                "was_deadline": str(task.deadline) if task.deadline else "",
            }
        )
    if not rows:
        raise CommitmentError(_("Nothing changes: give a new responsible person or deadline for at least one task."))
    now = timezone.now()
    for pending in version.amendments.filter(status=AmendmentStatus.PENDING):
        _close_amendment(letter, pending, AmendmentStatus.REVOKED, actor=actor, project=project, now=now)
    latest = version.amendments.order_by("-number").first()
    contact = version.contact
    amendment = LetterAmendment.objects.create(
        version=version,
        number=latest.number + 1 if latest else 1,
        changes=rows,
        contact=contact,
        sent_to=contact.email,
        language=contact.language,
        proposed_by=actor,
        proposed_at=now,
        expires_at=now + timedelta(days=settings.LINK_TOKEN_TTL_DAYS[TokenPurpose.AMENDMENT]),
    )
    evidence.record(
        letter,
        EventKind.AMENDMENT_PROPOSED,
        actor=actor,
        project=project,
        version=version,
        target=amendment,
        amendment=amendment.number,
        tasks=[row["task"] for row in rows],
        to=contact.email,
    )
    outbox.enqueue(send_amendment_request, amendment.pk, project=project, kind="amendment_request")
    return amendment


def _close_amendment(letter, amendment, status, *, actor, project, now):
    tokens.revoke(TokenPurpose.AMENDMENT, amendment, now=now)
    LetterAmendment.objects.filter(pk=amendment.pk).update(status=status, closed_at=now)
    evidence.record(
        letter,
        EventKind.AMENDMENT_CLOSED,
        actor=actor,
        project=project,
        version=amendment.version,
        target=amendment,
        amendment=amendment.number,
        status=status,
    )


@transaction.atomic
def acknowledge_amendment(amendment, link, *, name, signer: SignerEvidence):
    """The contact person acknowledges the amendment: it is sealed, chained and in force from now."""
    letter = _lock_letter(LetterVersion.objects.values_list("letter_id", flat=True).get(pk=amendment.version_id))
    amendment = LetterAmendment.objects.select_related("version").get(pk=amendment.pk)
    version = amendment.version
    now = timezone.now()
    if amendment.status != AmendmentStatus.PENDING or version.status != VersionStatus.SIGNED:
        raise tokens.TokenInvalid("used")
    if amendment.expires_at <= now:
        raise tokens.TokenInvalid("expired")
    tokens.consume(link)
    amendment.status = AmendmentStatus.ACKNOWLEDGED
    amendment.acknowledged_at = amendment.closed_at = now
    amendment.acknowledged_by = name
    amendment.ip_address = signer.ip_address
    amendment.user_agent = signer.user_agent[:500]
    evidence.seal_amendment(amendment, version.content_hash).save()
    evidence.record(
        letter,
        EventKind.AMENDMENT_ACKNOWLEDGED,
        actor=f"{name} <{amendment.sent_to}>",
        project=letter.membership.project,
        version=version,
        target=amendment,
        amendment=amendment.number,
        ip=signer.ip_address,
        evidence=amendment.evidence_hash,
    )
    return amendment


def expire_amendments_due(now=None):
    """Close pending amendments whose lease ran out; each is claimed by a conditional update."""
    now = now or timezone.now()
    expired = 0
    due = LetterAmendment.objects.filter(status=AmendmentStatus.PENDING, expires_at__lte=now)
    for pk, letter_pk in list(due.values_list("pk", "version__letter_id")[:500]):
        with transaction.atomic():
            letter = _lock_letter(letter_pk)
            amendment = LetterAmendment.objects.select_related("version").filter(
                pk=pk, status=AmendmentStatus.PENDING, expires_at__lte=now
            )
            amendment = amendment.first()
            if amendment is None:
                continue
            _close_amendment(
                letter, amendment, AmendmentStatus.EXPIRED, actor="system", project=letter.membership.project, now=now
            )
            expired += 1
    return expired


# --- Letters signed on paper before networkhub ----------------------------------------------


@dataclass
class PaperSigner:
    name: str
    title: str
    signed_on: object  # a date


@transaction.atomic
def record_paper_signature(version, *, upload, content_type, contact: PaperSigner, management: PaperSigner, actor):
    """Record that the draft `version` was signed on paper: store the scan and its SHA-256, freeze the
    version as sent and signed, and give each signer a signature dated on their paper signing day."""
    letter = _lock_letter(version.letter_id)
    version = LetterVersion.objects.select_related("contact", "rules").get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise CommitmentError(_("Only a draft can be recorded as signed on paper."))
    if letter.versions.exclude(pk=version.pk).exclude(status=VersionStatus.DRAFT).exists():
        raise CommitmentError(
            _("This letter has already been sent in networkhub; a paper signature can be recorded only before that.")
        )
    tasks = list(version.tasks.select_related("responsible", "goal"))
    if not tasks:
        raise CommitmentError(_("Add at least one task before sending: the letter defines the organisation's tasks."))
    today = timezone.localdate()
    if contact.signed_on > today or management.signed_on > today:
        raise CommitmentError(_("A paper signature cannot be dated in the future."))
    project, organisation = letter.membership.project, letter.membership.organisation
    version.rules = version.rules or NetworkRules.objects.current_for(project)
    contact_at, management_at = start_of_day(contact.signed_on), start_of_day(management.signed_on)
    _freeze_draft(
        version,
        project,
        organisation,
        tasks,
        status=VersionStatus.SIGNED,
        sent_at=min(contact_at, management_at),
        signed_at=max(contact_at, management_at),
    )
    paper = PaperSignature(
        version=version,
        file_name=upload.name.rsplit("/", 1)[-1][:255],
        file_type=content_type,
        file_size=upload.size,
        contact_signed_on=contact.signed_on,
        management_signed_on=management.signed_on,
        recorded_by=actor,
    )
    upload.seek(0)
    paper.file.save(upload.name, upload, save=False)
    paper.file_sha256 = evidence.file_sha256(paper.file)
    paper.save()
    for role, signer, email, signed_at in (
        (SignerRole.CONTACT, contact, version.contact.email, contact_at),
        (SignerRole.MANAGEMENT, management, version.management_email, management_at),
    ):
        request = _create_request(
            version=version,
            role=role,
            status=RequestStatus.SIGNED,
            name=signer.name,
            title=signer.title,
            email=email,
            language=version.language,
            answered_at=signed_at,
        )
        with translation.override(version.language):
            wording = _("Signed on paper on %(date)s; scanned copy SHA-256 %(hash)s.") % {
                "date": short_date(signer.signed_on),
                "hash": paper.file_sha256,
            }
        signature = Signature(
            request=request,
            signer_name=signer.name,
            signer_title=signer.title,
            sent_to=email,
            signed_at=signed_at,
            consent_version=PAPER_CONSENT,
            consent_text=wording,
            content_hash=version.content_hash,
        )
        evidence.seal_signature(signature, request).save()
        evidence.record(
            letter,
            EventKind.PAPER_SIGNED,
            actor=actor,
            project=project,
            version=version,
            target=paper,
            role=role,
            signer=f"{signer.name}, {signer.title}",
            signed_on=str(signer.signed_on),
            file_hash=paper.file_sha256,
            evidence=signature.evidence_hash,
        )
    Membership.objects.filter(pk=letter.membership_id, status=MembershipStatus.INVITED).update(
        status=MembershipStatus.COMMITTED
    )
    return paper


@transaction.atomic
def record_paper_letter(
    membership,
    *,
    language,
    contact,
    contact_signer: PaperSigner,
    management: PaperSigner,
    management_email,
    contribution_eur,
    period_start,
    period_end,
    task_titles,
    upload,
    content_type,
    actor,
):
    """Bring in a letter signed on paper before networkhub was used (the import of an existing project): draft it
    with its tasks (each the contact person's, due at the period's end), then record it as signed on paper with its
    scan (`record_paper_signature`). Refused (CommitmentError) if the member already has a letter."""
    if Letter.objects.filter(membership=membership).exists():
        raise CommitmentError(_("This member already has a letter."))
    version = LetterVersion(
        language=language,
        contact=contact,
        management_name=management.name,
        management_title=management.title,
        management_email=management_email,
        contribution_eur=contribution_eur,
        period_start=period_start,
        period_end=period_end,
        rules=NetworkRules.objects.current_for(membership.project),
    )
    version.full_clean(exclude=["letter", "number"])
    version = save_draft(membership, version, actor=actor)
    Task.objects.bulk_create(
        Task(version=version, order=order, title=title[:200], responsible=contact, deadline=period_end)
        for order, title in enumerate(task_titles)
    )
    return record_paper_signature(
        version, upload=upload, content_type=content_type, contact=contact_signer, management=management, actor=actor
    )


# The consent wording version of a signature made on paper (its text names the date and the scan's hash).
PAPER_CONSENT = "paper"


# --- Task follow-through -------------------------------------------------------------------


@transaction.atomic
def update_task(membership, thread, *, status, actor, note="", done_on=None, drop_reason=""):
    """Record a letter task's status (open, in progress, done on a date, dropped with a reason) and a progress
    note. The task is one of the letter in force; its progress lives outside the signed content, by `thread`.
    Each change appends a note to the task's history and writes an audit event."""
    from .follow_through import member_tasks

    letter = Letter.objects.select_for_update().filter(membership=membership).first()
    task = next((t for t in member_tasks(membership) if t.thread == thread), None) if letter else None
    if task is None:
        raise CommitmentError(_("The task is not in the letter in force."))
    if status not in TaskStatus.values:
        raise CommitmentError(_("Choose a status."), field="status")
    note = (note or "").strip()
    drop_reason = (drop_reason or "").strip() if status == TaskStatus.DROPPED else ""
    if status == TaskStatus.DONE:
        done_on = done_on or timezone.localdate()
        if done_on > timezone.localdate():
            raise CommitmentError(_("The task cannot be done on a future date."), field="done_on")
    else:
        done_on = None
    if status == TaskStatus.DROPPED and not drop_reason:
        raise CommitmentError(_("Say why the task is dropped."), field="drop_reason")
    progress = TaskProgress.objects.filter(letter=letter, thread=thread).first() or TaskProgress(
        letter=letter, thread=thread
    )
    previous = progress.status if progress.pk else TaskStatus.OPEN
    unchanged = (
        progress.pk and previous == status and progress.done_on == done_on and progress.drop_reason == drop_reason
    )
    if unchanged and not note:
        raise CommitmentError(_("Nothing changed: choose another status or write a note."), field="note")
    progress.status, progress.done_on, progress.drop_reason = status, done_on, drop_reason
    progress.updated_at, progress.updated_by = timezone.now(), actor
    progress.full_clean(exclude=["letter", "updated_by"])
    progress.save()
    text = note or (drop_reason if status == TaskStatus.DROPPED else "")
    TaskNote.objects.create(
        progress=progress,
        text=text,
        status=status,
        author=actor,
        author_name=actor.full_name or actor.email,
    )
    audit.record(
        "letter.task_updated",
        actor=actor,
        project=membership.project,
        target=progress,
        task=task.title,
        status=status,
        previous=previous,
        done_on=str(done_on) if done_on else "",
    )
    return progress


# --- Signing from one's own account --------------------------------------------------------


def _own_link(purpose, target, sent_to, expires_at, actor, action, project):
    """A fresh link for a signer who is signed in, ending when the e-mailed one does (which keeps working)."""
    ttl = max((expires_at or timezone.now()) - timezone.now(), timedelta(minutes=1))
    _token, raw = tokens.issue(purpose, target, sent_to=sent_to, ttl=ttl, revoke_previous=False, created_by=actor)
    audit.record(action, actor=actor, project=project, target=target)
    return raw


@transaction.atomic
def signature_link_for_account(signature_request, *, actor):
    """The signing page's link for the signed-in signer of an open request (their to-do leads there)."""
    signature_request = SignatureRequest.objects.select_for_update().get(pk=signature_request.pk)
    if signature_request.status != RequestStatus.SENT:
        raise CommitmentError(_("This signature request is no longer open."))
    return _own_link(
        TokenPurpose.SIGNATURE,
        signature_request,
        signature_request.email,
        signature_request.expires_at,
        actor,
        "letter.signing_opened_from_account",
        signature_request.version.letter.membership.project,
    )


@transaction.atomic
def rules_link_for_account(rules_request, *, actor):
    """The rules acceptance page's link for the signed-in contact of an open request."""
    rules_request = RulesRequest.objects.select_for_update().select_related("contact").get(pk=rules_request.pk)
    if rules_request.status != RulesRequestStatus.SENT:
        raise CommitmentError(_("This request to accept the rules is no longer open."))
    return _own_link(
        TokenPurpose.RULES,
        rules_request,
        rules_request.contact.email,
        rules_request.expires_at,
        actor,
        "rules.acceptance_opened_from_account",
        rules_request.membership.project,
    )
