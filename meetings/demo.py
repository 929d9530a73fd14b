"""Demo meetings for `seed_demo`: held meetings with attendance and minutes, a planned one with replies,
a cancelled one and an open time poll. Dates are relative to today, so the demo always has a past and
a future; running it again updates the same rows (natural keys) and adds nothing twice."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from partners.models import ContactPerson
from projects.models import Project

from . import times
from .models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingType,
    Minutes,
    MinutesStatus,
    PollAnswer,
    PollInvitee,
    PollSlot,
    PollStatus,
    Response,
    TimePoll,
)

VERKKO, BRO = "OPH-1234-2026", "OPH-877-2025"
ZONE = times.DEFAULT_TIME_ZONE


def _at(day, hour, minute=0):
    return times.make_aware(datetime.combine(_weekday(day), time(hour, minute)), ZONE)


def _weekday(day):
    """Demo meetings fall on working days: a Saturday or Sunday moves to the Monday after."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _contacts(*emails):
    found = {contact.email: contact for contact in ContactPerson.objects.filter(email__in=emails)}
    return [found[email] for email in emails if email in found]


def _meeting(project, title, *, day, hours, coordinator, **fields):
    start, end = _at(day, hours[0]), _at(day, hours[1])
    meeting, _created = Meeting.objects.update_or_create(
        project=project,
        title=title,
        defaults={"start": start, "end": end, "time_zone": ZONE, "created_by": coordinator, **fields},
    )
    return meeting


def _agenda(meeting, items):
    for order, (title, minutes, presenter, notes) in enumerate(items):
        AgendaItem.objects.update_or_create(
            meeting=meeting,
            order=order,
            defaults={"title": title, "duration_minutes": minutes, "presenter": presenter, "minutes_notes": notes},
        )


def _invite(meeting, replies, coordinator):
    for contact, response, proxy_name in replies:
        Invitation.objects.update_or_create(
            meeting=meeting,
            contact=contact,
            defaults={
                "response": response,
                "proxy_name": proxy_name,
                "answered_at": None if response == Response.PENDING else meeting.start - timedelta(days=5),
                "invited_by": coordinator,
            },
        )


def _attendance(meeting, rows, coordinator):
    for contact, status, proxy_name in rows:
        Attendance.objects.update_or_create(
            meeting=meeting,
            contact=contact,
            defaults={"status": status, "proxy_name": proxy_name, "recorded_by": coordinator},
        )


def _minutes(meeting, *, summary, decisions, actions, coordinator):
    Minutes.objects.update_or_create(
        meeting=meeting,
        defaults={
            "status": MinutesStatus.PUBLISHED,
            "summary": summary,
            "published_at": meeting.end + timedelta(days=2),
            "published_by": coordinator,
        },
    )
    for order, text in enumerate(decisions):
        Decision.objects.update_or_create(meeting=meeting, order=order, defaults={"text": text})
    for title, organisation, contact, due, done in actions:
        ActionItem.objects.update_or_create(
            project=meeting.project,
            title=title,
            defaults={
                "meeting": meeting,
                "owner_organisation": organisation,
                "owner_contact": contact,
                "due_date": due,
                "status": ActionItemStatus.DONE if done else ActionItemStatus.OPEN,
                "done_at": timezone.now() - timedelta(days=3) if done else None,
            },
        )


