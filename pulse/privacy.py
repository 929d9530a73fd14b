"""Personal data in the trust pulse: only whether the person was asked and has answered.

Answers carry no person (see PulseAnswer), so there is nothing of theirs to export or erase in them;
the recipient rows point at the contact person, whom partners anonymises.
"""

from partners.privacy import contacts_of

from .models import PulseRecipient


def export(person):
    recipients = (
        PulseRecipient.objects.filter(contact__in=contacts_of(person))
        .select_related("round__project")
        .order_by("round__quarter", "pk")
    )
    return {
        "surveys": [
            {"project": r.round.project.acronym, "round": r.round.label, "answered": r.answered} for r in recipients
        ]
    }


def erase(person, token):
    return 0
