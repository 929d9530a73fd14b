"""Building blocks for commitment tests: rules, draft letters, and the links that e-mails carry."""

import re

from commitments import services
from commitments.models import LetterVersion, Task
from tests.factories import ContactFactory

LINK = re.compile(r"http://testserver(/sign/(?:rules/)?[A-Za-z0-9_-]{40,}/)")


def publish_rules(
    project, actor, body="# Pelisäännöt\n\n- Tiedot jaetaan avoimesti.\n- Kokoonnutaan neljännesvuosittain."
):
    draft = services.save_rules_draft(project, body, actor=actor)
    return services.publish_rules(draft, actor=actor)


def draft_letter(membership, actor, *, tasks=("Työssäoppimisjaksot", "Kokemustenvaihto"), contact=None, **fields):
    contact = (
        contact or membership.organisation.contacts.first() or ContactFactory(organisation=membership.organisation)
    )
    version = LetterVersion(
        language=fields.pop("language", contact.language),
        contact=contact,
        management_name=fields.pop("management_name", "Riitta Rehtori"),
        management_title=fields.pop("management_title", "Rehtori"),
        management_email=fields.pop("management_email", f"rehtori{membership.pk}@example.org"),
        contribution_eur=fields.pop("contribution_eur", 5000),
        period_start=fields.pop("period_start", membership.project.start_date),
        period_end=fields.pop("period_end", membership.project.end_date),
        **fields,
    )
    version = services.save_draft(membership, version, actor=actor)
    for order, title in enumerate(tasks):
        Task.objects.create(version=version, order=order, title=title, effort="10 htp", responsible=contact)
    return version


def links_to(mailoutbox, email):
    """Signing links e-mailed to this address, oldest first."""
    return [
        LINK.search(message.body).group(1)
        for message in mailoutbox
        if message.to == [email] and LINK.search(message.body)
    ]