def _seed_verkko(project, today):
    coordinator = project.coordinators.order_by("pk").first()
    anna, mikko, sanna, jari, laura, ville, emilia, kadri, katrin = _contacts(
        "koordinaattori@demo.networkhub.fi",
        "kumppani@demo.networkhub.fi",
        "sanna.niemi@tunturilappi.example",
        "jari.heikkinen@ksamk.example",
        "laura.makela@aurora.example",
        "ville.hiltunen@yrittajat.example",
        "emilia@nuortenmaailma.example",
        "partner@demo.networkhub.fi",
        "k.weber@spree-bk.example",
    )
    everyone = [anna, mikko, sanna, jari, laura, ville, emilia, kadri, katrin]
    P, E, A, X = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT, AttendanceStatus.PROXY

    kickoff = _meeting(
        project,
        "Aloitusseminaari",
        day=today - timedelta(days=100),
        hours=(10, 15),
        coordinator=coordinator,
        meeting_type=MeetingType.KICK_OFF,
        location="Helmijoen ammattiopisto, auditorio",
        status=MeetingStatus.HELD,
        description="Verkoston aloitus: tavoitteet, työnjako ja pelisäännöt.",
    )
    _agenda(
        kickoff,
        [
            ("Tervetuloa ja esittäytymiskierros", 30, anna.organisation, "Kaikki jäsenet esittäytyivät."),
            ("Hankkeen tavoitteet ja mittarit", 60, anna.organisation, "Tavoitteet käytiin läpi."),
            ("Liikkuvuuden mallit jäsenillä", 90, mikko.organisation, "Saimaa esitteli mallinsa."),
        ],
    )
    _invite(kickoff, [(c, Response.YES, "") for c in everyone], coordinator)
    _attendance(
        kickoff,
        [(anna, P, ""), (mikko, P, ""), (sanna, P, ""), (jari, P, ""), (laura, X, "Riikka Aalto")]
        + [(ville, E, ""), (emilia, P, ""), (kadri, P, ""), (katrin, A, "")],
        coordinator,
    )
    _minutes(
        kickoff,
        summary="Verkosto käynnistyi. Jäsenet sitoutuivat yhteisiin tavoitteisiin.",
        decisions=["Ohjausryhmä kokoontuu neljännesvuosittain.", "Viestintä hoidetaan networkhubin kautta."],
        actions=[
            ("Laaditaan liikkuvuussuunnitelma", mikko.organisation, mikko, today - timedelta(days=60), True),
            ("Kootaan ohjaajien koulutustarpeet", laura.organisation, laura, today - timedelta(days=20), False),
        ],
        coordinator=coordinator,
    )

    steering = _meeting(
        project,
        "Ohjausryhmä: syksyn katsaus",
        day=today - timedelta(days=40),
        hours=(13, 15),
        coordinator=coordinator,
        meeting_type=MeetingType.STEERING_GROUP,
        video_link="https://video.example/verkko-ohjausryhma",
        status=MeetingStatus.HELD,
    )
    _agenda(
        steering,
        [
            ("Edellisen kokouksen avoimet tehtävät", 15, None, "Koulutustarpeiden kokoaminen jatkuu."),
            ("Talous ja raportointi", 30, anna.organisation, "Tilannekatsaus hyväksyttiin."),
            ("Tallinnan opintomatka", 30, kadri.organisation, "Ajankohta selvitetään."),
        ],
    )
    # Ville (the entrepreneurs' association) was invited to both held meetings and came to neither: the quiet partner.
    _invite(
        steering,
        [(c, Response.YES, "") for c in (anna, mikko, jari, kadri)] + [(ville, Response.PENDING, "")],
        coordinator,
    )
    _attendance(steering, [(anna, P, ""), (mikko, P, ""), (jari, E, ""), (kadri, P, ""), (ville, A, "")], coordinator)
    _minutes(
        steering,
        summary="Hanke etenee suunnitellusti.",
        decisions=["Opintomatka Tallinnaan järjestetään keväällä."],
        actions=[
            ("Päivitetään viestintäsuunnitelma", anna.organisation, anna, today + timedelta(days=14), False),
            ("Selvitetään Tallinnan vierailun ajankohta", kadri.organisation, kadri, today - timedelta(days=5), False),
        ],
        coordinator=coordinator,
    )

    upcoming = _meeting(
        project,
        "Kokemustenvaihto: työpaikalla oppiminen ulkomailla",
        day=today + timedelta(days=21),
        hours=(9, 12),
        coordinator=coordinator,
        meeting_type=MeetingType.EXPERIENCE_EXCHANGE,
        location="Saimaan seudun koulutuskuntayhtymä, Lappeenranta",
        video_link="https://video.example/verkko-kokemukset",
        status=MeetingStatus.PLANNED,
    )
    _agenda(
        upcoming,
        [
            ("Kokemuksia Virosta", 45, kadri.organisation, ""),
            ("Työnantajan näkökulma", 45, laura.organisation, ""),
            ("Yhteiset opit ja seuraavat askeleet", 45, None, ""),
        ],
    )
    _invite(
        upcoming,
        [
            (mikko, Response.YES, ""),
            (kadri, Response.PROXY, "Mari Kask"),
            (sanna, Response.MAYBE, ""),
            (jari, Response.NO, ""),
            (laura, Response.PENDING, ""),
            (emilia, Response.YES, ""),
        ],
        coordinator,
    )

    _meeting(
        project,
        "Työpaja: digitaaliset osaamismerkit",
        day=today + timedelta(days=7),
        hours=(13, 16),
        coordinator=coordinator,
        meeting_type=MeetingType.WORKSHOP,
        video_link="https://video.example/verkko-tyopaja",
        status=MeetingStatus.CANCELLED,
        sequence=1,
        cancellation_reason="Kouluttaja sairastui; uusi aika haetaan kyselyllä.",
    )

    poll, _created = TimePoll.objects.update_or_create(
        project=project,
        title="Työpaja: digitaaliset osaamismerkit (uusi aika)",
        defaults={
            "meeting_type": MeetingType.WORKSHOP,
            "video_link": "https://video.example/verkko-tyopaja",
            "deadline": _at(today + timedelta(days=10), 16),
            "members_see_answers": True,
            "status": PollStatus.OPEN,
            "created_by": coordinator,
        },
    )
    slots = list(poll.slots.order_by("pk"))
    first = _weekday(today + timedelta(days=30))
    days = [
        first,
        _weekday(first + timedelta(days=1)),
        _weekday(_weekday(first + timedelta(days=1)) + timedelta(days=2)),
    ]
    for index, day in enumerate(days):
        start, end = _at(day, 13), _at(day, 16)
        if index < len(slots):
            PollSlot.objects.filter(pk=slots[index].pk).update(start=start, end=end)
        else:
            slots.append(PollSlot.objects.create(poll=poll, start=start, end=end))
    answers = {
        mikko: ("yes", "yes", "no"),
        sanna: ("no", "yes", "if_need_be"),
        laura: ("if_need_be", "yes", "yes"),
        kadri: ("yes", "no", "yes"),
    }
    for contact in (mikko, sanna, jari, laura, emilia, kadri):
        invitee, _created = PollInvitee.objects.get_or_create(poll=poll, contact=contact)
        for slot, answer in zip(slots, answers.get(contact, ()), strict=False):
            PollAnswer.objects.update_or_create(slot=slot, invitee=invitee, defaults={"answer": answer})
        if contact in answers:
            PollInvitee.objects.filter(pk=invitee.pk).update(answered_at=timezone.now() - timedelta(days=1))


