"""Demo results for `seed_demo`: VERKKO's outputs in Finnish (most disseminated at seminars and meetings, one
not yet; two made by several members together, which ties them on the network map; one recorded by a partner,
Saimaa, with Tunturi-Lappi as co-author and presented to the public; one taken up outside the network), two
VERKKO members' continuation plans, BRO's outputs in Swedish. Fixed dates
inside the demo reports' periods; running it again adds nothing twice."""

from datetime import date, datetime, time

from django.utils import timezone

from partners.models import ContactPerson, Membership, Organisation
from partners.queries import current_members
from projects.models import Project

from .models import (
    AudienceType,
    ContinuationPlan,
    Contribution,
    ContributionKind,
    DisseminationChannel,
    DisseminationEvent,
    Output,
    OutputType,
    Uptake,
)

VERKKO, BRO = "OPH-1234-2026", "OPH-877-2025"

# (type, title, description, web address, recorded on, [(date, channel, audience, reach, web address)])
OUTPUTS = {
    VERKKO: [
        (
            OutputType.WEB_PAGE,
            "Verkoston hankesivu",
            "Hankkeen tavoitteet, jäsenet ja ajankohtaiset liikkuvuusjaksot yhdellä sivulla.",
            "https://verkko.helmijoki.example",
            date(2026, 8, 20),
            [(date(2026, 9, 1), DisseminationChannel.WEB, "Sosiaalinen media ja jäsenten uutiskirjeet", 800, "")],
        ),
        (
            OutputType.OPERATING_MODEL,
            "Liikkuvuusjakson valmennusmalli",
            "Opiskelijan valmennus ennen ulkomaan työssäoppimisjaksoa, sen aikana ja sen jälkeen.",
            "",
            date(2026, 9, 10),
            [
                (
                    date(2026, 10, 8),
                    DisseminationChannel.SEMINAR,
                    "OPH:n kansainvälistymisseminaarin osallistujat, ammatillisen koulutuksen kv-koordinaattorit",
                    120,
                    "https://www.oph.fi/fi/tapahtumat",
                ),
                (date(2026, 11, 5), DisseminationChannel.NETWORK_MEETING, "Jäsenoppilaitosten opettajat", 35, ""),
            ],
        ),
        (
            OutputType.PUBLICATION,
            "Opas: ensimmäinen kansainvälinen jakso",
            "Opas aloitteleville koulutuksen järjestäjille: kumppanin haku, sopimukset ja riskit.",
            "https://verkko.helmijoki.example/opas",
            date(2026, 10, 1),
            [
                (date(2026, 10, 22), DisseminationChannel.SEMINAR, "Itä-Suomen kv-päivän osallistujat", 64, ""),
                (date(2026, 11, 12), DisseminationChannel.TRAINING, "Saimaan ja Tunturi-Lapin opettajat", 28, ""),
            ],
        ),
        (
            OutputType.PRACTICE,
            "Työpaikkaohjaajan tarkistuslista",
            "Lyhyt lista työpaikalle ennen ulkomaisen opiskelijan saapumista.",
            "",
            date(2026, 11, 20),
            [],  # not disseminated yet
        ),
    ],
    BRO: [
        (
            OutputType.METHOD,
            "Handledarmodell för internationella praktikanter",
            "Hur arbetsplatsen tar emot, handleder och bedömer en utländsk studerande.",
            "",
            date(2025, 12, 1),
            [
                (date(2026, 3, 12), DisseminationChannel.SEMINAR, "Arbetsplatshandledare i Österbotten", 45, ""),
                (
                    date(2026, 5, 20),
                    DisseminationChannel.NETWORK_MEETING,
                    "Nätverkets partner i Sverige och Tyskland",
                    18,
                    "",
                ),
            ],
        ),
        (
            OutputType.REPORT,
            "Rapport: arbetsplatslärande över gränserna",
            "Erfarenheter från de första praktikperioderna i Stockholm och Bremen.",
            "https://kustlinjen.example/rapport",
            date(2026, 6, 15),
            [(date(2026, 10, 1), DisseminationChannel.PUBLICATION, "Yrkeslärare i Finland och Sverige", 300, "")],
        ),
    ],
}


