"""Demo commitments in varied states: signed, half signed, declined and corrected, waiting, draft.

Signing goes through the same service functions as the e-mailed links do, so the demo's hashes,
audit trails and PDFs verify. Letters that already exist are left as they are.

Some letters were signed before the project's application date, as the funder wants (characteristic
2). Those steps are played on their own past dates: the services read the time from
`django.utils.timezone.now`, which the demo sets for the step (`_on`), so the letter's events,
signatures and hashes are made at that time and verify like any other.
"""

from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from unittest import mock

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from networkhub import tokens
from partners.models import Membership, Organisation
from projects.models import Project

from . import identification, services
from .models import (
    CommitmentSettings,
    Letter,
    LetterVersion,
    NetworkRules,
    RulesRequest,
    SignatureRequest,
    SigningOrder,
    Task,
    TaskProgress,
    TokenPurpose,
)

RULES = {
    "fi": (
        "## Verkoston pelisäännöt\n\n"
        "1. Jokainen jäsen nimeää yhteyshenkilön ja varahenkilön.\n"
        "2. Verkosto kokoontuu vähintään neljännesvuosittain; kokemukset jaetaan avoimesti.\n"
        "3. Kumppanien luottamukselliset tiedot pysyvät verkoston sisällä.\n"
        "4. Tehtävien muutoksista sovitaan koordinaattorin kanssa ennen määräaikaa.\n"
        "5. Tulokset julkaistaan avoimesti hankkeen verkkosivuilla."
    ),
    "sv": (
        "## Nätverkets spelregler\n\n"
        "1. Varje medlem utser en kontaktperson och en ersättare.\n"
        "2. Nätverket träffas minst en gång per kvartal och delar erfarenheter öppet.\n"
        "3. Partnernas konfidentiella uppgifter stannar inom nätverket.\n"
        "4. Ändringar i uppgifterna avtalas med koordinatorn före tidsfristen."
    ),
}
RULES_V2_EXTRA = "\n6. Yrityskumppanit kutsutaan jokaiseen työpajaan ja heidän palautteensa kirjataan."

# The tasks in the letter's language (the letter goes out in its contact person's language).
TASKS = {
    "fi": [
        (
            "Ulkomaan työssäoppimisjaksojen järjestäminen",
            "Lähettää opiskelijoita ja ottaa vastaan ulkomaisia opiskelijoita.",
            "30 htp",
        ),
        ("Kokemustenvaihto", "Osallistuu verkoston työpajoihin ja esittelee omat käytäntönsä.", "5 htp / vuosi"),
        ("Tulosten levittäminen", "Julkaisee hyvät käytännöt omissa kanavissaan.", "3 htp"),
    ],
    "sv": [
        (
            "Arbetsplatsförlagt lärande utomlands",
            "Skickar studerande utomlands och tar emot utländska studerande.",
            "30 dagsverken",
        ),
        ("Erfarenhetsutbyte", "Deltar i nätverkets workshoppar och presenterar sina egna metoder.", "5 dv / år"),
        ("Spridning av resultaten", "Publicerar god praxis i sina egna kanaler.", "3 dagsverken"),
    ],
    "en": [
        (
            "Work-based learning periods abroad",
            "Sends students abroad and hosts students from the partner countries.",
            "30 person-days",
        ),
        (
            "Exchange of experience",
            "Takes part in the network's workshops and presents its own practices.",
            "5 days / year",
        ),
        ("Dissemination of results", "Publishes good practices in its own channels.", "3 person-days"),
    ],
}

# When each project's first rules were published: before its letters went out.
RULES_PUBLISHED = {
    "OPH-1234-2026": date(2026, 2, 16),
    "OPH-877-2025": date(2025, 3, 24),
    "OPH-2310-2025": date(2026, 10, 5),  # written down when the network took networkhub into use
}

