"""Personal data in the ideas log: the ideas a person proposed or recorded.

The ideas stay (the network's history keeps its counts); the person's name or address written into an
idea's title or description is replaced.
"""

from django.db.models import Q

from networkhub.privacy import scrub_text
from partners.privacy import contacts_of

from .models import Idea

# Free text in which a person may be named.
TEXT_FIELDS = [(Idea, ["title", "description"])]


def export(person):
    contact_ids = list(contacts_of(person).values_list("pk", flat=True))
    mine = Q(proposed_by_contact_id__in=contact_ids)
    if person.user_id:
        mine |= Q(created_by_id=person.user_id)
    return {
        "ideas": [
            {"title": idea.title, "description": idea.description, "status": idea.status}
            for idea in Idea.objects.filter(mine).order_by("pk")
        ],
    }


def erase(person, token):
    changed = 0
    for model, fields in TEXT_FIELDS:
        changed += scrub_text(model.objects.all(), fields, person, token)
    return changed
