"""A deterministic demo network. Running it again updates the same rows and adds nothing twice."""

import os
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.demo import enrol_demo_accounts
from accounts.models import User
from commitments.demo import seed_commitments
from goals.demo import seed_goal_reviews, seed_goals, seed_ideas
from health.demo import seed_health
from home.figures import refresh_programme_figures
from meetings.demo import seed_meetings
from mobility.demo import seed_mobilities
from networkhub import reminders, zones
from networkhub.models import Role
from outreach.demo import seed_outreach
from partners.demo import seed_expertise, seed_known_contacts
from partners.models import ContactPerson, Membership, MembershipRole, MembershipStatus, Organisation, OrganisationType
from projects.models import Programme, ProgrammeDeadline, Project, ProjectStatus, Region, ReportType
from pulse.demo import seed_pulse
from reports.demo import seed_reports
from results.demo import seed_outputs

PROGRAMMES = [
    {
        "code": "akk-2026",
        "name_fi": "Ammatillisen koulutuksen kansainvälistyminen 2026",
        "name_sv": "Internationalisering av yrkesutbildningen 2026",
        "name_en": "Internationalisation of vocational education and training 2026",
        # The internationalisation criterion (item 12) is scored only in a programme that switches it on.
        "health_settings": {"on": ["new_to_international"]},
        "deadlines": [
            (ReportType.STATUS, date(2027, 1, 31)),
            (ReportType.INTERIM, date(2027, 9, 30)),
            (ReportType.FINAL, date(2028, 10, 31)),
        ],
    },
    {
        "code": "tyoelama-2025",
        "name_fi": "Työelämäyhteistyön kehittäminen ammatillisessa koulutuksessa 2025",
        "name_sv": "Utveckling av arbetslivssamarbetet inom yrkesutbildningen 2025",
        "name_en": "Developing cooperation with working life in VET 2025",
        # Working life first: OPH's overview weighs business and foreign partners (item 10) three times in the risk
        # score of this programme's projects; the internationalisation criterion is not scored (docs/health.md).
        "health_settings": {"risk_weights": {"partners": 3}},
        "deadlines": [
            # Relative to the day the demo is seeded: BRO's interim report is one day overdue (not submitted).
            (ReportType.INTERIM, timedelta(days=-1)),
            (ReportType.FINAL, date(2027, 8, 31)),
        ],
    },
]

# (key, name, type, country, business ID or foreign registration number, new to international, website)
ORGANISATIONS = [
    (
        "helmi",
        "Helmijoen ammattiopisto",
        OrganisationType.EDUCATION_PROVIDER,
        "FI",
        "1234567-1",
        False,
        "https://helmijoki.example",
    ),
    (
        "rannikko",
        "Yrkesinstitutet Kustlinjen",
        OrganisationType.EDUCATION_PROVIDER,
        "FI",
        "3345566-9",
        False,
        "https://kustlinjen.example",
    ),
    ("saimaa", "Saimaan seudun koulutuskuntayhtymä", OrganisationType.EDUCATION_PROVIDER, "FI", "0445577-4", True, ""),
    ("lappi", "Tunturi-Lapin ammattiopisto", OrganisationType.EDUCATION_PROVIDER, "FI", "2556688-7", True, ""),
    ("amk", "Kaakkois-Suomen ammattikorkeakoulu", OrganisationType.HIGHER_EDUCATION, "FI", "1667799-9", False, ""),
    ("konepaja", "Konepaja Virtanen Oy", OrganisationType.COMPANY, "FI", "0778800-5", True, "https://konepaja.example"),
    ("hotelli", "Hotelli Aurora Oy", OrganisationType.COMPANY, "FI", "2889911-8", True, ""),
    (
        "tyonantajat",
        "Itä-Suomen yrittäjäyhdistys ry",
        OrganisationType.EMPLOYER_ORGANISATION,
        "FI",
        "1990022-8",
        False,
        "",
    ),
    ("nuoret", "Nuorten Maailma ry", OrganisationType.NGO, "FI", "3101133-5", True, "https://nuortenmaailma.example"),
    ("tallinn", "Tallinna Teeninduskool", OrganisationType.EDUCATION_PROVIDER, "EE", "70004465", False, ""),
    (
        "stockholm",
        "Stockholms Yrkesgymnasium AB",
        OrganisationType.EDUCATION_PROVIDER,
        "SE",
        "SE556036079301",
        False,
        "",
    ),
    ("berlin", "Berufskolleg Spree gGmbH", OrganisationType.EDUCATION_PROVIDER, "DE", "HRB 182736", False, ""),
    ("bremen", "Weser Logistik GmbH", OrganisationType.COMPANY, "DE", "DE136695976", False, ""),
]

