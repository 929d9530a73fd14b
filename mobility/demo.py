"""Demo mobilities for `seed_demo`: VERKKO's students go to Bremen and Tallinn, staff come from Lisbon, and
Tunturi-Lapin ammattiopisto, new to international activity, makes its first mobility; BRO's students go to
Stockholm. VERKKO's first two goals count the mobilities: outgoing students, and staff either way. Each is
recorded by a contact of the member's own organisation where it has an account, else by a coordinator. Fixed dates
inside the demo reports' periods; running it again adds nothing twice."""

from datetime import date

from goals.demo import seed_goal_measures
from partners.models import ContactPerson, Organisation
from partners.queries import current_members
from projects.models import Project

from .models import Direction, Mobility, ParticipantType

VERKKO, BRO = "OPH-1234-2026", "OPH-877-2025"

# (direction, participants, how many, member (business ID or registration number), other side (a member's ID or
# an outside name), country, start, end, a newcomer's first mobility)
MOBILITIES = {
    VERKKO: [
        (Direction.OUTGOING, ParticipantType.STUDENTS, 4, "1234567-1", "Berufskolleg Bremen", "DE",
         date(2026, 9, 7), date(2026, 10, 2), False),
        (Direction.OUTGOING, ParticipantType.STUDENTS, 3, "1234567-1", "70004465", "EE",
         date(2026, 10, 5), date(2026, 10, 30), False),
        (Direction.INCOMING, ParticipantType.STAFF, 2, "1234567-1", "Escola Profissional de Lisboa", "PT",
         date(2026, 10, 12), date(2026, 10, 16), False),
        (Direction.OUTGOING, ParticipantType.STUDENTS, 2, "2556688-7", "Kuressaare Ametikool", "EE",
         date(2026, 11, 2), date(2026, 11, 20), True),
    ],
    BRO: [
        (Direction.OUTGOING, ParticipantType.STUDENTS, 5, "3345566-9", "Stockholms Yrkesgymnasium AB", "SE",
         date(2026, 2, 2), date(2026, 2, 27), False),
    ],
}  # fmt: skip


def _organisation(members, key):
    return members.filter(business_id=key).first() or members.filter(foreign_registration_number=key).first()


def seed_mobilities():
    for case_number, rows in MOBILITIES.items():
        project = Project.objects.get(case_number=case_number)
        coordinator = project.coordinators.order_by("pk").first()
        members = Organisation.objects.filter(pk__in=current_members(project).values("organisation_id"))
        for direction, kind, count, member_key, other, country, start, end, first in rows:
            member = _organisation(members, member_key)
            if member is None:
                continue
            other_side = _organisation(members, other) or other  # a member, else an outside organisation's name
            sending, receiving = (member, other_side) if direction == Direction.OUTGOING else (other_side, member)
            contact = ContactPerson.objects.filter(organisation=member, user__isnull=False).order_by("pk").first()
            Mobility.objects.update_or_create(
                project=project,
                direction=direction,
                start_date=start,
                country=country,
                defaults={
                    "participant_type": kind,
                    "participants": count,
                    "sending_organisation": sending if isinstance(sending, Organisation) else None,
                    "sending_name": sending if isinstance(sending, str) else "",
                    "receiving_organisation": receiving if isinstance(receiving, Organisation) else None,
                    "receiving_name": receiving if isinstance(receiving, str) else "",
                    "end_date": end,
                    "newcomer_first": first,
                    "created_by": contact.user if contact else coordinator,
                },
            )
    seed_goal_measures()
