"""Demo reports for `seed_demo`: VERKKO's interim report filled in and submitted (so the reviewer's queue
has one), and BRO's status report as a Swedish draft; their outputs come from `results.demo`. The demo reviewer
is BRO's officer (case work, issue 22) with a note, a follow-up due soon and one done. Running it again adds
nothing twice."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from projects.models import ProgrammeDeadline, Project, ReportType

from . import casework, services
from .models import BudgetCategory, CaseNote, RenderStatus, Report, ReportBudgetLine, ReportGoalEntry
from .tasks import render_report

VERKKO, BRO = "OPH-1234-2026", "OPH-877-2025"

ACTUALS = [
    (
        Decimal("46"),
        "Työssäoppimisjaksot Tallinnassa ja Berliinissä; yhteinen valmennusmalli.",
        "46 opiskelijaa ulkomailla.",
    ),
    (
        Decimal("18"),
        "Henkilöstön job shadowing -jaksot ja kaksi työpajaa.",
        "Opettajat käyttävät yhteistä ohjausmallia.",
    ),
    (Decimal("2"), "Kaksi aloittelevaa järjestäjää mukaan mentoroinnin avulla.", "Saimaa ja Lappi aloittivat."),
]
BUDGET = {
    BudgetCategory.PERSONNEL: (Decimal("60000"), Decimal("52340.50")),
    BudgetCategory.TRAVEL: (Decimal("35000"), Decimal("38210.00")),
    BudgetCategory.SERVICES: (Decimal("12000"), Decimal("9800.00")),
    BudgetCategory.OTHER: (Decimal("5000"), Decimal("3120.40")),
}


def render_now(report):
    """Render the PDF in-process (the demo cannot wait for a worker)."""
    seq = report.render_seq + 1
    Report.objects.filter(pk=report.pk).update(
        render_seq=seq, render_status=RenderStatus.QUEUED, render_claimed_at=timezone.now()
    )
    render_report.run(report.pk, seq)
    report.refresh_from_db()


def _interim(project, coordinator):
    deadline = ProgrammeDeadline.objects.get(programme=project.programme, report_type=ReportType.INTERIM)
    report = services.create_report(project, programme_deadline=deadline, actor=coordinator, language="fi")
    if report.version_count:
        return report
    Report.objects.filter(pk=report.pk).update(
        summary="Verkosto on käynnistynyt suunnitellusti. Ensimmäiset liikkuvuusjaksot toteutuivat syksyllä.",
        what_worked="Yhteiset valmennuspäivät ja ohjausryhmän säännölliset kokoukset.",
        challenges="Yritysten sitoutuminen vaatii enemmän henkilökohtaista yhteydenpitoa.",
        next_steps="Laajennetaan verkostoa Saksaan ja otetaan käyttöön uusi valmennusmalli.",
        self_financing_actual_eur=Decimal("26000.00"),
    )
    for goal, (actual, activities, results) in zip(project.goals.order_by("order", "pk"), ACTUALS, strict=False):
        ReportGoalEntry.objects.update_or_create(
            report=report, goal=goal, defaults={"actual": actual, "activities": activities, "results": results}
        )
    for category, (planned, actual) in BUDGET.items():
        ReportBudgetLine.objects.update_or_create(
            report=report, category=category, defaults={"planned_eur": planned, "actual_eur": actual}
        )
    report.refresh_from_db()
    render_now(report)
    services.submit(report, actor=coordinator)
    return report


def _status(project, coordinator):
    report = services.create_report(
        project,
        report_type=ReportType.STATUS,
        actor=coordinator,
        language="sv",
        period=(project.start_date, project.start_date.replace(year=project.start_date.year + 1)),
    )
    if not report.summary:
        Report.objects.filter(pk=report.pk).update(
            summary="Nätverket har kommit i gång och de första värdarbetsplatserna har anslutit sig.",
            next_steps="Handledarutbildningen startar i vår.",
        )
    return report


def seed_reports():
    users = get_user_model().objects
    verkko = Project.objects.select_related("programme").get(case_number=VERKKO)
    bro = Project.objects.select_related("programme").get(case_number=BRO)
    seeded = (
        _interim(verkko, users.get(email="koordinaattori@demo.networkhub.fi")),
        _status(bro, users.get(email="koordinator@demo.networkhub.fi")),
    )
    seed_case_work(bro, users.get(email="arvioija@demo.networkhub.fi"))
    return seeded


NOTE = "Soitin Erikille: väliraportti viivästyy, koska yksi kumppani vaihtui. Lisäaikaa ei ole vielä haettu."


def seed_case_work(project, officer):
    """The demo reviewer as the project's officer: a note, an open follow-up in three days and one done."""
    if CaseNote.objects.filter(project=project, text=NOTE).exists():
        return
    today = timezone.localdate()
    casework.assign_officer(project, officer, actor=officer)
    casework.add_note(project, NOTE, actor=officer)
    casework.add_follow_up(project, today + timedelta(days=3), "Tarkista, onko väliraportti lähetetty.", actor=officer)
    done = casework.add_follow_up(project, today - timedelta(days=14), "Pyydä päivitetty kumppanilista.", actor=officer)
    casework.complete_follow_up(done, actor=officer)