# (e-mail, full name, role, language)
ACCOUNTS = [
    ("koordinaattori@demo.networkhub.fi", "Anna Virtanen", Role.COORDINATOR, "fi"),
    ("koordinator@demo.networkhub.fi", "Erik Lindqvist", Role.COORDINATOR, "sv"),
    ("polku@demo.networkhub.fi", "Sanna Lehtonen", Role.COORDINATOR, "fi"),
    ("kumppani@demo.networkhub.fi", "Mikko Korhonen", Role.PARTNER, "fi"),
    ("partner@demo.networkhub.fi", "Kadri Tamm", Role.PARTNER, "en"),
    ("arvioija@demo.networkhub.fi", "Liisa Oksanen", Role.FUNDER, "fi"),
]

# (organisation key, name, title, e-mail, language, consent, account e-mail)
CONTACTS = [
    (
        "helmi",
        "Anna Virtanen",
        "Kansainvälisten asioiden koordinaattori",
        "koordinaattori@demo.networkhub.fi",
        "fi",
        True,
        True,
    ),
    ("helmi", "Pekka Laine", "Rehtori", "pekka.laine@helmijoki.example", "fi", False, False),
    ("rannikko", "Erik Lindqvist", "Internationell koordinator", "koordinator@demo.networkhub.fi", "sv", True, True),
    ("rannikko", "Maria Sjöberg", "Rektor", "maria.sjoberg@kustlinjen.example", "sv", False, False),
    ("saimaa", "Mikko Korhonen", "Opettaja, kv-vastaava", "kumppani@demo.networkhub.fi", "fi", True, True),
    ("lappi", "Sanna Niemi", "Koulutuspäällikkö", "sanna.niemi@tunturilappi.example", "fi", True, False),
    ("amk", "Jari Heikkinen", "Yliopettaja", "jari.heikkinen@ksamk.example", "fi", True, False),
    ("konepaja", "Timo Virtanen", "Toimitusjohtaja", "timo@konepaja.example", "fi", False, False),
    ("hotelli", "Laura Mäkelä", "Henkilöstöpäällikkö", "laura.makela@aurora.example", "fi", True, False),
    ("tyonantajat", "Ville Hiltunen", "Toiminnanjohtaja", "ville.hiltunen@yrittajat.example", "fi", True, False),
    ("nuoret", "Emilia Rantanen", "Projektipäällikkö", "emilia@nuortenmaailma.example", "fi", True, False),
    ("tallinn", "Kadri Tamm", "International relations manager", "partner@demo.networkhub.fi", "en", True, True),
    ("stockholm", "Johan Berg", "Internationell samordnare", "johan.berg@styrk.example", "sv", True, False),
    ("berlin", "Katrin Weber", "Koordinatorin Internationales", "k.weber@spree-bk.example", "en", True, False),
    ("bremen", "Lars Hoffmann", "Ausbildungsleiter", "l.hoffmann@weser-logistik.example", "en", False, False),
]