# The members (by business ID) that made an output together: its contributing organisations.
CONTRIBUTORS = {
    "Liikkuvuusjakson valmennusmalli": ["1234567-1", "2556688-7", "1667799-9"],
    "Opas: ensimmäinen kansainvälinen jakso": ["1234567-1", "1667799-9"],
}


# Events that reached beyond the network: (output title, date) -> audience type (the rest: inside the network).
AUDIENCE_TYPES = {
    ("Verkoston hankesivu", date(2026, 9, 1)): AudienceType.PUBLIC,
    ("Liikkuvuusjakson valmennusmalli", date(2026, 10, 8)): AudienceType.SECTOR,
    ("Rapport: arbetsplatslärande över gränserna", date(2026, 10, 1)): AudienceType.SECTOR,
}

# An output a partner recorded for their own organisation (Mikko Korhonen, Saimaa), made with Tunturi-Lappi and
# presented to the public: (business ID of the recording member, type, title, description, recorded on,
# co-authors' business IDs, [(date, channel, audience type, audience, reach)]).
PARTNER_OUTPUTS = {
    VERKKO: [
        (
            "0445577-4",
            OutputType.PRACTICE,
            "Kv-jakson paluupäivä",
            "Ulkomaanjaksolta palanneet opiskelijat kertovat kokemuksistaan yläkoululaisille ja huoltajille.",
            date(2026, 11, 16),
            ["0445577-4", "2556688-7"],
            [
                (
                    date(2026, 11, 26),
                    DisseminationChannel.MEDIA,
                    AudienceType.PUBLIC,
                    "Paikallislehden ja radion kuulijat Etelä-Savossa",
                    2500,
                )
            ],
        ),
    ],
}

# Outputs taken up by organisations outside the network: title -> [(organisation, date, evidence, web address)].
UPTAKES = {
    "Liikkuvuusjakson valmennusmalli": [
        (
            "Pohjois-Savon ammattiopisto",
            date(2026, 11, 18),
            "Valmennusmalli on otettu käyttöön kaikilla ulkomaanjaksoille lähtevillä opiskelijoilla syksystä 2026.",
            "https://pohjoissavo.example/kv/valmennus",
        ),
    ],
}

# Continuation plans: business ID -> (what continues, decided by, resources).
PLANS = {
    VERKKO: {
        "1234567-1": (
            "Valmennusmalli ja työpaikkaohjaajan tarkistuslista jatkuvat osana kaikkia kansainvälisiä jaksoja.",
            "Helmijoen ammattiopiston johtoryhmä 12.11.2026",
            "Kv-koordinaattorin työaikaa 20 %, matkabudjetti oppilaitoksen omasta rahoituksesta.",
        ),
        "0445577-4": (
            "Kv-jakson paluupäivä järjestetään joka kevät yhdessä Tunturi-Lapin kanssa.",
            "Saimaan seudun koulutuskuntayhtymän koulutusjohtaja",
            "Kaksi opettajaa kahden päivän ajan vuodessa; tilat omasta takaa.",
        ),
    },
}


def _noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)), timezone.get_current_timezone())


def seed_outputs():
    for case_number, outputs in OUTPUTS.items():
        project = Project.objects.get(case_number=case_number)
        coordinator = project.coordinators.order_by("pk").first()
        for output_type, title, description, url, recorded, events in outputs:
            output, _created = Output.objects.update_or_create(
                project=project,
                title=title,
                defaults={
                    "output_type": output_type,
                    "description": description,
                    "url": url,
                    "created_at": _noon(recorded),
                    "created_by": coordinator,
                },
            )
            if title in CONTRIBUTORS:
                output.contributors.set(
                    Organisation.objects.filter(
                        business_id__in=CONTRIBUTORS[title], pk__in=current_members(project).values("organisation_id")
                    )
                )
            for day, channel, audience, reach, link in events:
                DisseminationEvent.objects.update_or_create(
                    output=output,
                    date=day,
                    channel=channel,
                    defaults={
                        "audience": audience,
                        "audience_type": AUDIENCE_TYPES.get((title, day), AudienceType.NETWORK),
                        "reach": reach,
                        "url": link,
                        "created_by": coordinator,
                    },
                )
            for organisation_name, day, evidence, link in UPTAKES.get(title, []):
                Uptake.objects.update_or_create(
                    output=output,
                    organisation_name=organisation_name,
                    defaults={"date": day, "evidence": evidence, "url": link, "created_by": coordinator},
                )
    _seed_partner_outputs()
    _seed_plans()
    _seed_contributions()


