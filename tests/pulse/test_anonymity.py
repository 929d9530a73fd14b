"""The attacks of issue 20, each made and each finding nothing: differencing the results page and the panel between
answers, moving members' dates after the close, reading the admin and the link tokens, reading answer rows in stored
order, and reading the audit's times."""

import random
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from health import trust
from networkhub import tokens
from networkhub.dates import start_of_day
from networkhub.models import AuditEvent, LinkToken
from pulse import services
from pulse.models import PulseAnswer, PulseRecipient, PulseSetting, TokenPurpose
from tests.factories import ContactFactory, MembershipFactory
from tests.health.helpers import NOW

from .helpers import link

pytestmark = pytest.mark.django_db

EARLY = date(2026, 1, 1)


def _network(world, members):
    """`members` members (the world's partner and more), one contact each, joined before Q3/2026."""
    world.membership.joined_on = EARLY
    world.membership.save()
    for _index in range(members - 1):
        ContactFactory(organisation=MembershipFactory(project=world.project, joined_on=EARLY).organisation)


def _ratings(value):
    return dict.fromkeys(["openness", "reliability", "mission", "resources", "involvement"], value)


def _answer(client, recipient, value, comment=""):
    response = client.post(reverse("pulse:survey", args=[link(recipient)]), {**_ratings(value), "comment": comment})
    assert response.status_code == 200


def _view(client, project):
    """What the attacker compares: the results page (its body) and the panel's trust item."""
    body = client.get(reverse("pulse:results", args=[project.pk])).content.decode()
    item = trust.trust(project)
    return body.replace(_csrf(body), ""), (item.status, item.facts, item.value)


def _csrf(body):
    marker = 'name="csrfmiddlewaretoken" value="'
    if marker not in body:
        return "\0"
    start = body.index(marker) + len(marker)
    return body[start : body.index('"', start)]


def test_differencing_the_results_page_and_the_panel_between_answers_finds_nothing(world, client):
    _network(world, 8)
    pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)  # Q4/2026, open
    viewer = client.__class__()
    viewer.force_login(world.partner)
    recipients = list(PulseRecipient.objects.filter(round=pulse_round).order_by("pk"))
    assert len(recipients) == 8
    before = _view(viewer, world.project)
    for index, recipient in enumerate(recipients[:7]):
        _answer(client, recipient, 1 + index % 5, comment=f"Vastaus {index}")
        assert _view(viewer, world.project) == before, index  # nothing moves with one answer
    assert "Vastaus" not in before[0]


def test_moving_members_dates_after_the_close_reveals_nothing(world, client):
    _network(world, 6)
    PulseSetting.objects.create(project=world.project, enabled=True)
    pulse_round = services.open_round(world.project, date(2026, 9, 1))
    recipients = list(PulseRecipient.objects.filter(round=pulse_round).order_by("pk"))
    with time_machine.travel(NOW - timedelta(days=60), tick=False):  # while it was open
        for recipient in recipients[:5]:
            _answer(client, recipient, 4)
    services.close_round(pulse_round)
    viewer = client.__class__()
    viewer.force_login(world.partner)
    before = _view(viewer, world.project)
    assert "5/6" in before[1][1][0]
    for recipient in recipients:  # each member's joined_on to tomorrow and back: no count moves
        membership = recipient.contact.organisation.memberships.get(project=world.project)
        membership.joined_on = NOW.date() + timedelta(days=1)
        membership.save()
        assert _view(viewer, world.project) == before
        membership.joined_on = EARLY
        membership.save()


