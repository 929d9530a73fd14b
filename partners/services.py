"""Membership, organisation and contact changes, expertise profiles, and partner invitations."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networkhub import audit, tokens
from networkhub.errors import ServiceError
from networkhub.models import Role

from .models import (
    ExpertiseProfile,
    ExpertiseTag,
    Membership,
    MembershipRole,
    MembershipStatus,
    normalise_tag,
    plain_text,
)
from .tasks import send_invitation


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


@transaction.atomic
def save_contact(contact, *, project, actor, created):
    contact.save()
    audit.record("contact.created" if created else "contact.updated", actor=actor, project=project, target=contact)
    return contact


@transaction.atomic
def save_organisation(organisation, *, project, actor):
    organisation.save()
    audit.record("organisation.updated", actor=actor, project=project, target=organisation)
    return organisation


@transaction.atomic
def save_expertise_profile(organisation, *, tags, description, actor, project=None):
    """Set the organisation's expertise tags and text; a change is audited, saving the same again is not."""
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
    audit.record(
        "expertise.updated",
        actor=actor,
        project=project,
        target=profile,
        organisation=organisation.pk,
        tags_added=sorted(set(names) - before),
        tags_removed=sorted(before - set(names)),
        description_changed=description_changed,
    )
    return profile


def invite_contact(contact, *, project, actor):
    """Queue an invitation e-mail; the task makes the link so that its secret never sits in the broker."""
    with transaction.atomic():
        audit.record("contact.invited", actor=actor, project=project, target=contact, email=contact.email)
        send_invitation.delay_on_commit(contact.pk, project.pk, actor.pk)


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
    audit.record("contact.joined", actor=user, target=contact)
    return user