def _seed_bro(project, today):
    coordinator = project.coordinators.order_by("pk").first()
    erik, johan, lars, laura = _contacts(
        "koordinator@demo.networkhub.fi",
        "johan.berg@styrk.example",
        "l.hoffmann@weser-logistik.example",
        "laura.makela@aurora.example",
    )
    for title, days_ago, present in (("Startmöte", 300, (erik, johan, lars)), ("Workshop: handledning", 210, None)):
        earlier = _meeting(
            project,
            title,
            day=today - timedelta(days=days_ago),
            hours=(10, 14),
            coordinator=coordinator,
            meeting_type=MeetingType.KICK_OFF if present else MeetingType.WORKSHOP,
            location="Yrkesinstitutet Kustlinjen, Vasa",
            status=MeetingStatus.HELD,
        )
        _invite(earlier, [(c, Response.YES, "") for c in (erik, johan, lars, laura)], coordinator)
        _attendance(
            earlier,
            [(c, AttendanceStatus.PRESENT, "") for c in (present or (erik, johan, lars, laura))],
            coordinator,
        )
    meeting = _meeting(
        project,
        "Styrgruppsmöte",
        day=today - timedelta(days=120),
        hours=(14, 16),
        coordinator=coordinator,
        meeting_type=MeetingType.STEERING_GROUP,
        video_link="https://video.example/bro-styrgrupp",
        status=MeetingStatus.HELD,
    )
    _agenda(meeting, [("Lägesrapport", 30, erik.organisation, "Projektet följer planen.")])
    _invite(meeting, [(c, Response.YES, "") for c in (erik, johan, lars, laura)], coordinator)
    _attendance(
        meeting,
        [
            (erik, AttendanceStatus.PRESENT, ""),
            (johan, AttendanceStatus.PRESENT, ""),
            (lars, AttendanceStatus.ABSENT, ""),
            (laura, AttendanceStatus.EXCUSED, ""),
        ],
        coordinator,
    )
    _minutes(
        meeting,
        summary="Styrgruppen gick igenom läget.",
        decisions=["Handledarutbildningen startar i Stockholm."],
        actions=[
            (
                "Sammanställa handledarnas utbildningsbehov",
                johan.organisation,
                johan,
                today - timedelta(days=30),
                False,
            )
        ],
        coordinator=coordinator,
    )


def seed_meetings(stdout=None):
    """Seed the demo projects' meetings; the projects are found by their funder's case numbers."""
    today = timezone.localdate()
    projects = {project.case_number: project for project in Project.objects.filter(case_number__in=[VERKKO, BRO])}
    if VERKKO in projects:
        _seed_verkko(projects[VERKKO], today)
    if BRO in projects:
        _seed_bro(projects[BRO], today)
    if stdout is not None:
        stdout.write(f"Meetings: {Meeting.objects.filter(project__in=projects.values()).count()} in the demo projects.")
