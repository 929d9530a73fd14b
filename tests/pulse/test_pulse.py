"""The trust pulse: rounds opened once a quarter, the anonymous survey by personal link, results only from
three answers."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from networkhub import tokens
from networkhub.models import LinkToken
from pulse import jobs, services
from pulse.models import PulseAnswer, PulseRecipient, PulseRound, PulseSetting, TokenPurpose
from tests.factories import ContactFactory, MembershipFactory
from tests.health.helpers import NOW, at

from .helpers import answers, link

pytestmark = pytest.mark.django_db

RATINGS = {"openness": "4", "reliability": "5", "mission": "3", "resources": "4", "involvement": "2"}


def _round(world, *, contacts=0):
    """The world's project runs the pulse: this quarter's round with the partner and `contacts` more asked."""
    for _index in range(contacts):
        ContactFactory(organisation=MembershipFactory(project=world.project).organisation)
    return services.set_enabled(world.project, True, actor=world.coordinator)


def _recipient(pulse_round, contact):
    return PulseRecipient.objects.get(round=pulse_round, contact=contact)


# --- The answer row holds no person -------------------------------------------------------------------


def test_an_answer_row_holds_no_person_and_no_time():
    fields = {field.name: field for field in PulseAnswer._meta.get_fields()}
    assert set(fields) == {"id", "round", "openness", "reliability", "mission", "resources", "involvement", "comment"}
    assert fields["id"].get_internal_type() == "UUIDField"  # a random key: no order of arrival
    assert [f.name for f in fields.values() if f.is_relation] == ["round"]
    assert not [f for f in fields.values() if f.get_internal_type() in ("DateTimeField", "DateField")]


def test_answering_stores_the_ratings_apart_from_who_answered(world, client):
    pulse_round = _round(world)
    recipient = _recipient(pulse_round, world.contact)
    response = client.post(reverse("pulse:survey", args=[link(recipient)]), {**RATINGS, "comment": "Hyvä!"})
    assert response.status_code == 200
    assert "anonymously" in response.content.decode() or "nimettömänä" in response.content.decode()
    (answer,) = PulseAnswer.objects.filter(round=pulse_round)
    assert (answer.openness, answer.reliability, answer.mission, answer.resources, answer.involvement) == (
        4,
        5,
        3,
        4,
        2,
    )
    assert answer.comment == "Hyvä!"
    recipient.refresh_from_db()
    assert recipient.answered


# --- Once per person -----------------------------------------------------------------------------------


def test_a_contact_cannot_answer_twice(world, client):
    pulse_round = _round(world)
    recipient = _recipient(pulse_round, world.contact)
    first = link(recipient, revoke_previous=False)
    second = link(recipient, revoke_previous=False)  # a second e-mail's link
    assert client.post(reverse("pulse:survey", args=[first]), RATINGS).status_code == 200
    again = client.post(reverse("pulse:survey", args=[first]), RATINGS)  # the used link
    other = client.post(reverse("pulse:survey", args=[second]), RATINGS)  # another link, same person
    assert again.status_code == 200 and other.status_code == 200
    assert "already answered" in other.content.decode() or "jo vastannut" in other.content.decode()
    assert PulseAnswer.objects.filter(round=pulse_round).count() == 1


def test_the_service_refuses_a_second_answer(world):
    pulse_round = _round(world)
    recipient = _recipient(pulse_round, world.contact)
    services.answer(_token(link(recipient, revoke_previous=False)), {k: int(v) for k, v in RATINGS.items()})
    with pytest.raises(services.PulseError):
        services.answer(_token(link(recipient, revoke_previous=False)), {k: int(v) for k, v in RATINGS.items()})
    assert PulseAnswer.objects.count() == 1


def _token(raw):
    return tokens.lookup(raw, TokenPurpose.PULSE)


# --- The survey page -------------------------------------------------------------------------------------


def test_the_survey_speaks_the_recipients_language(world, client):
    pulse_round = _round(world)
    world.contact.language = "sv"
    world.contact.save()
    page = client.get(reverse("pulse:survey", args=[link(_recipient(pulse_round, world.contact))]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'lang="sv"' in body
    assert "Tillitspuls" in body


def test_an_expired_or_unknown_link_gets_a_clear_page(world, client):
    pulse_round = _round(world)
    raw = link(_recipient(pulse_round, world.contact), ttl=timedelta(days=1))
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        expired = client.get(reverse("pulse:survey", args=[raw]))
    assert expired.status_code == 410
    unknown = client.get(reverse("pulse:survey", args=["not-a-token"]))
    assert unknown.status_code == 410


def test_a_bad_rating_is_a_field_error_and_keeps_the_input(english, world):
    pulse_round = _round(world)
    url = reverse("pulse:survey", args=[link(_recipient(pulse_round, world.contact))])
    response = english.post(url, {**RATINGS, "openness": "9", "comment": "Säilyy"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Select a valid choice" in body and "Säilyy" in body
    assert not PulseAnswer.objects.exists()


# --- Results: only from three answers --------------------------------------------------------------------


def test_two_answers_show_only_the_count(world, client, english):
    pulse_round = _round(world, contacts=4)
    answers(pulse_round, 2, comment="Salainen kommentti")
    english.force_login(world.partner)
    body = english.get(reverse("pulse:results", args=[world.project.pk])).content.decode()
    assert "2 of 5 contact persons answered (40 %)." in body
    assert "The results are shown once at least 3 people have answered." in body
    assert "Salainen kommentti" not in body
    assert "Openness to communication" not in body


def test_three_answers_show_the_averages_and_the_comments(world, english):
    pulse_round = _round(world, contacts=4)
    answers(pulse_round, 3, comment="Kommentti")  # ratings 3, 4 and 5
    english.force_login(world.partner)
    response = english.get(reverse("pulse:results", args=[world.project.pk]))
    body = response.content.decode()
    assert "3 of 5 contact persons answered (60 %)." in body
    assert "Openness to communication" in body and "4.0" in body
    (result,) = response.context["results"]
    assert sorted(result.comments) == ["Kommentti 0", "Kommentti 1", "Kommentti 2"]
    assert result.average == 4.0


# --- Rounds ---------------------------------------------------------------------------------------------


def test_switching_on_opens_the_round_and_mails_each_member_contact_once(
    world, english, mailoutbox, django_capture_on_commit_callbacks
):
    MembershipFactory(project=world.project, status="invited")  # only invited: not asked
    english.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(reverse("pulse:settings", args=[world.project.pk]), {"enabled": "on"})
    assert response.status_code == 302
    assert PulseSetting.objects.get(project=world.project).enabled
    pulse_round = PulseRound.objects.get(project=world.project)
    assert (pulse_round.quarter, pulse_round.closes_on) == (date(2026, 10, 1), date(2026, 12, 31))
    assert [m.to for m in mailoutbox] == [[world.contact.email]]
    assert "/pulse/" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(world.project)  # again: nothing new
        jobs.open_pulse_rounds()
    assert PulseRound.objects.count() == 1 and len(mailoutbox) == 1
    assert LinkToken.objects.filter(purpose="pulse").count() == 1


def test_the_job_opens_each_quarter_once_in_active_projects_that_run_it(world):
    world.project.status = "active"
    world.project.save()
    PulseSetting.objects.create(project=world.project, enabled=True)
    PulseSetting.objects.create(project=world.other_project, enabled=False)
    assert jobs.open_pulse_rounds() == 1
    assert jobs.open_pulse_rounds() == 0
    with time_machine.travel(at(date(2027, 1, 4)), tick=False):
        assert jobs.open_pulse_rounds() == 1
    assert list(PulseRound.objects.values_list("quarter", flat=True)) == [date(2027, 1, 1), date(2026, 10, 1)]
    assert not PulseRound.objects.filter(project=world.other_project).exists()


def test_a_late_round_stays_open_two_weeks(world):
    with time_machine.travel(at(date(2026, 12, 28)), tick=False):
        pulse_round = services.open_round(world.project)
    assert pulse_round.closes_on == date(2027, 1, 11)


def test_switching_off(world, english):
    _round(world)
    english.force_login(world.coordinator)
    assert english.post(reverse("pulse:settings", args=[world.project.pk]), {}).status_code == 302
    assert not PulseSetting.objects.get(project=world.project).enabled
    assert (
        "does not run the trust pulse"
        in english.get(reverse("pulse:results", args=[world.project.pk])).content.decode()
    )
