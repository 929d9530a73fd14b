"""Issue 20, part 3: honest questions and audience. Trust (openness, reliability, shared mission) apart from value
(resources, involvement, influence), a question on trust between the coordination and the network, "can't say"
everywhere (a per-question floor), who sees what, the report's choice, one mid-round reminder to those who have
not answered, and the results on the next meeting's agenda."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health.queries import report_health
from health.trust import trust
from meetings.models import AgendaItem
from networkhub.models import AuditEvent, Message
from pulse import jobs, services
from pulse.models import Dimension, PendingAnswer, PulseAnswer, PulseRecipient, PulseRound, PulseSetting
from pulse.queries import round_result
from tests.factories import ContactFactory, MembershipFactory
from tests.health.helpers import NOW
from tests.meetings.factories import MeetingFactory, in_days

from .helpers import link

pytestmark = pytest.mark.django_db

ALL = Dimension.values


def _members(world, count):
    """`count` more members with a contact each, all joined before the Q3/2026 round."""
    for _index in range(count):
        ContactFactory(organisation=MembershipFactory(project=world.project, joined_on=date(2026, 1, 1)).organisation)
    world.membership.joined_on = date(2026, 1, 1)
    world.membership.save()


def _closed(world, rows):
    """A Q3/2026 round, closed, with one answer per row ({question: rating or None}), each from one recipient."""
    pulse_round = services.open_round(world.project, date(2026, 9, 1))
    recipients = list(PulseRecipient.objects.filter(round=pulse_round).order_by("contact_id"))
    for recipient, row in zip(recipients, rows, strict=False):
        PendingAnswer.objects.create(round=pulse_round, **{key: row.get(key) for key in ALL})
        recipient.answered = True
        recipient.save()
    return services.close_round(pulse_round)


def _rows(count, **ratings):
    return [dict(ratings) for _index in range(count)]


# --- Questions and "can't say" --------------------------------------------------------------------------


def test_the_survey_asks_trust_value_and_coordination_and_allows_cant_say(world, client):
    _members(world, 1)
    pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)
    recipient = PulseRecipient.objects.get(round=pulse_round, contact=world.contact)
    url = reverse("pulse:survey", args=[link(recipient)])
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    for dimension in Dimension:
        assert f'name="{dimension.value}"' in page
    assert "Can&#x27;t say" in page
    data = {"openness": "4", "reliability": "", "mission": "5", "influence": "2", "coordination": "3", "comment": ""}
    assert client.post(url, data).status_code == 200  # involvement and resources left out: "can't say" as well
    (answer,) = PendingAnswer.objects.filter(round=pulse_round)
    assert (answer.openness, answer.reliability, answer.mission, answer.resources) == (4, None, 5, None)
    assert (answer.involvement, answer.influence, answer.coordination) == (None, 2, 3)


def test_cant_say_is_in_no_average_and_the_floor_holds_per_question(world, english):
    _members(world, 6)
    rows = _rows(5, openness=4, reliability=4, mission=5, resources=2, involvement=2, influence=1, coordination=5)
    rows += _rows(2, openness=2, reliability=None, mission=None, resources=None, influence=None, coordination=None)
    # openness 7 answers (4,4,4,4,4,2,2: 3.43 → 3.5); reliability and mission 5 real answers; involvement 5 real
    # (2 can't say); influence 5; coordination 5.
    rows[0]["involvement"] = None
    rows[5]["involvement"] = 2
    pulse_round = _closed(world, rows)
    result = round_result(pulse_round)
    assert result.shown and result.answers == 7
    figures = {figure.key: figure.value for figure in result.averages}
    assert figures[Dimension.OPENNESS] == 3.5
    assert figures[Dimension.RELIABILITY] == 4.0 and figures[Dimension.MISSION] == 5.0  # the can't says left out
    assert figures[Dimension.INVOLVEMENT] == 2.0
    assert result.trust.value == 4.0  # (3.43 + 4 + 5) / 3 = 4.14 → 4.0 (fewer than 10 answers: to 0.5)
    assert result.value.value == 1.5  # (2 + 2 + 1) / 3 = 1.67 → 1.5
    assert result.coordination.value == 5.0

    # One can't say more on coordination: four real answers are below the floor, for that question alone.
    answer = PulseAnswer.objects.filter(round=pulse_round, coordination=5).first()
    answer.coordination = None
    answer.save()
    result = round_result(pulse_round)
    figures = {figure.key: figure.value for figure in result.averages}
    assert figures[Dimension.COORDINATION] is None and not result.coordination.shown
    assert figures[Dimension.OPENNESS] == 3.5
    english.force_login(world.partner)
    body = english.get(reverse("pulse:results", args=[world.project.pk])).content.decode()
    assert "Trust in the coordination" in body and "too few answers" in body
    assert "Value of the network" in body


# --- Item 8: trust is judged, value and coordination are facts of their own -----------------------------------


def test_item_8_judges_trust_only_and_shows_value_apart(world):
    _members(world, 5)
    PulseSetting.objects.update_or_create(project=world.project, defaults={"enabled": True})
    rows = _rows(6, openness=5, reliability=5, mission=4, resources=1, involvement=1, influence=1, coordination=2)
    _closed(world, rows)
    item = trust(world.project, date(2026, 11, 2))
    assert item.status == "green"  # 100 % answered, trust 4.5: value 1.0 and coordination 2.0 do not pull it down
    assert item.value == 4.5
    response, trust_fact, value_fact, coordination_fact = (str(fact) for fact in item.facts)
    assert "4,5" in trust_fact  # Finnish, the default language
    assert "1,0" in value_fact and "2,0" in coordination_fact  # shown, not scored


def test_a_project_keeps_its_pulse_figures_out_of_the_report(world):
    _members(world, 5)
    PulseSetting.objects.update_or_create(project=world.project, defaults={"enabled": True})
    _closed(world, _rows(6, openness=4, reliability=4, mission=4, resources=3, involvement=3, influence=3))
    (row,) = [row for row in report_health(world.project, date(2026, 11, 2))["health"] if row["key"] == "trust"]
    assert len(row["facts"]) >= 2
    services.set_enabled(world.project, True, actor=world.coordinator, in_report=False)
    (row,) = [row for row in report_health(world.project, date(2026, 11, 2))["health"] if row["key"] == "trust"]
    assert len(row["facts"]) == 1 and "4" not in row["facts"][0]
    assert AuditEvent.objects.filter(action="pulse.report_choice", data__in_report=False).exists()


def test_the_coordinator_sets_the_report_choice_on_the_settings_page(world, english):
    english.force_login(world.coordinator)
    url = reverse("pulse:settings", args=[world.project.pk])
    assert "Include the pulse figures in the status report" in english.get(url).content.decode()
    assert english.post(url, {"enabled": "on"}).status_code == 302
    assert PulseSetting.objects.get(project=world.project).in_report is False
    english.post(url, {"enabled": "on", "in_report": "on"})
    assert PulseSetting.objects.get(project=world.project).in_report is True


# --- Who sees what -------------------------------------------------------------------------------------------


def test_the_invitation_and_the_survey_say_who_sees_what(world, client, mailoutbox, django_capture_on_commit_callbacks):
    world.contact.language = "en"
    world.contact.save()
    with django_capture_on_commit_callbacks(execute=True):
        pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)
    (message,) = mailoutbox
    for text in (message.body, message.alternatives[0][0]):
        assert "the members of the network and the coordinator see the average of each question" in text
        assert "OPH, the funder, sees the trust average and its status in its programme overview" in text
        assert "status report" in text
    client.cookies["django_language"] = "en"
    recipient = PulseRecipient.objects.get(round=pulse_round, contact=world.contact)
    page = client.get(reverse("pulse:survey", args=[link(recipient)])).content.decode()
    assert "the coordinator sees only, for each organisation, whether none, some, most or all" in page
    assert "averages in the project's status report" in page
    PulseSetting.objects.filter(project=world.project).update(in_report=False)
    page = client.get(reverse("pulse:survey", args=[link(recipient)])).content.decode()
    assert "this project has chosen to keep its pulse figures out of its status report" in page


# --- One reminder at mid-round, to those who have not answered ------------------------------------------------


def test_one_reminder_at_mid_round_to_those_who_have_not_answered(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    _members(world, 2)
    with django_capture_on_commit_callbacks(execute=True):
        pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)  # 2.11.–31.12.2026
    assert pulse_round.midpoint == date(2026, 12, 1)
    recipients = list(PulseRecipient.objects.filter(round=pulse_round).select_related("contact"))
    answered, *waiting = recipients
    waiting[0].contact.language = "sv"
    waiting[0].contact.save()
    raw = link(answered)
    assert client.post(reverse("pulse:survey", args=[raw]), {"openness": "4"}).status_code == 200
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.remind_pulse_rounds() == 0  # not yet: before mid-round
    with time_machine.travel(NOW + timedelta(days=29), tick=False):  # 1.12.
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.remind_pulse_rounds() == 2
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.remind_pulse_rounds() == 0  # once
            assert services.remind(pulse_round) == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.contact.email for r in waiting)
    swedish = next(m for m in mailoutbox if m.to == [waiting[0].contact.email])
    assert swedish.extra_headers["Content-Language"] == "sv"
    assert "/pulse/" in swedish.body
    # Nobody can read off who was reminded: the e-mails are not filed under the project (its message page).
    reminders = Message.objects.filter(kind="pulse_reminder")
    assert reminders.count() == 2 and not reminders.exclude(project=None).exists()
    # The audit says that the round was reminded, not whom.
    event = AuditEvent.objects.get(action="pulse.reminded")
    assert event.actor is None and "recipients" not in event.data


# --- The results on the next meeting's agenda ----------------------------------------------------------------


def test_without_an_upcoming_meeting_the_page_says_so_with_a_link(world, english):
    _members(world, 5)
    pulse_round = _closed(world, _rows(5, openness=4))
    english.force_login(world.coordinator)
    assert (
        "Put the results on the next meeting"
        in english.get(reverse("pulse:results", args=[world.project.pk])).content.decode()
    )
    url = reverse("pulse:agenda", args=[world.project.pk, pulse_round.pk])
    page = english.get(url).content.decode()
    assert "no upcoming meeting" in page and reverse("meetings:create", args=[world.project.pk]) in page
    assert english.post(url).status_code == 302
    assert not AgendaItem.objects.exists()


def test_the_results_go_on_the_next_meetings_agenda_once(world, english):
    _members(world, 5)
    pulse_round = _closed(world, _rows(5, openness=4))
    MeetingFactory(project=world.project, start=in_days(30), title="Later meeting")
    next_one = MeetingFactory(project=world.project, start=in_days(7), title="Next meeting")
    MeetingFactory(project=world.other_project, start=in_days(1))
    english.force_login(world.coordinator)
    url = reverse("pulse:agenda", args=[world.project.pk, pulse_round.pk])
    assert "Next meeting" in english.get(url).content.decode()  # asks first
    assert not AgendaItem.objects.exists()
    assert english.post(url).status_code == 302
    english.post(url)  # a second press adds nothing
    (item,) = AgendaItem.objects.all()
    assert item.meeting == next_one and "Q3/2026" in item.title
    pulse_round.refresh_from_db()
    assert pulse_round.agenda_item == item
    assert "is on the agenda of Next meeting" in english.get(url).content.decode()
    assert services.put_on_agenda(pulse_round, actor=world.coordinator) == (item, False)


def test_an_open_round_cannot_go_on_the_agenda(world, english):
    pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)
    MeetingFactory(project=world.project)
    english.force_login(world.coordinator)
    assert english.get(reverse("pulse:agenda", args=[world.project.pk, pulse_round.pk])).status_code == 404
    with pytest.raises(services.AgendaError):
        services.put_on_agenda(PulseRound.objects.get(pk=pulse_round.pk), actor=world.coordinator)


def test_the_agenda_page_costs_the_same_at_two_sizes(world, english):
    """Few or many meetings and agenda items: the page asks the same number of queries."""
    _members(world, 5)
    pulse_round = _closed(world, _rows(5, openness=4))
    MeetingFactory(project=world.project, start=in_days(7))
    english.force_login(world.coordinator)
    url = reverse("pulse:agenda", args=[world.project.pk, pulse_round.pk])
    english.get(url)
    with CaptureQueriesContext(connection) as small:
        assert english.get(url).status_code == 200
    for days in range(8, 28):
        meeting = MeetingFactory(project=world.project, start=in_days(days))
        AgendaItem.objects.create(meeting=meeting, title="Kohta")
    with CaptureQueriesContext(connection) as large:
        assert english.get(url).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries) <= AGENDA_QUERIES
    english.post(url)
    with CaptureQueriesContext(connection) as placed:
        assert english.get(url).status_code == 200
    assert len(placed.captured_queries) <= AGENDA_QUERIES


AGENDA_QUERIES = 12
