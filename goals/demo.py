"""Demo goals, goal reviews and ideas for `seed_demo`.

Goals: each demo project's goals, from `seed_demo`'s project specs.

Goal reviews: VERKKO reviewed its goals about five months ago (mixed statuses); BRO's last review is eight
months old, so its next one is overdue. Dates are relative to today; running it again updates the same rows
(found by project and summary) and adds nothing twice.

Ideas: adopted by a meeting decision (seeded by `meetings.demo` first), being tried, new and dropped.
"""

from datetime import timedelta

from django.utils import timezone

from meetings.queries import decision_with_text
from partners.models import ContactPerson
from projects.models import Project

from .models import (
    Goal,
    GoalMeasure,
    GoalReview,
    GoalReviewEntry,
    GoalStatus,
    Idea,
    IdeaStatus,
    MobilityDirection,
    MobilityParticipants,
)

VERKKO, BRO = "OPH-1234-2026", "OPH-877-2025"


def seed_goals(project, goals):
    """The project's goals in order: `goals` are (title, indicator, target, unit)."""
    for order, (title, indicator, target, unit) in enumerate(goals):
        Goal.objects.update_or_create(
            project=project,
            order=order,
            defaults={"title": title, "indicator": indicator, "target": target, "unit": unit},
        )


# VERKKO's goals (project, order) counted from the mobility records, with their filter: outgoing students, and staff
# either way (seeded with the mobilities, `mobility.demo`).
GOAL_MEASURES = {
    (VERKKO, 0): {
        "mobility_direction": MobilityDirection.OUTGOING,
        "mobility_participants": MobilityParticipants.STUDENTS,
    },
    (VERKKO, 1): {"mobility_participants": MobilityParticipants.STAFF},
}


def seed_goal_measures():
    for (case_number, order), measure in GOAL_MEASURES.items():
        Goal.objects.filter(project__case_number=case_number, order=order).update(
            measure=GoalMeasure.MOBILITIES, **measure
        )


def _contact(email):
    found = {contact.email: contact for contact in ContactPerson.objects.filter(email__in=[email])}
    return found.get(email)


REVIEWS = {
    VERKKO: {
        "days_ago": 150,
        "summary": (
            "Ohjausryhmä kävi tavoitteet läpi kumppanien kanssa. Opiskelijaliikkuvuus etenee, henkilöstön "
            "liikkuvuus ja uusien järjestäjien mukaantulo vaativat lisätoimia."
        ),
        "entries": [
            (GoalStatus.ON_TRACK, "Syksyn jaksot on sovittu Tallinnaan ja Berliiniin.", ""),
            (
                GoalStatus.AT_RISK,
                "Opettajien sijaisjärjestelyt estävät lähtöjä.",
                "Kokeillaan lyhyitä job shadowing -jaksoja ja yhteisiä sijaispankkeja.",
            ),
            (
                GoalStatus.OFF_TRACK,
                "Yksikään uusi järjestäjä ei ole vielä liittynyt.",
                "Saimaa ja Lappi mentoroivat; kutsutaan kaksi järjestäjää kokemustenvaihtoon.",
            ),
        ],
    },
    BRO: {
        "days_ago": 240,
        "summary": (
            "Styrgruppen gick igenom målen. Handledarutbildningen går enligt plan, värdarbetsplatserna är för få."
        ),
        "entries": [
            (
                GoalStatus.AT_RISK,
                "Bara åtta nya värdarbetsplatser hittills.",
                "Företagsträffar i Bremen och Stockholm under våren.",
            ),
            (GoalStatus.ON_TRACK, "Två utbildningsomgångar genomförda.", ""),
        ],
    },
}