# (case number, organisation business ID or registration number, management (name, title, e-mail), script,
#  days of (sending, the contact's signature, the management's signature), or None to play it today)
LETTERS = [
    (
        "OPH-1234-2026",
        "1234567-1",
        ("Pekka Laine", "Rehtori", "pekka.laine@helmijoki.example"),
        "amended",
        (date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 9)),
    ),
    (
        "OPH-1234-2026",
        "0445577-4",
        ("Hanna Saarinen", "Rehtori", "hanna.saarinen@saimaa.example"),
        "contact_signed",
        None,
    ),
    (
        "OPH-1234-2026",
        "2556688-7",
        ("Jussi Ahonen", "Toimitusjohtaja", "jussi.ahonen@tunturilappi.example"),
        "corrected",
        None,
    ),
    ("OPH-1234-2026", "1667799-9", ("Marja Lehto", "Vararehtori", "marja.lehto@ksamk.example"), "sent", None),
    ("OPH-1234-2026", "2889911-8", ("Kari Aalto", "Hotellinjohtaja", "kari.aalto@aurora.example"), "draft", None),
    (
        "OPH-1234-2026",
        "70004465",
        ("Tiina Kask", "Director", "tiina.kask@teeninduskool.example"),
        "signed",
        (date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 12)),
    ),
    (
        "OPH-877-2025",
        "3345566-9",
        ("Maria Sjöberg", "Rektor", "maria.sjoberg@kustlinjen.example"),
        "signed",
        (date(2025, 4, 7), date(2025, 4, 8), date(2025, 4, 14)),
    ),
    (
        "OPH-877-2025",
        "SE556036079301",
        ("Anders Lund", "VD", "anders.lund@styrk.example"),
        "paper",
        (date(2025, 4, 7), date(2025, 4, 10), date(2025, 4, 22)),
    ),
    (
        "OPH-877-2025",
        "2889911-8",
        ("Kari Aalto", "Hotellinjohtaja", "kari.aalto@aurora.example"),
        "signed",
        (date(2025, 4, 9), date(2025, 4, 16), date(2025, 4, 28)),
    ),
    (
        "OPH-877-2025",
        "DE136695976",
        ("Petra Vogel", "Geschäftsführerin", "p.vogel@weser-logistik.example"),
        "contact_signed",
        None,
    ),
    # POLKU took networkhub into use in October 2026: every letter was signed on paper before it applied.
    (
        "OPH-2310-2025",
        "2556688-7",
        ("Hannele Virtanen", "Koulutusjohtaja", "hannele.virtanen@tunturi-lappi.example"),
        "paper",
        (None, date(2025, 4, 28), date(2025, 5, 5)),
    ),
    (
        "OPH-2310-2025",
        "1667799-9",
        ("Jukka Leinonen", "Vararehtori", "jukka.leinonen@xamk.example"),
        "paper",
        (None, date(2025, 4, 29), date(2025, 5, 8)),
    ),
    (
        "OPH-2310-2025",
        "3101133-5",
        ("Tiina Kallio", "Toiminnanjohtaja", "tiina.kallio@nuortenmaailma.example"),
        "paper",
        (None, date(2025, 4, 30), date(2025, 5, 12)),
    ),
]


@contextmanager
def _on(day):
    """Play a step at 10:00 Helsinki time on `day` (None: now); the services take the time from timezone.now."""
    if day is None:
        yield
        return
    moment = timezone.make_aware(datetime.combine(day, time(10))).astimezone(UTC)  # as timezone.now() gives it
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _link(signature_request):
    _token, raw = tokens.issue(TokenPurpose.SIGNATURE, signature_request, sent_to=signature_request.email)
    return tokens.lookup(raw, TokenPurpose.SIGNATURE)


# Management signatories who identified strongly (bank ID through Suomi.fi e-Identification) when they signed.
# The demo has no identity provider configured, so the project option itself stays off and explains why.
STRONGLY_IDENTIFIED = {"3345566-9"}
DEMO_IDENTITY_CODE = "010170-999R"  # a test code: only its keyed hash is stored


def _sign(version, role, title, *, identity=None):
    request = SignatureRequest.objects.get(version=version, role=role, status="sent")
    evidence = services.SignerEvidence(ip_address="192.0.2.10", user_agent="Mozilla/5.0 (demo data)")
    services.sign(
        request,
        _link(request),
        name=request.name,
        title=title,
        language=request.language,
        signer=evidence,
        identity=identity,
    )


def _identity(membership, name):
    if membership.organisation.business_id not in STRONGLY_IDENTIFIED:
        return None
    return {
        "provider": "Suomi.fi-tunnistus",
        "level": "http://ftn.ficora.fi/2017/loa2",
        "name": name,
        "code_hash": identification.code_hash(DEMO_IDENTITY_CODE),
    }


def _draft(membership, coordinator, management, rules):
    contact = membership.organisation.contacts.order_by("pk").first()
    project = membership.project
    version = LetterVersion(
        language=contact.language,
        contact=contact,
        management_name=management[0],
        management_title=management[1],
        management_email=management[2],
        contribution_eur=2500 if membership.organisation.is_business else 8000,
        contribution_note="",
        period_start=max(project.start_date, membership.joined_on),
        period_end=project.end_date,
        rules=rules,
    )
    version = services.save_draft(membership, version, actor=coordinator)
    for order, (title, description, effort) in enumerate(TASKS.get(contact.language, TASKS["fi"])):
        Task.objects.create(
            version=version,
            order=order,
            title=title,
            description=description,
            effort=effort,
            deadline=_deadline(membership, order),
            responsible=contact,
            goal=project.goals.order_by("order").first() if order == 0 else None,
        )
    return version


