"""Exporting and erasing one person's data on an administrator's request (GDPR articles 15, 17 and 20).

A person is found by an account or a contact person; `person_for_*` gathers every address and name
they are known by (their account, the contacts linked to it or carrying its address), so that each
app's handler (networkhub.privacy) finds all of their rows. Each export and erasure writes a
security event and an audit event with the administrator as actor.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from networkhub import audit
from networkhub.errors import ServiceError
from networkhub.models import SecurityEventKind
from networkhub.privacy import ERASED_DOMAIN, Person, erase_person, erased_email, export_person, new_token
from networkhub.security import record_security_event
from partners.models import ContactPerson


class PrivacyError(ServiceError):
    """An export or erasure was refused."""


def _person(user, contacts):
    emails = {c.email for c in contacts}
    names = {c.name for c in contacts}
    if user is not None:
        return Person.for_user(user, extra_emails=emails, extra_names=names)
    first = contacts[0]
    return Person.for_email(first.email, name=first.name, extra_emails=emails, extra_names=names)


def person_for_user(user):
    contacts = list(ContactPerson.objects.filter(Q(user=user) | Q(email__iexact=user.email)).order_by("pk"))
    return _person(user, contacts)


def person_for_contact(contact):
    """The contact's person: their account when they have one (or one has their address), else their address."""
    user = contact.user or User.objects.filter(email__iexact=contact.email).first()
    if user is not None:
        return person_for_user(user)
    return _person(None, list(ContactPerson.objects.filter(email__iexact=contact.email).order_by("pk")))


def find_person(email):
    """The person known by `email` (an account or a contact person); PrivacyError when nobody is."""
    email = (email or "").strip()
    if email.lower().endswith("@" + ERASED_DOMAIN):
        raise PrivacyError(_("This person has already been erased."), field="email")
    user = User.objects.filter(email__iexact=email).first() if email else None
    if user is not None:
        return person_for_user(user)
    contact = ContactPerson.objects.filter(email__iexact=email).first() if email else None
    if contact is not None:
        return person_for_contact(contact)
    raise PrivacyError(
        _("No account or contact person has the e-mail address %(email)s.") % {"email": email}, field="email"
    )


def _subject(person):
    return User.objects.filter(pk=person.user_id).first() if person.user_id else None


def export(person, *, actor, request=None):
    """Everything every app holds of the person, as JSON-ready data; logged as a security and an audit event."""
    data = {"person": {"name": person.name, "emails": sorted(person.emails)}, "data": export_person(person)}
    identifier = min(person.emails) if person.emails else ""
    with transaction.atomic():
        record_security_event(
            SecurityEventKind.DATA_EXPORTED, user=_subject(person), actor=actor, request=request, identifier=identifier
        )
        audit.record("person.exported", actor=actor, apps=sorted(data["data"]))
    return data


def erase(person, *, actor, request=None):
    """Anonymise the person in every app, all or nothing; returns {app: rows changed}.

    The events name the person only by their erased address: keeping the old one would undo the erasure.
    """
    if person.user_id and actor is not None and person.user_id == actor.pk:
        raise PrivacyError(_("You cannot erase your own account."))
    token = new_token()
    with transaction.atomic():
        changed = erase_person(person, token)
        subject = _subject(person)
        record_security_event(
            SecurityEventKind.PERSON_ERASED,
            user=subject,
            actor=actor,
            request=request,
            identifier=subject.email if subject else erased_email(token),
            rows=changed,
        )
        audit.record("person.erased", actor=actor, target=subject, rows=changed)
    return changed
