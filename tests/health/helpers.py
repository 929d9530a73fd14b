"""Building blocks for network-health tests: a fixed clock, members, letters signed on given days."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from commitments import services
from commitments.models import LetterVersion, SignatureRequest, Task, TokenPurpose
from networkhub import tokens
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory

HELSINKI = ZoneInfo("Europe/Helsinki")
TODAY = date(2026, 11, 2)  # a Monday
APPLIED = date(2026, 3, 1)
NOW = datetime.combine(TODAY, time(12), tzinfo=HELSINKI)
FOUNDED = date(2026, 2, 1)  # before the application date


def at(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=HELSINKI)


def member(project, name, *, joined=FOUNDED, organisation_factory=OrganisationFactory, **fields):
    organisation = organisation_factory(name=name, **fields)
    ContactFactory(organisation=organisation)
    return MembershipFactory(project=project, organisation=organisation, joined_on=joined)


def founding_members(world, count):
    """The world's member and count - 1 more, all joined before the application date, named Jäsen A, B...

    The world's project is dated as the tests reason: applied 1.3.2026, started 1.8.2026."""
    project = world.project
    project.application_date, project.start_date, project.end_date = APPLIED, date(2026, 8, 1), date(2028, 7, 31)
    project.save()
    world.membership.joined_on = FOUNDED
    world.membership.save()
    return [world.membership] + [member(world.project, f"Jäsen {chr(65 + n)}") for n in range(count - 1)]


def letter(membership, coordinator, *, sent, contact=None, management=None, tasks=((True, True),)):
    """Send a letter on `sent` and sign it on the given days; each task is (has a responsible, has a deadline)."""
    person = membership.organisation.contacts.first()
    with time_machine.travel(at(sent), tick=False):
        version = services.save_draft(
            membership,
            LetterVersion(
                language="fi",
                contact=person,
                management_name="Riitta Rehtori",
                management_title="Rehtori",
                management_email=f"rehtori{membership.pk}@example.org",
                period_start=date(2026, 8, 1),
                period_end=date(2028, 7, 31),
            ),
            actor=coordinator,
        )
        for order, (responsible, deadline) in enumerate(tasks):
            Task.objects.create(
                version=version,
                order=order,
                title=f"Tehtävä {order + 1}",
                responsible=person if responsible else None,
                deadline=date(2027, 5, 31) if deadline else None,
            )
        services.send_version(version, actor=coordinator)
    for role, day in (("contact", contact), ("management", management)):
        if day is not None:
            with time_machine.travel(at(day), tick=False):
                sign(version, role)
    return version


def sign(version, role):
    request = SignatureRequest.objects.get(version=version, role=role, status="sent")
    _token, raw = tokens.issue(TokenPurpose.SIGNATURE, request, sent_to=request.email)
    services.sign(
        request,
        tokens.lookup(raw, TokenPurpose.SIGNATURE),
        name=request.name,
        title="Rehtori",
        language="fi",
        signer=services.SignerEvidence(ip_address="192.0.2.1", user_agent="pytest"),
    )


def by_key(items):
    return {health_item.key: health_item for health_item in items}
