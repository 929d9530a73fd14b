"""Membership, organisation and contact changes, expertise profiles, and partner invitations."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import audit, outbox, tokens
from networkhub.errors import ServiceError
from networkhub.models import AuditEvent, Role, SecurityEventKind
from networkhub.security import record_security_event

from .access import coordinator_may_edit_contact
from .models import (
    ContactPerson,
    ExpertiseProfile,
    ExpertiseTag,
    Membership,
    MembershipRole,
    MembershipStatus,
    ProjectContact,
    normalise_tag,
    plain_text,
)
from .queries import other_projects_of
from .tasks import send_contact_changed, send_expertise_changed, send_invitation


class MembershipError(ServiceError):
    """A membership or organisation change was refused."""


@transaction.atomic
def register_project(project, *, coordinator, lead_organisation):
    """Save a new project with its first coordinator and its lead organisation as the lead member."""
    project.full_clean()
    project.save()
    project.coordinators.add(coordinator)
    Membership.objects.create(
        project=project,
        organisation=lead_organisation,
        role=MembershipRole.LEAD,
        status=MembershipStatus.ACTIVE,
        joined_on=project.application_date,
    )
    audit.record("project.registered", actor=coordinator, project=project, target=project)
    return project


@transaction.atomic
def add_member(project, organisation, *, role, actor):
    if Membership.objects.filter(project=project, organisation=organisation).exists():
        raise MembershipError(
            _("%(organisation)s is already a member of this project.") % {"organisation": organisation}
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(project=project, organisation=organisation, role=role)
    except IntegrityError:
        raise MembershipError(_("The project already has a lead organisation.")) from None
    audit.record("membership.added", actor=actor, project=project, target=membership, organisation=organisation.pk)
    return membership


@transaction.atomic
def register_organisation_as_member(project, organisation, *, role, actor):
    organisation.save()
    audit.record("organisation.created", actor=actor, project=project, target=organisation)
    return add_member(project, organisation, role=role, actor=actor)


@transaction.atomic
def import_member(project, organisation, *, role, joined_on, actor):
    """Bring in a member of a project that ran before networkhub: an organisation of the shared registry (or a new
    one, saved first) becomes an active member since `joined_on`."""
    if organisation.pk is None:
        organisation.full_clean()
        organisation.save()
        audit.record("organisation.created", actor=actor, project=project, target=organisation)
    if Membership.objects.filter(project=project, organisation=organisation).exists():
        raise MembershipError(
            _("%(organisation)s is already a member of this project.") % {"organisation": organisation}
        )
    membership = Membership(
        project=project, organisation=organisation, role=role, status=MembershipStatus.ACTIVE, joined_on=joined_on
    )
    membership.full_clean()
    membership.save()
    audit.record(
        "membership.imported",
        actor=actor,
        project=project,
        target=membership,
        organisation=organisation.pk,
        role=role,
        joined_on=joined_on.isoformat(),
    )
    return membership


@transaction.atomic
def import_contact(contact, *, project, actor):
    """Bring in a contact person of a member: a new one is saved; one already registered (the same e-mail address at
    the organisation) is kept as it is. Either way the project knows the person from now on."""
    created = contact.pk is None
    if created:
        contact.full_clean()
        contact.save()
    link, _new = ProjectContact.objects.get_or_create(project=project, contact=contact, defaults={"accepted": True})
    if not link.accepted:
        link.accepted = True
        link.save(update_fields=["accepted"])
    audit.record("contact.imported", actor=actor, project=project, target=contact, created=created)
    return contact


@transaction.atomic
def update_membership(membership, *, actor):
    if membership.status == MembershipStatus.WITHDRAWN and membership.left_on is None:
        membership.left_on = timezone.localdate()
    membership.full_clean()
    membership.save()
    audit.record(
        "membership.updated",
        actor=actor,
        project=membership.project,
        target=membership,
        role=membership.role,
        status=membership.status,
    )
    return membership


class ContactEditRefused(ServiceError):
    """A coordinator may not change a contact person who serves other projects too."""

    def __init__(self):
        super().__init__(
            _(
                "This person is a contact in other projects too, so their details cannot be changed here: "
                "other projects' letters and invitations go to them. The person can update their own details "
                "after signing in to networkhub (My contact details). If they have no account yet, invite them "
                "to this project or ask them to tell their other project's coordinator."
            )
        )


def _may_coordinator_edit(contact, project):
    """A project's coordinator edits a contact only if the contact serves no other project, or is the project's own
    uninvited entry (partners.access.coordinator_may_edit_contact)."""
    return ContactPerson.objects.filter(pk=contact.pk).filter(coordinator_may_edit_contact(project)).exists()


@transaction.atomic
def save_contact(contact, *, project, actor, created):
    """Save a contact a coordinator added or edited. A new contact becomes known to the project; an existing
    one is changed only if it serves no other project (else ContactEditRefused)."""
    if not created:
        ContactPerson.objects.select_for_update().filter(pk=contact.pk).first()
        if not _may_coordinator_edit(contact, project):
            raise ContactEditRefused()
    contact.save()
    if created:
        ProjectContact.objects.get_or_create(project=project, contact=contact, defaults={"accepted": True})
    audit.record("contact.created" if created else "contact.updated", actor=actor, project=project, target=contact)
    return contact


# The fields a contact person changes on their own details page, in the order the e-mail names them.
OWN_DETAIL_FIELDS = [
    "name",
    "title",
    "email",
    "phone",
    "language",
    "time_zone",
    "consent_to_share",
    "consent_decided_on",
]


def update_own_details(contact, *, actor, request=None):
    """Save a contact person's change to their own details (`contact` holds the new values).

    The change is audited, recorded as a security event and e-mailed to the address the contact had
    before, in the contact's language, so that a takeover of the account cannot quietly move the mail.
    Returns the changed field names (empty when nothing changed; then nothing is recorded or sent).
    """
    with transaction.atomic():
        before = ContactPerson.objects.select_for_update().get(pk=contact.pk, user=actor)
        changed = [name for name in OWN_DETAIL_FIELDS if getattr(before, name) != getattr(contact, name)]
        if contact.email.strip().lower() == before.email:
            changed = [name for name in changed if name != "email"]
        if not changed:
            return []
        contact.user = before.user
        contact.organisation_id = before.organisation_id
        contact.save()
        event = audit.record(
            "contact.self_updated",
            actor=actor,
            target=contact,
            fields=changed,
            email_changed="email" in changed,
        )
        record_security_event(
            SecurityEventKind.CONTACT_DETAILS_CHANGED,
            user=actor,
            actor=actor,
            request=request,
            contact=contact.pk,
            fields=changed,
        )
        outbox.enqueue(send_contact_changed, contact.pk, before.email, event.pk, changed, kind="contact_changed")
    return changed


class OrganisationEditRefused(ServiceError):
    """A coordinator may not change an organisation that is a current member of other projects too."""

    def __init__(self):
        super().__init__(
            _(
                "This organisation is a member of other projects too, so its name, business ID, type and country "
                "cannot be changed here: the organisation registry is shared, and the change would show in those "
                "projects' letters and reports. Ask the organisation's contact person or the coordinators of its "
                "other projects to agree on the change with the networkhub administrator."
            )
        )


def may_coordinator_edit_organisation(organisation, project):
    """A project's coordinator edits an organisation's details and expertise profile only while it is a current
    member (partners.queries.is_member) of no other project."""
    return not other_projects_of(organisation, project).exists()


@transaction.atomic
def save_organisation(organisation, *, project, actor):
    """Save a coordinator's change to an organisation's details, refused (OrganisationEditRefused) if the
    organisation is a current member of another project too (the check and the save hold the row lock)."""
    type(organisation).objects.select_for_update().filter(pk=organisation.pk).first()
    if not may_coordinator_edit_organisation(organisation, project):
        raise OrganisationEditRefused()
    organisation.save()
    audit.record("organisation.updated", actor=actor, project=project, target=organisation)
    return organisation


class ExpertiseEditRefused(ServiceError):
    """A coordinator may not change the expertise profile of an organisation that other projects share."""

    def __init__(self):
        super().__init__(
            _(
                "This organisation is a member of other projects too, so its expertise profile is edited by its own "
                "contact persons: the profile shows in those projects' directories and exports too."
            )
        )


@transaction.atomic
def save_expertise_profile(
    organisation, *, tags, description, actor, project=None, as_coordinator=False, notify_others=True
):
    """Set the organisation's expertise tags and text; a change is audited, saving the same again is not.

    A coordinator (`as_coordinator`) may change it only while the organisation is a current member of no other
    project (ExpertiseEditRefused, checked under the organisation's row lock, as for its details); otherwise its
    own contact persons edit it, and the change is e-mailed to the coordinators of its other projects (unless
    `notify_others` is false: the demo's first profiles)."""
    type(organisation).objects.select_for_update().filter(pk=organisation.pk).first()
    if as_coordinator and project is not None and not may_coordinator_edit_organisation(organisation, project):
        raise ExpertiseEditRefused()
    names = sorted({normalise_tag(name) for name in tags} - {""})
    description = plain_text(description)
    profile, _created = ExpertiseProfile.objects.select_for_update().get_or_create(organisation=organisation)
    before = set(profile.tags.values_list("name", flat=True))
    if before == set(names) and profile.description == description:
        return profile
    ExpertiseTag.objects.bulk_create([ExpertiseTag(name=name) for name in names], ignore_conflicts=True)
    profile.tags.set(ExpertiseTag.objects.filter(name__in=names))
    description_changed = profile.description != description
    profile.description = description
    profile.updated_at = timezone.now()
    profile.updated_by = actor if actor is not None and actor.is_authenticated else None
    profile.save()
    event = audit.record(
        "expertise.updated",
        actor=actor,
        project=project,
        target=profile,
        organisation=organisation.pk,
        tags_added=sorted(set(names) - before),
        tags_removed=sorted(before - set(names)),
        description_changed=description_changed,
    )
    if project is not None and notify_others:
        for other_pk in other_projects_of(organisation, project).values_list("project_id", flat=True):
            outbox.enqueue(
                send_expertise_changed,
                profile.pk,
                other_pk,
                project.pk,
                event.pk,
                project=other_pk,
                kind="expertise_changed",
            )
    return profile


class InviteRefused(ServiceError):
    """No invitation to an erased person or to one who has already joined the project."""


def invite_contact(contact, *, project, actor):
    """Queue an invitation e-mail; the task makes the link so that its secret never sits in the broker."""
    if contact.is_erased:
        raise InviteRefused(_("This person's details were erased: no invitation can be sent."))
    joined = ProjectContact.objects.accepted().filter(project=project, contact=contact, contact__user__isnull=False)
    if joined.exists():
        raise InviteRefused(_("This person has already joined the project."))
    with transaction.atomic():
        # The project knows the contact once they accept (a contact it already knows stays known).
        ProjectContact.objects.get_or_create(project=project, contact=contact, defaults={"accepted": False})
        audit.record("contact.invited", actor=actor, project=project, target=contact, email=contact.email)
        outbox.enqueue(send_invitation, contact.pk, project.pk, actor.pk, project=project, kind="invitation")


class InvitationError(ServiceError):
    """An invitation could not be accepted."""


@transaction.atomic
def accept_invitation(token, *, full_name, password):
    """Consume the invitation and give the contact an account; returns the user.

    An existing account with the contact's address must prove itself with its password.
    """
    contact = token.target
    User = get_user_model()
    user = User.objects.filter(email__iexact=contact.email).first()
    if user is not None and not user.check_password(password):
        raise InvitationError(
            _("An account with this e-mail address exists. Enter its password to link it."), field="password"
        )
    tokens.consume(token)
    if user is None:
        user = User.objects.create_user(
            email=contact.email, password=password, full_name=full_name, role=Role.PARTNER, language=contact.language
        )
    contact.user = user
    contact.save(update_fields=["user"])
    # Accepting makes the contact known to the projects that invited them: those whose link waits for the
    # acceptance, and those that had already added the contact themselves and then sent the invitation.
    waiting = set(contact.project_links.filter(accepted=False).values_list("project_id", flat=True))
    sent_by = set(
        AuditEvent.objects.filter(
            action="contact.invited", target_type=ContentType.objects.get_for_model(contact), target_id=contact.pk
        )
        .exclude(project__isnull=True)
        .values_list("project_id", flat=True)
    )
    accepted = sorted(waiting | sent_by)
    contact.project_links.filter(accepted=False).update(accepted=True)
    audit.record("contact.joined", actor=user, target=contact, projects=accepted)
    # ... and accepts the organisation's invitation to those projects: an invited membership becomes active
    # there (and only there: an account does not make the organisation a member of any other project).
    joined = (
        Membership.objects.select_for_update()
        .select_related("project")
        .filter(project_id__in=accepted, organisation_id=contact.organisation_id, status=MembershipStatus.INVITED)
    )
    for membership in joined:
        membership.status = MembershipStatus.ACTIVE
        membership.save(update_fields=["status"])
        audit.record(
            "membership.accepted", actor=user, project=membership.project, target=membership, status=membership.status
        )
    return user