def test_the_admin_shows_no_address_and_no_time_on_used_pulse_links(world, client, admin_client):
    _network(world, 2)
    pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)
    recipient = PulseRecipient.objects.get(round=pulse_round, contact=world.contact)
    first = link(recipient, revoke_previous=False)
    client.get(reverse("pulse:survey", args=[first]))  # opening the link leaves no time either
    with time_machine.travel(NOW + timedelta(hours=5), tick=False):
        _answer(client, recipient, 3)
    rows = LinkToken.objects.for_object(recipient, TokenPurpose.PULSE)
    assert rows.count() == 2
    for row in rows:
        assert row.sent_to == "" and row.last_opened_at is None and row.revoked_at is None
        assert row.used_at == row.created_at  # "used", with no time of its own
    page = admin_client.get(reverse("admin:networkhub_linktoken_changelist") + "?purpose=pulse").content.decode()
    assert world.contact.email not in page
    # The other recipient's unused link still shows its address: the scrub is only of those who answered.
    other = PulseRecipient.objects.exclude(pk=recipient.pk).get(round=pulse_round)
    link(other)
    assert LinkToken.objects.for_object(other, TokenPurpose.PULSE).exclude(sent_to="").exists()


def test_stored_answer_rows_do_not_follow_arrival(world, client, monkeypatch):
    """20 answers arrive in a known order (their comments number them); the close writes them in a shuffled order.
    The shuffle is seeded here, so the check is exact and cannot be flaky; production uses SystemRandom."""
    _network(world, 20)
    pulse_round = services.open_round(world.project, date(2026, 9, 1))
    recipients = list(PulseRecipient.objects.filter(round=pulse_round).order_by("pk"))
    with time_machine.travel(NOW - timedelta(days=60), tick=False):
        for index, recipient in enumerate(recipients):
            _answer(client, recipient, 1 + index % 5, comment=f"{index:02}")
    monkeypatch.setattr(services, "_shuffle", random.Random(20).shuffle)
    services.close_round(pulse_round)
    arrival = [f"{index:02}" for index in range(20)]
    with connection.cursor() as cursor:  # the table's stored order: no ORDER BY
        cursor.execute("SELECT comment FROM pulse_pulseanswer WHERE round_id = %s", [pulse_round.pk])
        stored = [row[0] for row in cursor.fetchall()]
    assert sorted(stored) == arrival and stored != arrival
    expected = arrival.copy()
    random.Random(20).shuffle(expected)
    assert stored == expected  # the order is the shuffle's, nothing of arrival
    ordered = list(PulseAnswer.objects.filter(round=pulse_round).order_by("pk").values_list("comment", flat=True))
    assert sorted(ordered) == arrival  # and the key is random: no serial to sort by
    assert not {"created_at", "answered_at", "position"} & {f.name for f in PulseAnswer._meta.get_fields()}


def test_the_audit_dates_an_answer_to_the_day_only(world, client):
    _network(world, 3)
    pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)
    recipients = list(PulseRecipient.objects.filter(round=pulse_round))
    for hours, recipient in zip((1, 3, 5), recipients, strict=True):
        with time_machine.travel(NOW + timedelta(hours=hours), tick=False):
            _answer(client, recipient, 4)
    (event,) = AuditEvent.objects.filter(action="pulse.answered")
    assert event.created_at == start_of_day(NOW.date())
    assert event.actor is None and event.data == {"day": NOW.date().isoformat()}


def test_a_closed_round_refuses_answers_and_a_used_link_still_says_answered(world, client):
    _network(world, 2)
    pulse_round = services.set_enabled(world.project, True, actor=world.coordinator)
    recipient = PulseRecipient.objects.get(round=pulse_round, contact=world.contact)
    raw = link(recipient)
    _answer(client, recipient, 4)
    assert client.get(reverse("pulse:survey", args=[raw])).context["already"]
    other = PulseRecipient.objects.exclude(pk=recipient.pk).get(round=pulse_round)
    token = tokens.lookup(link(other), TokenPurpose.PULSE)
    with time_machine.travel(NOW + timedelta(days=70), tick=False):
        services.close_round(pulse_round)
        with pytest.raises(services.PulseError):
            services.answer(token, _ratings(4))