PROJECTS = [
    {
        "case_number": "OPH-1234-2026",
        "acronym": "VERKKO",
        "name": "Verkostoituen maailmalle – kansainvälistymisen polut ammatilliseen koulutukseen",
        "programme": "akk-2026",
        "grant_eur": Decimal("180000.00"),
        "self_financing_eur": Decimal("45000.00"),
        "application_date": date(2026, 3, 15),
        "start_date": date(2026, 8, 1),
        "end_date": date(2028, 7, 31),
        "status": ProjectStatus.ACTIVE,
        "region": Region.SOUTH_KARELIA,
        "description": (
            "Verkosto kehittää ammatillisen koulutuksen järjestäjille malleja opiskelija- ja "
            "henkilöstöliikkuvuuteen yhdessä työelämän ja ulkomaisten kumppanien kanssa."
        ),
        "coordinator": "koordinaattori@demo.networkhub.fi",
        "lead": "helmi",
        "members": [
            ("saimaa", MembershipRole.PARTNER, MembershipStatus.COMMITTED, date(2026, 3, 1)),
            ("lappi", MembershipRole.PARTNER, MembershipStatus.ACTIVE, date(2026, 3, 1)),
            ("amk", MembershipRole.PARTNER, MembershipStatus.ACTIVE, date(2026, 3, 1)),
            ("konepaja", MembershipRole.ASSOCIATE, MembershipStatus.INVITED, date(2026, 9, 15)),
            ("hotelli", MembershipRole.ASSOCIATE, MembershipStatus.ACTIVE, date(2026, 3, 1)),
            ("tyonantajat", MembershipRole.ASSOCIATE, MembershipStatus.COMMITTED, date(2026, 3, 1)),
            ("nuoret", MembershipRole.PARTNER, MembershipStatus.ACTIVE, date(2026, 3, 1)),
            ("tallinn", MembershipRole.PARTNER, MembershipStatus.ACTIVE, date(2026, 3, 1)),
            ("berlin", MembershipRole.PARTNER, MembershipStatus.INVITED, date(2026, 10, 1)),
        ],
        "goals": [
            ("Opiskelijaliikkuvuus kasvaa", "Ulkomaan työssäoppimisjaksot", Decimal("120"), "opiskelijaa"),
            ("Henkilöstö osaa kansainvälisen toiminnan", "Henkilöstön liikkuvuusjaksot", Decimal("40"), "henkilöä"),
            ("Uudet järjestäjät mukaan", "Verkostoon liittyneet aloittelevat järjestäjät", Decimal("3"), "järjestäjää"),
        ],
    },
    {
        "case_number": "OPH-877-2025",
        "acronym": "BRO",
        "name": "Nordisk bro – arbetslivssamarbete över gränserna",
        "programme": "tyoelama-2025",
        "grant_eur": Decimal("95000.00"),
        "self_financing_eur": Decimal("23750.00"),
        "application_date": date(2025, 4, 30),
        "start_date": date(2025, 9, 1),
        "end_date": date(2027, 6, 30),
        "status": ProjectStatus.ACTIVE,
        "region": Region.OSTROBOTHNIA,
        "description": (
            "Ett nätverk som utvecklar arbetsplatslärande tillsammans med företag i Finland, Sverige och Tyskland."
        ),
        "coordinator": "koordinator@demo.networkhub.fi",
        "lead": "rannikko",
        "members": [
            ("stockholm", MembershipRole.PARTNER, MembershipStatus.ACTIVE, date(2025, 4, 1)),
            ("bremen", MembershipRole.ASSOCIATE, MembershipStatus.ACTIVE, date(2025, 4, 1)),
            ("hotelli", MembershipRole.ASSOCIATE, MembershipStatus.COMMITTED, date(2025, 4, 1)),
            ("tallinn", MembershipRole.PARTNER, MembershipStatus.WITHDRAWN, date(2025, 4, 1)),
        ],
        "goals": [
            (
                "Fler arbetsplatser tar emot utländska studerande",
                "Nya värdarbetsplatser",
                Decimal("25"),
                "arbetsplatser",
            ),
            ("Handledarna utbildas", "Utbildade handledare", Decimal("60"), "personer"),
        ],
    },
    {
        # Took networkhub into use after applying: its letters were signed on paper before the application
        # date and are recorded with their scans (commitments/demo.py); the members are asked to accept the rules.
        "case_number": "OPH-2310-2025",
        "acronym": "POLKU",
        "name": "Polkuja työelämään – työpaikalla oppimisen yhteistyö Lapista Kymenlaaksoon",
        "programme": "tyoelama-2025",
        "grant_eur": Decimal("72000.00"),
        "self_financing_eur": Decimal("18000.00"),
        "application_date": date(2025, 5, 15),
        "start_date": date(2025, 9, 1),
        "end_date": date(2027, 8, 31),
        "status": ProjectStatus.ACTIVE,
        "region": Region.SOUTH_KARELIA,
        "description": (
            "Verkosto rakentaa työpaikalla oppimisen malleja koulutuksen järjestäjien, korkeakoulun ja "
            "järjestöjen kesken. Hanke otti networkhubin käyttöön syksyllä 2026."
        ),
        "coordinator": "polku@demo.networkhub.fi",
        "lead": "lappi",
        "members": [
            ("amk", MembershipRole.PARTNER, MembershipStatus.ACTIVE, date(2025, 4, 1)),
            ("nuoret", MembershipRole.PARTNER, MembershipStatus.ACTIVE, date(2025, 4, 1)),
        ],
        "goals": [
            ("Työpaikkaohjaajat koulutetaan", "Koulutetut työpaikkaohjaajat", Decimal("40"), "henkilöä"),
        ],
    },
]


