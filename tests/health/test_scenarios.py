"""The scenario table of docs/health.md: eight projects, each a plain story, with the status of every item.

The clock is Monday 2.11.2026 at noon (tests/health/conftest.py); every date is built from it. Each story
starts from a network of five members (one foreign partner, one organisation new to international activity)
and changes what the story says. Columns, in the panel's order: 1 rules, 2 application, 3 tasks,
4 management, 5 coordinator, 6 meetings, 7 learning, 8 trust, 9 expertise, 10 partners, 11 dissemination,
12 new to international. G green, A amber, R red, - grey (not enough data), N not in use, H history.
"""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from commitments import services as commitment_services
from commitments.models import NetworkRules, Task, TokenPurpose
from commitments.services import PaperSigner
from goals.models import IdeaStatus
from health.panel import Status, panel
from health.phase import Phase, phase
from meetings.models import Attendance, AttendanceStatus
from networkhub import tokens
from networkhub.models import AuditEvent
from partners import services as partner_services
from projects.models import ProgrammeDeadline, ProjectStatus, ReportType
from pulse import services as pulse_services
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import (
    CoordinatorFactory,
    DisseminationEventFactory,
    ForeignOrganisationFactory,
    GoalFactory,
    GoalReviewFactory,
    OutputFactory,
    ProjectFactory,
)
from tests.goals.factories import IdeaFactory
from tests.meetings.factories import HeldMeetingFactory, InvitationFactory
from tests.pulse.helpers import answers

from .helpers import NOW, TODAY, at, letter, member

pytestmark = pytest.mark.django_db

KEYS = settings.HEALTH_ITEM_KEYS  # the twelve items, in the table's column order
CODES = {
    "G": Status.GREEN,
    "A": Status.AMBER,
    "R": Status.RED,
    "-": Status.NO_DATA,
    "N": Status.NOT_IN_USE,
    "H": Status.HISTORY,
}


def days_ago(days):
    return TODAY - timedelta(days=days)


def _project(*, started=200, applied=260):
    coordinator = CoordinatorFactory()
    project = ProjectFactory(
        application_date=days_ago(applied),
        start_date=days_ago(started),
        end_date=days_ago(started) + timedelta(days=730),
        coordinators=[coordinator],
    )
    return project, coordinator


def _members(project, *, joined):
    names = ["Aalto-opisto", "Botnia Yrkesinstitut", "Corvus Oy", "Tallinn Kolledž", "Uusi Alku ry"]
    members = []
    for name in names:
        if name == "Tallinn Kolledž":
            members.append(member(project, name, joined=joined, organisation_factory=ForeignOrganisationFactory))
        else:
            members.append(member(project, name, joined=joined, new_to_international=name == "Uusi Alku ry"))
    return members


def dead_project():
    """Started 200 days ago: members joined and nothing else ever happened."""
    project, _coordinator = _project()
    _members(project, joined=days_ago(300))
    return project


