"""Demo announcements and motivation-log entries for `seed_demo`.

VERKKO's coordinator sent an invitation to the spring network day to the education providers and the foreign
partners (in Finnish, Swedish and English: Tallinn's contact reads it in English); its business and foreign partners
were reached by phone, at a meeting and on a visit, some of them long ago (the employers' organisation is past the
quiet-partner period). BRO's coordinator has a draft in Swedish. Dates are relative to the day of seeding; running
it again adds nothing twice."""

from datetime import timedelta

from django.utils import timezone

from partners.queries import current_members
from projects.models import Project

from . import services
from .models import Announcement, Channel, MotivationEntry

VERKKO, BRO = "OPH-1234-2026", "OPH-877-2025"

ANNOUNCEMENT = {
    "subject_fi": "Kevään verkostopäivä Mikkelissä",
    "body_fi": (
        "Hyvät verkoston jäsenet,\n\nkevään verkostopäivä pidetään Mikkelissä. Ohjelmassa ovat työssäoppimisjaksot "
        "ulkomailla ja uusien kumppanien perehdytys. Ilmoittautuminen tapaamiskutsun kautta."
    ),
    "subject_sv": "Nätverksdagen i S:t Michel i vår",
    "body_sv": (
        "Bästa medlemmar,\n\nvårens nätverksdag hålls i S:t Michel. På programmet står perioder av lärande i arbetet "
        "utomlands och introduktionen av nya partner. Anmälan via mötesinbjudan."
    ),
    "subject_en": "Spring network day in Mikkeli",
    "body_en": (
        "Dear members,\n\nthe spring network day takes place in Mikkeli. On the programme: work placements abroad and "
        "welcoming new partners. Please register through the meeting invitation."
    ),
}

# (member's business ID or registration number, days ago, channel, who from the network, contact's e-mail, note)
ENTRIES = [
    ("2889911-8", 75, Channel.PHONE, "Anna Virtanen", "laura.makela@aurora.example",
     "Kysyin kesän harjoittelupaikoista; kaksi paikkaa vastaanotolle."),
    ("70004465", 40, Channel.VISIT, "Anna Virtanen ja Mikko Korhonen", "partner@demo.networkhub.fi",
     "Vierailu Tallinnassa: sovittiin syksyn opiskelijavaihdosta."),
    ("1990022-8", 140, Channel.MEETING, "Anna Virtanen", "ville.hiltunen@yrittajat.example",
     "Tapasimme yrittäjäjärjestön aamukahveilla; lupasivat välittää tietoa jäsenyrityksille."),
]  # fmt: skip


def _member(project, key):
    members = current_members(project).select_related("organisation")
    return (
        members.filter(organisation__business_id=key).first()
        or members.filter(organisation__foreign_registration_number=key).first()
    )


def seed_outreach():
    today = timezone.localdate()
    verkko = Project.objects.filter(case_number=VERKKO).first()
    if verkko is not None:
        coordinator = verkko.coordinators.order_by("pk").first()
        for key, days_ago, channel, reached_by, email, note in ENTRIES:
            membership = _member(verkko, key)
            if membership is None:
                continue
            contact = membership.organisation.contacts.filter(email=email).first() if email else None
            MotivationEntry.objects.update_or_create(
                membership=membership,
                channel=channel,
                note=note,
                announcement=None,
                defaults={
                    "date": today - timedelta(days=days_ago),
                    "reached_by": reached_by,
                    "contact": contact,
                    "recorded_by": coordinator,
                },
            )
        if not Announcement.objects.filter(project=verkko, subject_fi=ANNOUNCEMENT["subject_fi"]).exists():
            draft = services.save_draft(
                Announcement(project=verkko, audience="group", to_education=True, to_foreign=True, **ANNOUNCEMENT),
                organisations=[],
                actor=coordinator,
            )
            services.send(draft, actor=coordinator)  # the e-mails go out after the seed commits
    bro = Project.objects.filter(case_number=BRO).first()
    if bro is not None and not Announcement.objects.filter(project=bro).exists():
        services.save_draft(
            Announcement(
                project=bro,
                subject_sv="Studiebesök i Bremen i maj",
                body_sv="Hej alla,\n\nvi planerar ett studiebesök hos Weser Logistik i maj. Mer information följer.",
                subject_en="Study visit to Bremen in May",
                body_en="Hello all,\n\nwe are planning a study visit to Weser Logistik in May. More to follow.",
            ),
            organisations=[],
            actor=bro.coordinators.order_by("pk").first(),
        )
