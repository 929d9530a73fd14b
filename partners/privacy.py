"""Personal data in partners: the person's contact-person rows and the invitations sent to them."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from networkhub.models import LinkToken
from networkhub.privacy import ERASED_NAME, email_q, erased_email

from .models import ContactPerson, TokenPurpose


def contacts_of(person):
    """The contact-person rows that are this person: linked to their account or carrying their address."""
    match = email_q("email", person.emails)
    if person.user_id:
        match |= Q(user_id=person.user_id)
    return ContactPerson.objects.filter(match)


def _invitations(contact_ids):
    return LinkToken.objects.filter(
        purpose=TokenPurpose.INVITATION,
        target_type=ContentType.objects.get_for_model(ContactPerson),
        target_id__in=contact_ids,
    )


def _time(value):
    return value.isoformat() if value else None


def export(person):
    contacts = list(contacts_of(person).select_related("organisation").order_by("pk"))
    invitations = _invitations([c.pk for c in contacts]).order_by("created_at", "pk")
    return {
        "contact_persons": [
            {
                "organisation": contact.organisation.name,
                "name": contact.name,
                "title": contact.title,
                "email": contact.email,
                "phone": contact.phone,
                "language": contact.language,
                "consent_to_share": contact.consent_to_share,
                "consent_decided_on": contact.consent_decided_on.isoformat() if contact.consent_decided_on else None,
            }
            for contact in contacts
        ],
        "invitations": [
            {
                "contact": next(c.name for c in contacts if c.pk == token.target_id),
                "created_at": _time(token.created_at),
                "expires_at": _time(token.expires_at),
                "accepted_at": _time(token.used_at),
                "revoked_at": _time(token.revoked_at),
            }
            for token in invitations
        ],
    }


def erase(person, token):
    """Name, title, e-mail and phone anonymised, consent to share withdrawn; open invitations revoked.

    The rows stay (meetings, letters and pulse rounds point at them). An organisation's contacts have
    unique addresses, so a second contact of the same person in one organisation gets its own.
    """
    contacts = list(contacts_of(person).select_for_update().order_by("pk"))
    taken = set()
    for contact in contacts:
        address = erased_email(token)
        if (contact.organisation_id, address) in taken:
            address = erased_email(f"{token}-{contact.pk}")
        taken.add((contact.organisation_id, address))
        contact.name, contact.title, contact.email, contact.phone = ERASED_NAME, "", address, ""
        contact.consent_to_share = False
        contact.save(update_fields=["name", "title", "email", "phone", "consent_to_share"])
    revoked = (
        _invitations([c.pk for c in contacts]).filter(used_at=None, revoked_at=None).update(revoked_at=timezone.now())
    )
    return len(contacts) + revoked