def _network(*, applied=260, joined=300, signed=280, pulse=True, ideas=IdeaStatus.ADOPTED, adopted=None):
    """A network that does what the seed asks: rules and letters signed, meetings every two months with the
    foreign partner present, goals reviewed, ideas answered, outputs disseminated, the pulse answered.

    `adopted`: the project took networkhub into use that many days ago; its letters were signed on paper
    `signed` days ago and are recorded then as dated scanned signatures."""
    project, coordinator = _project(applied=applied)
    members = _members(project, joined=days_ago(joined))
    with time_machine.travel(at(days_ago(adopted or signed + 5)), tick=False):
        publish_rules(project, coordinator)
    for membership in members:
        if adopted:
            with time_machine.travel(at(days_ago(adopted)), tick=False):
                _paper_letter(membership, coordinator, signed_on=days_ago(signed))
        else:
            letter(
                membership, coordinator, sent=days_ago(signed), contact=days_ago(signed), management=days_ago(signed)
            )
        partner_services.save_expertise_profile(membership.organisation, tags=["mobility"], description="", actor=None)
    foreign = members[3].organisation.contacts.first()
    for ago in (140, 80, 20):
        meeting = HeldMeetingFactory(project=project, start=at(days_ago(ago)))
        InvitationFactory(meeting=meeting, contact=foreign)
        Attendance.objects.create(meeting=meeting, contact=foreign, status=AttendanceStatus.PRESENT)
    for ago in range(12, 17):  # within 30 days of today and of a closed project's end (10 days ago)
        event = AuditEvent.objects.create(action="meeting.created", actor=coordinator, project=project)
        AuditEvent.objects.filter(pk=event.pk).update(created_at=at(days_ago(ago)))
    GoalFactory(project=project)
    review = GoalReviewFactory(project=project, review_date=days_ago(60))
    for ago in (90, 40):
        changed = NOW - timedelta(days=ago - 5)
        fields = {"adopted_review": review} if ideas == IdeaStatus.ADOPTED else {}
        IdeaFactory(
            project=project,
            proposed_by_organisation=members[ago % 3].organisation,
            created_at=NOW - timedelta(days=ago),
            status=ideas,
            status_changed_at=changed,
            first_status_change_at=changed,
            **fields,
        )
    output = OutputFactory(project=project, created_at=NOW - timedelta(days=100))
    DisseminationEventFactory(output=output, date=days_ago(50))
    if pulse:
        with time_machine.travel(at(days_ago(100)), tick=False):  # Q3/2026, closed on 30.9.
            pulse_round = pulse_services.set_enabled(project, True, actor=coordinator)
        answers(pulse_round, 5, start=4)  # every member's contact: five organisations
        pulse_services.close_round(pulse_round)
    return project, coordinator


def _paper_letter(membership, coordinator, *, signed_on):
    """The letter the organisation signed on paper on `signed_on`, recorded with its scan; then its contact
    accepts the network's rules, which the project published in networkhub when it took it into use."""
    version = draft_letter(membership, coordinator, tasks=())
    Task.objects.create(
        version=version, order=0, title="Tehtävä 1", responsible=version.contact, deadline=TODAY + timedelta(days=200)
    )
    scan = SimpleUploadedFile("allekirjoitettu.pdf", b"%PDF-1.4\n% scanned\n" + b"0" * 100)
    commitment_services.record_paper_signature(
        version,
        upload=scan,
        content_type="application/pdf",
        contact=PaperSigner(name="Pia Partneri", title="Yhteyshenkilö", signed_on=signed_on),
        management=PaperSigner(name="Riitta Rehtori", title="Rehtori", signed_on=signed_on),
        actor=coordinator,
    )
    rules = NetworkRules.objects.current_for(membership.project)
    request = commitment_services.request_rules_acceptance(membership, rules, actor=coordinator)
    link, _raw = tokens.issue(TokenPurpose.RULES, request, sent_to=request.contact.email)
    commitment_services.accept_rules(
        request, link, name="Pia Partneri", title="Yhteyshenkilö", ip_address="192.0.2.1", user_agent="Test/1.0"
    )


def healthy_network():
    """An active network doing everything the seed asks."""
    return _network()[0]


def adopted_after_applying():
    """Applied 260 days ago without networkhub, with letters signed on paper 270 days ago; took networkhub into
    use 100 days ago and recorded the paper letters with their scans."""
    return _network(signed=270, adopted=100)[0]


def ideas_answered_none_adopted():
    """The network logs ideas and answers them, and drops both: it adopts none."""
    return _network(ideas=IdeaStatus.DROPPED)[0]


def rules_v2_today():
    """A healthy network that publishes improved rules today: no member has accepted v2 yet."""
    project, coordinator = _network()
    publish_rules(project, coordinator, body="# Pelisäännöt v2\n\n- Kokoonnutaan joka toinen kuukausi.")
    return project