# Members' contributions: (case number, business ID of the member, kind, date, description, with whom).
CONTRIBUTIONS = [
    (
        VERKKO,
        "0445577-4",
        ContributionKind.COMPANY_INTRODUCTION,
        date(2026, 10, 14),
        "Esittelimme verkoston työpaikkaohjaajamallin Hotelli Auroralle; hotelli ottaa keväällä vastaan kaksi "
        "virolaista harjoittelijaa.",
        "Hotelli Aurora Oy",
    ),
    (
        VERKKO,
        "1234567-1",
        ContributionKind.STUDY_VISIT,
        date(2026, 11, 4),
        "Opintokäynti Tallinna Teeninduskooliin: kuusi opettajaa kolmesta jäsenoppilaitoksesta.",
        "Tallinna Teeninduskool",
    ),
]


def _seed_contributions():
    for case_number, business_id, kind, day, description, counterpart in CONTRIBUTIONS:
        project = Project.objects.get(case_number=case_number)
        organisation = Organisation.objects.filter(
            business_id=business_id, pk__in=current_members(project).values("organisation_id")
        ).first()
        if organisation is None:
            continue
        contact = ContactPerson.objects.filter(organisation=organisation, user__isnull=False).order_by("pk").first()
        Contribution.objects.update_or_create(
            project=project,
            kind=kind,
            date=day,
            defaults={
                "description": description,
                "counterpart": counterpart,
                "recorded_for": organisation,
                "created_by": contact.user if contact else None,
            },
        )


def _seed_partner_outputs():
    for case_number, outputs in PARTNER_OUTPUTS.items():
        project = Project.objects.get(case_number=case_number)
        members = current_members(project).values("organisation_id")
        for business_id, output_type, title, description, recorded, co_authors, events in outputs:
            organisation = Organisation.objects.filter(business_id=business_id, pk__in=members).first()
            if organisation is None:
                continue
            contact = ContactPerson.objects.filter(organisation=organisation, user__isnull=False).order_by("pk").first()
            user = contact.user if contact else None
            output, _created = Output.objects.update_or_create(
                project=project,
                title=title,
                defaults={
                    "output_type": output_type,
                    "description": description,
                    "created_at": _noon(recorded),
                    "created_by": user,
                    "recorded_for": organisation,
                },
            )
            output.contributors.set(Organisation.objects.filter(business_id__in=co_authors, pk__in=members))
            for day, channel, audience_type, audience, reach in events:
                DisseminationEvent.objects.update_or_create(
                    output=output,
                    date=day,
                    channel=channel,
                    defaults={
                        "audience": audience,
                        "audience_type": audience_type,
                        "reach": reach,
                        "created_by": user,
                        "recorded_for": organisation,
                    },
                )


def _seed_plans():
    for case_number, plans in PLANS.items():
        project = Project.objects.get(case_number=case_number)
        for business_id, (continues, decided_by, resources) in plans.items():
            membership = Membership.objects.filter(project=project, organisation__business_id=business_id).first()
            if membership is None:
                continue
            contact = (
                ContactPerson.objects.filter(organisation=membership.organisation, user__isnull=False)
                .order_by("pk")
                .first()
            )
            ContinuationPlan.objects.update_or_create(
                membership=membership,
                defaults={
                    "continues": continues,
                    "decided_by": decided_by,
                    "resources": resources,
                    "updated_by": contact.user if contact else project.coordinators.order_by("pk").first(),
                    "updated_at": _noon(date(2026, 11, 20)),
                },
            )