# A task whose deadline has passed (a few weeks after the letter was signed) and is still in progress: the late task
# of the demo's follow-through (the tasks page, the matrix, the to-dos, the reminders and health item 3 show it).
LATE_TASK = ("70004465", 1, date(2026, 5, 15))


def _deadline(membership, order):
    project = membership.project
    number = membership.organisation.business_id or membership.organisation.foreign_registration_number
    if (number, order) == LATE_TASK[:2] and project.case_number == "OPH-1234-2026":
        return LATE_TASK[2]
    return min(date(2027, 5, 31), project.end_date) if order == 0 else project.end_date


# How the signed letters' tasks are carried out: (case number, organisation, task order, day, status, note or reason).
FOLLOW_THROUGH = [
    (
        "OPH-1234-2026",
        "70004465",
        0,
        date(2026, 10, 15),
        "done",
        "The first four students are back.",
    ),
    ("OPH-1234-2026", "70004465", 1, date(2026, 4, 20), "in_progress", "Workshop material half done; the host moved."),
    (
        "OPH-1234-2026",
        "1234567-1",
        1,
        date(2026, 9, 22),
        "in_progress",
        "Kaksi käytäntöä esitelty syksyllä.",
    ),
    ("OPH-877-2025", "3345566-9", 0, date(2025, 12, 12), "done", "Sex studerande i Tallinn och Kiel hösten 2025."),
    ("OPH-877-2025", "2889911-8", 2, date(2026, 2, 3), "dropped", "Ersätts av nätverkets gemensamma webbplats."),
]


def _follow_through():
    """The demo's task follow-through: done, in progress, late and dropped tasks (once: seeding again adds none)."""
    for case_number, number, order, day, status, text in FOLLOW_THROUGH:
        membership = Membership.objects.select_related("project", "organisation").get(
            project__case_number=case_number, organisation__in=_organisations(number)
        )
        letter = Letter.objects.filter(membership=membership).first()
        if letter is None:
            continue
        version = letter.versions.exclude(status="draft").order_by("-number").first()
        task = version.tasks.get(order=order) if version else None
        if task is None or TaskProgress.objects.filter(letter=letter, thread=task.thread).exists():
            continue
        contact = membership.organisation.contacts.order_by("pk").first()
        actor = contact.user if contact and contact.user else membership.project.coordinators.order_by("pk").first()
        with _on(day):
            services.update_task(
                membership,
                task.thread,
                status=status,
                done_on=day if status == "done" else None,
                drop_reason=text if status == "dropped" else "",
                note="" if status == "dropped" else text,
                actor=actor,
            )


# The day Helmijoki's contact person acknowledged the deadline its third task had been missing.
AMENDED_ON = date(2026, 6, 15)


def _play(script, membership, coordinator, management, rules, days=None):
    sent_on, contact_on, management_on = days or (None, None, None)
    if script == "paper":
        _paper(membership, coordinator, management, rules, contact_on, management_on)
        return
    with _on(sent_on):
        version = _draft(membership, coordinator, management, rules)
        if script == "draft":
            return
        if script == "amended":  # signed without the last task's deadline, added later by an amendment
            Task.objects.filter(version=version, order=2).update(deadline=None)
        services.send_version(version, actor=coordinator)
    contact_title = membership.organisation.contacts.order_by("pk").first().title or "-"
    if script == "sent":
        return
    with _on(contact_on):
        _sign(version, "contact", contact_title)
    if script == "contact_signed":
        return
    if script == "corrected":
        request = SignatureRequest.objects.get(version=version, role="management", status="sent")
        services.decline(
            request,
            _link(request),
            name=request.name,
            reason="Henkilöstöliikkuvuuden työmäärä on arvioitu liian suureksi.",
        )
        draft = services.start_new_version(version.letter, actor=coordinator)
        Task.objects.filter(version=draft, order=0).update(effort="20 htp")
        services.send_version(draft, actor=coordinator)
        _sign(draft, "contact", contact_title)
        return
    with _on(management_on):
        _sign(version, "management", management[1], identity=_identity(membership, management[0]))
    if script == "amended":
        _amend(version, coordinator)