def report_one_day_overdue():
    """A healthy network whose status report was due yesterday and is not submitted. The overdue report is
    shown by the report deadlines (reports, the landing page, OPH's overview), not by a health item."""
    project = healthy_network()
    ProgrammeDeadline.objects.create(programme=project.programme, report_type=ReportType.STATUS, due_date=days_ago(1))
    return project


def pulse_off():
    """A healthy network that does not run the trust pulse."""
    return _network(pulse=False)[0]


def closed_project():
    """A healthy network whose term ended ten days ago; it was closed. Its panel is its final state, as of
    the end date: an output recorded after the end does not count."""
    project = healthy_network()
    project.end_date, project.status = days_ago(10), ProjectStatus.CLOSED
    project.save()
    OutputFactory(project=project, created_at=NOW - timedelta(days=2))
    return project


# story, phase today, the statuses of items 1-12 (see the module's docstring); the same table is in docs/health.md
SCENARIOS = [
    (dead_project, Phase.RUNNING, "R H R R R R R N R R R G"),
    (adopted_after_applying, Phase.RUNNING, "G H G G G G G G G G G G"),
    (healthy_network, Phase.RUNNING, "G H G G G G G G G G G G"),
    (ideas_answered_none_adopted, Phase.RUNNING, "G H G G G G G G G G G G"),
    (rules_v2_today, Phase.RUNNING, "A H G G G G G G G G G G"),
    (report_one_day_overdue, Phase.RUNNING, "G H G G G G G G G G G G"),
    (pulse_off, Phase.RUNNING, "G H G G G G G N G G G G"),
    (closed_project, Phase.CLOSED, "G H G G G G G G G G G G"),
]


@pytest.mark.parametrize(("story", "expected_phase", "expected"), SCENARIOS, ids=[row[0].__name__ for row in SCENARIOS])
def test_scenario(story, expected_phase, expected):
    project = story()
    with translation.override("en"):
        items = panel(project)
    statuses = {health_item.key: health_item.status for health_item in items}
    assert [health_item.key for health_item in items] == KEYS
    assert phase(project, TODAY) == expected_phase
    assert statuses == {key: CODES[code] for key, code in zip(KEYS, expected.split(), strict=True)}
    for health_item in items:  # every non-green scored item has an action; history has none
        if health_item.status in (Status.AMBER, Status.RED):
            assert health_item.action_url, health_item.key
        if health_item.status == Status.HISTORY:
            assert not health_item.action_url


def test_the_dead_project_says_why_it_is_red():
    with translation.override("en"):
        items = {health_item.key: health_item for health_item in panel(dead_project())}
    assert items["meetings"].facts == ["No network meeting in the 200 days since the start."]
    assert items["dissemination"].facts == ["No output recorded in the 200 days since the start."]
    assert "No idea recorded in the 200 days since the start." in items["learning"].facts
    assert items["meetings"].action == "schedule_meeting"


def test_the_new_rules_give_members_until_the_grace_period_ends():
    project = rules_v2_today()
    with translation.override("en"):
        rules = panel(project)[0]
    until = f"{(TODAY + timedelta(days=29)):%d/%m/%Y}"
    assert rules.facts[0] == "0 of 5 members accepted rules v2."
    assert rules.facts[1].startswith(f"5 members accepted v1 and have until {until} to accept v2: ")
    assert rules.action == "ask_rules_again"
    with time_machine.travel(at(TODAY + timedelta(days=30)), tick=False):
        assert panel(project)[0].status == Status.RED  # the grace period is over


def test_the_closed_project_shows_its_final_state_as_of_its_end_date():
    project = closed_project()
    with translation.override("en"):
        dissemination = panel(project)[10]
    assert dissemination.facts[0].startswith("1 of 1 output has been disseminated")  # not the one after the end


def test_the_adopted_project_keeps_its_paper_letters_as_history():
    """Item 2 is history after the application date: not scored, but it says that every member had signed on
    paper before applying."""
    project = adopted_after_applying()
    item = next(item for item in panel(project, TODAY) if item.key == "application")
    assert item.status == Status.HISTORY and item.value == 100