# Telephone numbers in each country's own format; the digits differ per contact.
PHONE_FORMATS = {
    "FI": "+358 40 {a:03d} {b:04d}",
    "SE": "+46 70 {a:03d} {b:04d}",
    "EE": "+372 5{a:03d} {b:04d}",
    "DE": "+49 151 {a:03d}{b:04d}",
}


def _phone(country, index):
    return PHONE_FORMATS.get(country, PHONE_FORMATS["FI"]).format(a=120 + 37 * index % 880, b=1000 + 611 * index % 9000)


class Command(BaseCommand):
    help = "Create or refresh the demo network: programmes, projects, organisations, contacts and accounts."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for every demo account (default: $DEMO_PASSWORD).")

    def handle(self, *args, password=None, **options):
        password = password or os.environ.get("DEMO_PASSWORD")
        if not password:
            raise CommandError("Give the demo accounts' password with --password or the DEMO_PASSWORD variable.")
        with transaction.atomic():
            users = self.seed_accounts(password)
            programmes = self.seed_programmes()
            organisations = self.seed_organisations()
            self.seed_contacts(organisations, users)
            for spec in PROJECTS:
                self.seed_project(spec, programmes, organisations, users)
            seed_known_contacts()
            seed_expertise()
            seed_goal_reviews()
            seed_commitments()
            seed_meetings()
            seed_ideas()
            seed_outputs()
            seed_mobilities()
            seed_outreach()
            seed_pulse()
            seed_reports()
            self.seed_health_snapshots()
            two_factor_keys = enrol_demo_accounts(password, [*(row[0] for row in ACCOUNTS), "admin@demo.networkhub.fi"])
            # The programme aggregates' stored figures, as the beat job stores them (home.figures).
            refresh_programme_figures()
        reminders.plan()
        self.stdout.write(self.style.SUCCESS(_("Demo data ready. Accounts:")))
        rows = [(str(Role(role).label), email, f"({name})") for email, name, role, _language in ACCOUNTS]
        rows.append((str(_("Administrator")), "admin@demo.networkhub.fi", ""))
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        for label, email, name in rows:
            self.stdout.write(f"  {label:<{widths[0]}}  {email:<{widths[1]}}  {name}".rstrip())
        # The funder reviewer and the administrator sign in with a code too (networkhub/demo.py).
        self.stdout.write(_("Authenticator keys (TOTP) of the accounts that need a code:"))
        for email, key in two_factor_keys:
            # Without the spaces of the typing groups: `oathtool --totp -b KEY` takes it as it is.
            self.stdout.write(f"  {'':<{widths[0]}}  {email:<{widths[1]}}  {key.replace(' ', '')}")

    def seed_health_snapshots(self):
        """The weekly network-health snapshots of the last weeks, as of each week's Monday, so that trends show,
        and today's statuses, which the funder's programme overview lists."""
        seed_health()  # health/demo.py

    def seed_accounts(self, password):
        users = {}
        for email, name, role, language in ACCOUNTS:
            user, _created = User.objects.update_or_create(
                email=email, defaults={"full_name": name, "role": role, "language": language, "is_active": True}
            )
            user.set_password(password)
            user.save()
            users[email] = user
        admin, _created = User.objects.update_or_create(
            email="admin@demo.networkhub.fi",
            defaults={
                "full_name": "Aino Ylläpitäjä",
                "role": Role.ADMINISTRATOR,
                "is_staff": True,
                "is_superuser": True,
            },
        )
        admin.set_password(password)
        admin.save()
        return users

    def seed_programmes(self):
        programmes = {}
        for spec in PROGRAMMES:
            programme, _created = Programme.objects.update_or_create(
                code=spec["code"],
                defaults={
                    **{key: spec[key] for key in ("name_fi", "name_sv", "name_en")},
                    "health_settings": spec.get("health_settings", {}),
                },
            )
            for report_type, due in spec["deadlines"]:
                if isinstance(due, timedelta):  # relative to today: seeding again on a later day moves it
                    ProgrammeDeadline.objects.update_or_create(
                        programme=programme, report_type=report_type, defaults={"due_date": timezone.localdate() + due}
                    )
                    continue
                ProgrammeDeadline.objects.get_or_create(programme=programme, report_type=report_type, due_date=due)
            programmes[spec["code"]] = programme
        return programmes

    def seed_organisations(self):
        organisations = {}
        for key, name, org_type, country, number, new, website in ORGANISATIONS:
            domestic = country == "FI"
            lookup = (
                {"business_id": number} if domestic else {"country": country, "foreign_registration_number": number}
            )
            organisation, _created = Organisation.objects.update_or_create(
                **lookup,
                defaults={
                    "name": name,
                    "org_type": org_type,
                    "country": country,
                    "new_to_international": new,
                    "website": website,
                },
            )
            organisation.full_clean()
            organisations[key] = organisation
        return organisations

    def seed_contacts(self, organisations, users):
        for index, (key, name, title, email, language, consent, has_account) in enumerate(CONTACTS):
            ContactPerson.objects.update_or_create(
                organisation=organisations[key],
                email=email,
                defaults={
                    "name": name,
                    "title": title,
                    "language": language,
                    "consent_to_share": consent,
                    "phone": _phone(organisations[key].country.code, index) if consent else "",
                    "user": users.get(email) if has_account else None,
                    # Foreign contacts read meeting times in their own zone too (Tallinn, Stockholm, Berlin).
                    "time_zone": next(iter(zones.zones_of_country(organisations[key].country.code)), None)
                    or zones.DEFAULT_TIME_ZONE,
                },
            )

    def seed_project(self, spec, programmes, organisations, users):
        fields = {
            key: spec[key]
            for key in (
                "acronym",
                "name",
                "grant_eur",
                "self_financing_eur",
                "application_date",
                "start_date",
                "end_date",
                "status",
                "region",
                "description",
            )
        }
        project, _created = Project.objects.update_or_create(
            case_number=spec["case_number"], defaults={**fields, "programme": programmes[spec["programme"]]}
        )
        project.full_clean()
        project.coordinators.add(users[spec["coordinator"]])
        Membership.objects.update_or_create(
            project=project,
            organisation=organisations[spec["lead"]],
            defaults={
                "role": MembershipRole.LEAD,
                "status": MembershipStatus.ACTIVE,
                "joined_on": spec["application_date"],
            },
        )
        for key, role, status, joined in spec["members"]:
            left = date(2026, 5, 31) if status == MembershipStatus.WITHDRAWN else None
            Membership.objects.update_or_create(
                project=project,
                organisation=organisations[key],
                defaults={"role": role, "status": status, "joined_on": joined, "left_on": left},
            )
        seed_goals(project, spec["goals"])