def seed_goal_reviews(stdout=None):
    """Seed the demo projects' goal reviews; the projects are found by their funder's case numbers."""
    today = timezone.localdate()
    for project in Project.objects.filter(case_number__in=REVIEWS).prefetch_related("goals"):
        spec = REVIEWS[project.case_number]
        review, _created = GoalReview.objects.update_or_create(
            project=project,
            summary=spec["summary"],
            defaults={
                "review_date": today - timedelta(days=spec["days_ago"]),
                "created_by": project.coordinators.order_by("pk").first(),
            },
        )
        for goal, (status, notes, changes) in zip(project.goals.all(), spec["entries"], strict=False):
            GoalReviewEntry.objects.update_or_create(
                review=review, goal=goal, defaults={"status": status, "notes": notes, "changes": changes}
            )
    if stdout is not None:
        stdout.write(f"Goal reviews: {GoalReview.objects.filter(project__case_number__in=REVIEWS).count()}.")


# (project, title, description, proposer's e-mail, days ago, status, days ago of the first and the last
# status change, the adopting decision's text)
IDEAS = [
    (
        VERKKO,
        "Opintomatka Tallinnaan kevätlukukaudella",
        "Opettajat ja työpaikkaohjaajat tutustuvat Tallinnan työpaikalla oppimisen malliin ennen opiskelijoiden "
        "jaksoja.",
        "partner@demo.networkhub.fi",
        60,
        IdeaStatus.ADOPTED,
        (40, 40),
        "Opintomatka Tallinnaan järjestetään keväällä.",
    ),
    (
        VERKKO,
        "Digitaaliset osaamismerkit työssäoppimisjaksoille",
        "Ulkomaanjakson osaaminen näkyviin osaamismerkkinä, jonka opiskelija voi liittää CV:hen.",
        "jari.heikkinen@ksamk.example",
        90,
        IdeaStatus.TRYING,
        (70, 70),
        "",
    ),
    (
        VERKKO,
        "Vertaismentorit opiskelijoille ennen ulkomaanjaksoa",
        "Ulkomailla jo olleet opiskelijat valmentavat lähtijöitä: käytännön asiat, kieli ja kulttuuri.",
        "kumppani@demo.networkhub.fi",
        6,
        IdeaStatus.NEW,
        None,
        "",
    ),
    (
        VERKKO,
        "Yhteinen verkkokauppa opiskelijatöille",
        "Jäsenten opiskelijatöitä myytäisiin yhteisessä verkkokaupassa. Ei sovi hankkeen tavoitteisiin eikä "
        "avustuksen ehtoihin.",
        "laura.makela@aurora.example",
        50,
        IdeaStatus.DROPPED,
        (30, 30),
        "",
    ),
    (
        BRO,
        "Handledarträffar på video varannan månad",
        "Handledarna i de tre länderna delar erfarenheter en timme varannan månad.",
        "johan.berg@styrk.example",
        12,
        IdeaStatus.NEW,
        None,
        "",
    ),
]


def seed_ideas(stdout=None):
    """Seed the demo projects' ideas logs: adopted by a meeting decision, being tried, new and dropped."""
    now = timezone.now()
    projects = {project.case_number: project for project in Project.objects.filter(case_number__in=[VERKKO, BRO])}
    for case_number, title, description, email, days_ago, status, changed, decision_text in IDEAS:
        project = projects.get(case_number)
        contact = _contact(email)
        if project is None or contact is None:
            continue
        decision = None
        if decision_text:
            decision = decision_with_text(project, decision_text)
            if decision is None:
                continue
        coordinator = project.coordinators.order_by("pk").first()
        first, last = (now - timedelta(days=days) for days in changed) if changed else (None, None)
        Idea.objects.update_or_create(
            project=project,
            title=title,
            defaults={
                "description": description,
                "proposed_by_organisation": contact.organisation,
                "proposed_by_contact": contact,
                "created_by": contact.user or coordinator,
                "created_at": now - timedelta(days=days_ago),
                "status": status,
                "adopted_decision": decision,
                "status_changed_at": last,
                "status_changed_by": coordinator if changed else None,
                "first_status_change_at": first,
            },
        )
    if stdout is not None:
        stdout.write(f"Ideas: {Idea.objects.filter(project__in=projects.values()).count()} in the demo projects.")
