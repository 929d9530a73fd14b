"""Demo results for `seed_demo`: VERKKO's outputs in Finnish (most disseminated at seminars and meetings, one
not yet; two made by several members together, which ties them on the network map), BRO's in Swedish. Fixed dates
inside the demo reports' periods; running it again adds nothing twice."""

from datetime import date, datetime, time

from django.utils import timezone

from partners.models import Organisation
from partners.queries import current_members
from projects.models import Project

from .models import DisseminationChannel, DisseminationEvent, Output, OutputType

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
                    defaults={"audience": audience, "reach": reach, "url": link, "created_by": coordinator},
                )
