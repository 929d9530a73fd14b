"""The trust pulse: rounds opened once a quarter, the anonymous survey by personal link, results only after the
close from five answers of three organisations."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from networkhub import tokens
from networkhub.models import AuditEvent, LinkToken
from pulse import jobs, services
from pulse.models import PendingAnswer, PulseAnswer, PulseRecipient, PulseRound, PulseSetting, TokenPurpose
from tests.factories import ContactFactory, MembershipFactory
from tests.health.helpers import NOW, at

from .helpers import answers, closed_round, link

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
    assert set(fields) == {
        *("id", "round", "openness", "reliability", "mission", "resources", "involvement", "influence"),
        *("coordination", "comment", "comment_hidden"),
    }
    assert fields["id"].get_internal_type() == "UUIDField"  # a random key: no order of arrival
    assert [f.name for f in fields.values() if f.is_relation] == ["round"]
    assert not [f for f in fields.values() if f.get_internal_type() in ("DateTimeField", "DateField")]


def test_answering_stores_the_ratings_apart_from_who_answered(world, client):
    pulse_round = _round(world)
    recipient = _recipient(pulse_round, world.contact)
    response = client.post(reverse("pulse:survey", args=[link(recipient)]), {**RATINGS, "comment": "Hyvä!"})
    assert response.status_code == 200
    assert "anonymously" in response.content.decode() or "nimettömänä" in response.content.decode()
    assert not PulseAnswer.objects.exists()  # buffered until the close
    with time_machine.travel(NOW + timedelta(days=60), tick=False):
        services.close_round(pulse_round)
    assert not PendingAnswer.objects.exists()
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
    assert PendingAnswer.objects.filter(round=pulse_round).count() == 1


def test_the_service_refuses_a_second_answer(world):
    pulse_round = _round(world)
    recipient = _recipient(pulse_round, world.contact)
    services.answer(_token(link(recipient, revoke_previous=False)), {k: int(v) for k, v in RATINGS.items()})
    with pytest.raises(services.PulseError):
        services.answer(_token(link(recipient, revoke_previous=False)), {k: int(v) for k, v in RATINGS.items()})
    assert PendingAnswer.objects.count() == 1


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
    assert "Choose a number from 1 to 5, or “can&#x27;t say”." in body and "Säilyy" in body
    assert not PendingAnswer.objects.exists()


# --- Results: only after the close, from five answers of three organisations -------------------------------


def _members(world, count):
    """`count` more members with a contact each; every member joined before the Q3 round of closed_round."""
    for _index in range(count):
        ContactFactory(organisation=MembershipFactory(project=world.project, joined_on=date(2026, 1, 1)).organisation)
    world.membership.joined_on = date(2026, 1, 1)
    world.membership.save()


def test_four_answers_show_too_few(world, english):
    _members(world, 5)
    closed_round(world.project, 4, comment="Salainen kommentti")
    english.force_login(world.partner)
    body = english.get(reverse("pulse:results", args=[world.project.pk])).content.decode()
    assert "4 of 6 contact persons answered (67 %)." in body
    assert "Too few answers to show." in body
    assert "Salainen kommentti" not in body
    assert "Openness to communication" not in body


def test_five_answers_of_one_organisation_show_too_few(world, english):
    _members(world, 0)
    for _index in range(6):
        ContactFactory(organisation=world.membership.organisation)
    pulse_round = closed_round(world.project, 5)
    assert pulse_round.organisations_count == 1
    english.force_login(world.partner)
    body = english.get(reverse("pulse:results", args=[world.project.pk])).content.decode()
    assert "Too few answers to show." in body and "Openness to communication" not in body


def test_five_answers_show_the_averages_to_half_and_the_comments(world, english):
    _members(world, 5)
    closed_round(world.project, 5, comment="Kommentti")  # ratings 3, 4, 5, 3, 4: 3.8 shown as 4.0
    english.force_login(world.partner)
    response = english.get(reverse("pulse:results", args=[world.project.pk]))
    body = response.content.decode()
    assert "5 of 6 contact persons answered (83 %)." in body
    assert "Openness to communication" in body and "4.0" in body
    (result,) = response.context["results"]
    assert sorted(answer.comment for answer in result.comments) == [f"Kommentti {n}" for n in range(5)]
    assert result.average == 4.0
    assert "Hide this comment" not in body  # only the coordinator


def test_an_open_round_shows_only_when_it_closes_and_the_coordinator_bands(world, english):
    _members(world, 5)
    pulse_round = _round(world)
    answers(pulse_round, 5)
    english.force_login(world.partner)
    body = english.get(reverse("pulse:results", args=[world.project.pk])).content.decode()
    assert "Open, closes on 31/12/2026." in body
    assert "Openness" not in body and "contact persons answered" not in body and "Response rate" not in body
    english.force_login(world.coordinator)
    response = english.get(reverse("pulse:results", args=[world.project.pk]))
    (result,) = response.context["results"]
    assert sorted(band for _name, band in result.bands) == ["all"] * 5 + ["none"]
    assert "Response rate by organisation" in response.content.decode()


def test_the_coordinator_hides_a_comment_for_good(world, english):
    _members(world, 5)
    pulse_round = closed_round(world.project, 5, comment="Matti Meikäläinen")
    english.force_login(world.coordinator)
    results_url = reverse("pulse:results", args=[world.project.pk])
    assert "Hide this comment" in english.get(results_url).content.decode()
    answer = PulseAnswer.objects.filter(round=pulse_round, comment="Matti Meikäläinen 2").get()
    url = reverse("pulse:hide_comment", args=[world.project.pk, answer.pk])
    assert "Hide the comment for good" in english.get(url).content.decode()  # asks first
    assert english.post(url).status_code == 302
    answer.refresh_from_db()
    assert (answer.comment, answer.comment_hidden) == ("", True)
    assert "Matti Meikäläinen 2" not in english.get(results_url).content.decode()
    assert AuditEvent.objects.filter(action="pulse.comment_hidden", actor=world.coordinator).exists()
    assert english.post(url).status_code == 404  # once
    other = PulseAnswer.objects.filter(round=pulse_round, comment_hidden=False).first()
    english.force_login(world.partner)
    assert english.post(reverse("pulse:hide_comment", args=[world.project.pk, other.pk])).status_code in (403, 404)
    other.refresh_from_db()
    assert not other.comment_hidden


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


# --- The threshold setting ----------------------------------------------------------------------------


def test_a_threshold_below_five_is_refused_by_the_system_check(settings):
    from pulse.apps import check_min_answers
    from pulse.queries import min_answers

    settings.PULSE_MIN_ANSWERS = 4
    assert [error.id for error in check_min_answers()] == ["pulse.E001"]
    assert min_answers() == 5  # and never used below five
    settings.PULSE_MIN_ANSWERS = 7
    assert check_min_answers() == [] and min_answers() == 7


def test_the_results_page_costs_the_same_at_two_sizes(world, english, django_assert_num_queries):
    _members(world, 5)
    closed_round(world.project, 5)
    answers(_round(world), 2)
    english.force_login(world.coordinator)
    url = reverse("pulse:results", args=[world.project.pk])
    english.get(url)
    with django_assert_num_queries(RESULTS_QUERIES) as small:
        assert english.get(url).status_code == 200
    _members(world, 30)
    with django_assert_num_queries(RESULTS_QUERIES) as large:
        assert english.get(url).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


RESULTS_QUERIES = 9  # session, user, project, setting, rounds, closed round aggregate and comments, open round bands