def _amend(version, coordinator):
    """The coordinator adds the missing deadline by an amendment; the contact person acknowledges it."""
    task = version.tasks.get(order=2)
    deadline = min(date(2027, 11, 30), version.letter.membership.project.end_date)
    with _on(AMENDED_ON):
        amendment = services.propose_amendment(version.letter, [(task, None, deadline)], actor=coordinator)
        _token, raw = tokens.issue(
            TokenPurpose.AMENDMENT, amendment, sent_to=amendment.sent_to, ttl=amendment.expires_at - timezone.now()
        )
        services.acknowledge_amendment(
            amendment,
            tokens.lookup(raw, TokenPurpose.AMENDMENT),
            name=amendment.contact.name,
            signer=services.SignerEvidence(ip_address="192.0.2.11", user_agent="Mozilla/5.0 (demo data)"),
        )


# The scanned paper letter's heading, text and file name in the letter's language.
PAPER_SCAN = {
    "fi": ("Sitoumuskirje", "sitoutuu verkoston tehtäviin.", "sitoumuskirje-allekirjoitettu.pdf"),
    "sv": ("Åtagandebrev", "förbinder sig till nätverkets uppgifter.", "atagandebrev-underskrivet.pdf"),
    "en": ("Letter of commitment", "commits to the network's tasks.", "letter-of-commitment-signed.pdf"),
}


def _paper(membership, coordinator, management, rules, contact_on, management_on):
    """A letter signed on paper before the network used networkhub, recorded today with its scanned copy."""
    from weasyprint import HTML

    version = _draft(membership, coordinator, management, rules)
    contact = version.contact
    heading, text, file_name = PAPER_SCAN.get(version.language, PAPER_SCAN["fi"])
    scan = HTML(
        string=(
            f"<h1>{heading}</h1><p>{membership.organisation.name} {text}</p>"
            f"<p>{contact.name}, {contact_on.day}.{contact_on.month}.{contact_on.year}</p>"
            f"<p>{management[0]}, {management_on.day}.{management_on.month}.{management_on.year}</p>"
        )
    ).write_pdf()
    services.record_paper_signature(
        version,
        upload=ContentFile(scan, name=file_name),
        content_type="application/pdf",
        contact=services.PaperSigner(contact.name, contact.title or "-", contact_on),
        management=services.PaperSigner(management[0], management[1], management_on),
        actor=coordinator,
    )


@transaction.atomic
def seed_commitments():
    for case_number, language in (("OPH-1234-2026", "fi"), ("OPH-877-2025", "sv"), ("OPH-2310-2025", "fi")):
        project = Project.objects.get(case_number=case_number)
        coordinator = project.coordinators.order_by("pk").first()
        if case_number == "OPH-877-2025":
            CommitmentSettings.objects.update_or_create(
                project=project, defaults={"signing_order": SigningOrder.PARALLEL}
            )
        if NetworkRules.objects.current_for(project) is None:
            with _on(RULES_PUBLISHED[case_number]):
                services.publish_rules(
                    services.save_rules_draft(project, RULES[language], actor=coordinator), actor=coordinator
                )
    for case_number, number, management, script, days in LETTERS:
        membership = Membership.objects.select_related("project", "organisation").get(
            project__case_number=case_number, organisation__in=_organisations(number)
        )
        if Letter.objects.filter(membership=membership).exists():
            continue
        coordinator = membership.project.coordinators.order_by("pk").first()
        rules = NetworkRules.objects.current_for(membership.project)
        _play(script, membership, coordinator, management, rules, days)
    _rules_v2()
    _follow_through()


def _organisations(number):
    return Organisation.objects.filter(business_id=number) | Organisation.objects.filter(
        foreign_registration_number=number
    )


def _rules_v2():
    """VERKKO revises its rules; the Estonian partner has already accepted version 2."""
    project = Project.objects.get(case_number="OPH-1234-2026")
    if NetworkRules.objects.current_for(project).number >= 2:
        return
    coordinator = User.objects.get(email="koordinaattori@demo.networkhub.fi")
    rules = services.publish_rules(
        services.save_rules_draft(project, RULES["fi"] + RULES_V2_EXTRA, actor=coordinator), actor=coordinator
    )
    request = RulesRequest.objects.get(rules=rules, membership__organisation__foreign_registration_number="70004465")
    _token, raw = tokens.issue(TokenPurpose.RULES, request, sent_to=request.contact.email)
    services.accept_rules(
        request,
        tokens.lookup(raw, TokenPurpose.RULES),
        name=request.contact.name,
        title=request.contact.title,
        ip_address="192.0.2.20",
        user_agent="Mozilla/5.0 (demo data)",
    )
