"""Demo trust pulse for `seed_demo`: both projects run it. VERKKO has last quarter's round, closed with enough
answers for the averages (comments in Finnish), and this quarter's, open; BRO likewise (in Swedish), but its
four member contacts are too few for last quarter's averages to show.
Answers of an open round wait in the buffer (PendingAnswer) until the close; a past round is closed as the job
would close it. The coordinators are not asked.

Rounds are written directly, as if the quarterly job had opened them, without e-mail. A round that already
has answers is left as it is, so running it again adds nothing twice.
"""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from partners.models import ContactPerson
from partners.queries import current_members
from projects.models import Project

from . import services
from .models import Dimension, PendingAnswer, PulseRecipient, PulseRound, PulseSetting, quarter_end, quarter_of

VERKKO, BRO = "OPH-1234-2026", "OPH-877-2025"

# Per project: rounds as (quarters back, [(openness, reliability, mission, resources, involvement, influence,
# coordination, comment)]); None is a "can't say".
ROUNDS = {
    VERKKO: [
        (
            1,
            [
                (3, 3, 4, 2, 3, 2, None, ""),
                (4, 3, 4, 3, 3, 3, 4, "Yritysten ääni kuuluu vielä vähän ohjausryhmässä."),
                (3, 4, 5, 3, 2, None, 4, ""),
                (4, 3, 4, 3, 4, 3, 4, "Hyvä alku, tehtävänjako voisi olla selkeämpi."),
                (4, 4, 4, 3, 3, 3, 5, ""),
                (3, 4, 4, 3, 3, 2, 4, "Tiedonkulku kokousten välillä toimii hyvin."),
            ],
        ),
        (
            0,
            [
                (4, 4, 5, 3, 4, 3, 4, "Opintomatka Tallinnaan toi verkostoa lähemmäs toisiaan."),
                (4, 3, 4, 3, 3, 3, 4, ""),
                (3, 4, 4, 2, 3, None, 3, "Kaikki eivät ehdi kokouksiin, muistiot auttavat."),
                (5, 4, 5, 3, 4, 4, 5, ""),
                (3, 3, 4, 3, 3, 3, None, ""),
            ],
        ),
    ],
    BRO: [
        (
            1,
            [
                (4, 4, 5, 4, 4, 4, 4, "Samarbetet kom igång bra."),
                (5, 4, 4, 4, 4, 3, 5, ""),
                (4, 5, 5, 3, 4, 4, 4, "Fler gemensamma möten, tack."),
                (4, 4, 4, 4, 5, 4, None, ""),
                (5, 5, 4, 4, 4, 4, 5, ""),
            ],
        ),
        (
            0,
            [
                (5, 4, 5, 4, 4, 4, 5, "Bra stämning och tydliga roller."),
                (4, 5, 4, 4, 5, 4, 4, ""),
                (4, 4, 5, 4, 4, 3, 4, "Vi borde träffas oftare."),
            ],
        ),
    ],
}


@transaction.atomic
def seed_pulse():
    today = timezone.localdate()
    for case_number, rounds in ROUNDS.items():
        project = Project.objects.filter(case_number=case_number).first()
        if project is None:
            continue
        PulseSetting.objects.update_or_create(project=project, defaults={"enabled": True})
        for quarters_back, answers in rounds:
            _round(project, quarter_of(today) - relativedelta(months=3 * quarters_back), today, answers)


def _round(project, quarter, today, answers):
    opened_on = max(quarter, project.start_date)
    if opened_on > min(quarter_end(quarter), today):
        return None  # the project had not started in that quarter
    pulse_round, _created = PulseRound.objects.get_or_create(
        project=project,
        quarter=quarter,
        defaults={"opened_on": min(opened_on, today), "closes_on": quarter_end(quarter)},
    )
    if pulse_round.closed or pulse_round.answers.exists() or pulse_round.pending_answers.exists():
        return pulse_round
    contacts = services.without_coordinators(
        ContactPerson.objects.filter(
            organisation__in=current_members(project, pulse_round.opened_on).values("organisation_id")
        ),
        project,
    ).order_by("organisation__name", "name", "pk")
    # One contact per organisation first, so that the answers come from as many organisations as there are.
    firsts, rest, seen = [], [], set()
    for contact in contacts:
        (rest if contact.organisation_id in seen else firsts).append(contact)
        seen.add(contact.organisation_id)
    contacts = firsts + rest
    recipients = [PulseRecipient.objects.get_or_create(round=pulse_round, contact=c)[0] for c in contacts]
    for recipient, answer in zip(recipients, answers, strict=False):
        *ratings, comment = answer
        PendingAnswer.objects.create(
            round=pulse_round, comment=comment, **dict(zip(Dimension.values, ratings, strict=True))
        )
        recipient.answered = True
        recipient.save(update_fields=["answered"])
    if pulse_round.closes_on < today:
        pulse_round = services.close_round(pulse_round)
    return pulse_round
