"""Which projects know which contacts, and demo expertise profiles, each in its organisation's language;
one VERKKO member (Konepaja Virtanen Oy) has no profile.

Profiles go through the same service function as the edit page, so the audit trail is there too.
Profiles that already exist are left as they are.
"""

from django.db import transaction

from .models import ContactPerson, ExpertiseProfile, Membership, Organisation, ProjectContact
from .services import save_expertise_profile

# (business ID or foreign registration number, tags, text)
PROFILES = [
    (
        "1234567-1",
        ["mobility", "work-based learning", "internationalisation strategy", "guidance and counselling"],
        "Helmijoen ammattiopisto on koordinoinut opiskelija- ja henkilöstöliikkuvuutta vuodesta 2009. "
        "Jaamme mielellämme liikkuvuusjaksojen valmennusmallimme, riskienarvioinnin pohjat ja "
        "kokemuksemme ulkomaan työssäoppimisen tunnustamisesta osaksi tutkintoa.",
    ),
    (
        "3345566-9",
        ["work-based learning", "apprenticeship", "employer cooperation", "language and culture training"],
        "Kustlinjen har lång erfarenhet av arbetsplatslärande och läroavtal i samarbete med små företag "
        "i Österbotten. Vi delar gärna våra handledarutbildningar och material på svenska och finska.",
    ),
    (
        "0445577-4",
        ["digital pedagogy", "virtual exchange", "special needs education"],
        "Olemme kansainvälisessä toiminnassa vasta alussa, mutta meillä on vahva osaaminen "
        "verkko-opetuksesta ja erityistä tukea tarvitsevien opiskelijoiden ohjauksesta.\n\n"
        "Haluamme oppia liikkuvuusjaksojen järjestämistä ja tarjoamme vastineeksi virtuaalivaihtojen malleja.",
    ),
    (
        "2556688-7",
        ["arctic tourism", "tourism and hospitality", "green skills"],
        "Tunturi-Lapin ammattiopisto kouluttaa matkailu- ja ravitsemisalan osaajia arktisiin olosuhteisiin. "
        "Tarjoamme harjoittelupaikkoja Levin ja Ylläksen matkailuyrityksissä sekä vastuullisen matkailun osaamista.",
    ),
    (
        "1667799-9",
        ["digital pedagogy", "quality assurance", "recognition of prior learning"],
        "Ammattikorkeakoulun tutkimusryhmä tukee verkostoa arvioinnissa: kyselyt, vaikuttavuuden mittarit "
        "ja aiemmin hankitun osaamisen tunnistamisen käytännöt.",
    ),
    (
        "2889911-8",
        ["tourism and hospitality", "work-based learning", "employer cooperation"],
        "Hotelli Aurora ottaa vastaan suomalaisia ja ulkomaisia työssäoppijoita vastaanotossa, keittiössä "
        "ja kerroshuollossa. Työpaikkaohjaajamme ovat käyneet ohjaajakoulutuksen.",
    ),
    (
        "1990022-8",
        ["employer cooperation", "entrepreneurship"],
        "Yrittäjäyhdistys tuo verkostoon pk-yritysten näkökulman ja välittää yhteyksiä jäsenyrityksiin, "
        "jotka haluavat ottaa vastaan työssäoppijoita.",
    ),
    (
        "3101133-5",
        ["youth work", "guidance and counselling", "mobility"],
        "Nuorten Maailma valmentaa nuoria ulkomaanjaksoille ja tukee heitä jakson aikana. Osaamme erityisesti "
        "vähemmän mahdollisuuksia saaneiden nuorten osallistamisen.",
    ),
    (
        "70004465",
        ["tourism and hospitality", "mobility", "language and culture training"],
        "Tallinna Teeninduskool hosts incoming VET students in hospitality, catering and tourism and offers "
        "a two-week Estonian language and culture module before the placement.",
    ),
    (
        "SE556036079301",
        ["apprenticeship", "logistics", "work-based learning"],
        "Stockholms Yrkesgymnasium har ett nätverk av värdföretag inom logistik och handel och tar emot "
        "studerande från Norden för praktikperioder på 4–12 veckor.",
    ),
    (
        "HRB 182736",
        ["apprenticeship", "mechanical engineering", "green skills"],
        "Berufskolleg Spree trains apprentices in the German dual system and can place visiting students "
        "in metal and mechanical engineering companies in Berlin.",
    ),
    (
        "DE136695976",
        ["logistics", "work-based learning"],
        "Weser Logistik takes two to four foreign trainees a year in warehouse and transport planning; "
        "supervision in English and German.",
    ),
]


@transaction.atomic
def seed_expertise():
    for number, tags, text in PROFILES:
        organisation = (
            Organisation.objects.filter(business_id=number)
            | Organisation.objects.filter(foreign_registration_number=number)
        ).get()
        if ExpertiseProfile.objects.filter(organisation=organisation).exists():
            continue
        author = ContactPerson.objects.filter(organisation=organisation, user__isnull=False).first()
        membership = Membership.objects.current().filter(organisation=organisation).order_by("pk").first()
        save_expertise_profile(
            organisation,
            tags=tags,
            description=text,
            actor=author.user if author else None,
            project=membership.project if membership else None,
            notify_others=False,  # the demo's starting state, not a change anyone is told about
        )


@transaction.atomic
def seed_known_contacts():
    """Each demo contact was added by the projects its organisation is a member of, so those projects know it.

    Helmijoen ammattiopisto is a VERKKO member only: BRO's coordinator who adds it from the registry sees its
    consenting contact (Anna Virtanen), not Pekka Laine, and may edit neither (they serve VERKKO).
    """
    links = [
        ProjectContact(project_id=project_id, contact_id=contact_id)
        for contact_id, project_id in ContactPerson.objects.filter(organisation__memberships__isnull=False).values_list(
            "pk", "organisation__memberships__project_id"
        )
    ]
    ProjectContact.objects.bulk_create(links, ignore_conflicts=True)
