"""The transactional outbox (issue 24): a task a service queues is written with its change, published after the
commit or else by the relay, under a lease, once."""

import threading
from datetime import timedelta

import kombu.exceptions
import pytest
import time_machine
from celery import shared_task
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from networkhub import outbox
from networkhub.celery_tasks import RetryingTask
from networkhub.jobs import purge_expired_personal_data
from networkhub.models import OutboxStatus, OutboxTask
from networkhub.tasks import relay_outbox

from ..factories import sign_in

runs = []


@shared_task(base=RetryingTask, bind=True, name="tests.networkhub.outbox_probe")
def probe(self, number, word="x"):
    runs.append((number, word, self.request.id))


@pytest.fixture(autouse=True)
def _fresh():
    runs.clear()
    outbox._broker_away_until = 0.0
    yield
    outbox._broker_away_until = 0.0


@pytest.fixture
def broker_down(monkeypatch):
    """Publishing raises what Celery raises when Redis is away; `calls` counts the attempts."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6391. Connection refused.")

    monkeypatch.setattr(probe, "apply_async", refuse)
    return calls


def _status(row):
    row.refresh_from_db()
    return row.status


def test_a_task_queued_in_a_transaction_that_rolls_back_leaves_nothing(db, django_capture_on_commit_callbacks):
    def change_that_fails():
        with transaction.atomic():
            outbox.enqueue(probe, 1)
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        change_that_fails()
    assert OutboxTask.objects.count() == 0
    assert callbacks == [] and runs == []


def test_a_committed_task_is_published_once_after_the_commit_under_the_rows_task_id(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        row = outbox.enqueue(probe, 1, word="y", kind="meeting_minutes")
    assert runs == [] and _status(row) == OutboxStatus.PENDING  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert runs == [(1, "y", str(row.task_id))]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.published_at is not None) == (OutboxStatus.PUBLISHED, 1, True)
    assert outbox.relay() == 0 and relay_outbox() == 0  # a published row is never published again
    assert len(runs) == 1


def test_arguments_must_be_json(db):
    with pytest.raises(TypeError, match="JSON"):
        outbox.enqueue(probe, object())
    assert OutboxTask.objects.count() == 0


def test_a_broker_away_at_the_commit_leaves_the_row_for_the_relay(
    db, broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first = outbox.enqueue(probe, 1)
        second = outbox.enqueue(probe, 2)
    # One attempt: after it failed, this process leaves the second to the relay instead of waiting again.
    assert len(broker_down) == 1
    first.refresh_from_db()
    assert (first.status, first.attempts, first.claimed_at) == (OutboxStatus.PENDING, 1, None)
    assert "Connection refused" in first.last_error
    assert _status(second) == OutboxStatus.PENDING

    # The relay while the broker is still away: a few tries, then the rest handed back, nothing lost.
    assert outbox.relay() == 0
    assert set(OutboxTask.objects.values_list("status", flat=True)) == {OutboxStatus.PENDING}

    monkeypatch.undo()  # the broker is back
    assert relay_outbox() == 2
    assert sorted(number for number, _word, _id in runs) == [1, 2]
    assert set(OutboxTask.objects.values_list("status", flat=True)) == {OutboxStatus.PUBLISHED}


def test_relays_claim_disjoint_rows(db):
    rows = [outbox.enqueue(probe, number) for number in range(5)]  # no commit callbacks run: all pending
    first, _at = outbox.claim_batch(limit=3)
    second, _at = outbox.claim_batch(limit=3)
    third, _at = outbox.claim_batch(limit=3)
    assert [row.pk for row in first] == [row.pk for row in rows[:3]]
    assert [row.pk for row in second] == [row.pk for row in rows[3:]]
    assert third == []


@pytest.mark.django_db(transaction=True)
def test_a_relay_skips_the_rows_another_relay_is_claiming():
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL")
    # Written directly: in autocommit `enqueue` would publish them at once.
    rows = [OutboxTask.objects.create(task_name=probe.name, args=[number]) for number in range(5)]
    locked, release = threading.Event(), threading.Event()

    def other_relay():
        with transaction.atomic():
            list(OutboxTask.objects.filter(pk__in=[row.pk for row in rows[:3]]).select_for_update())
            locked.set()
            release.wait(30)
        connection.close()

    thread = threading.Thread(target=other_relay)
    thread.start()
    try:
        assert locked.wait(30)
        claimed, _at = outbox.claim_batch(limit=10)  # does not wait for the other relay's rows
        assert [row.pk for row in claimed] == [row.pk for row in rows[3:]]
    finally:
        release.set()
        thread.join(30)


def test_a_claim_older_than_the_lease_is_taken_over(db):
    row = outbox.enqueue(probe, 1)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert [claimed.pk for claimed in outbox.claim_batch()[0]] == [row.pk]  # this publisher then dies
        clock.move_to(start + outbox.publishing_lease() - timedelta(seconds=1))
        assert outbox.relay() == 0 and runs == []  # inside the lease: perhaps still publishing
        clock.move_to(start + outbox.publishing_lease() + timedelta(seconds=1))
        assert outbox.relay() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.PUBLISHED, 2)
    assert runs == [(1, "x", str(row.task_id))]


def test_the_management_command_relays(db, capsys):
    outbox.enqueue(probe, 7)
    call_command("relay_outbox")
    assert "Published 1; 0 not published yet." in capsys.readouterr().out
    assert [number for number, _word, _id in runs] == [7]


def test_published_rows_are_deleted_after_the_keeping_days(db, settings):
    settings.OUTBOX_KEEP_DAYS = 7
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        old = outbox.enqueue(probe, 1)
        outbox.relay()
        clock.move_to(start + timedelta(days=3))
        young = outbox.enqueue(probe, 2)
        outbox.relay()
        waiting = outbox.enqueue(probe, 3)  # never published: kept, whatever its age
        clock.move_to(start + timedelta(days=8))
        assert purge_expired_personal_data()["published_outbox_tasks"] == 1
    assert set(OutboxTask.objects.values_list("pk", flat=True)) == {young.pk, waiting.pk}
    assert not OutboxTask.objects.filter(pk=old.pk).exists()


def _queue(project, kinds):
    for index, kind in enumerate(kinds):
        outbox.enqueue(probe, index, project=project, kind=kind)


def test_the_messages_page_shows_queued_mail_with_constant_queries(world, client, django_assert_num_queries):
    sign_in(client, world.coordinator)
    url = reverse("projects:messages", args=[world.project.pk])
    _queue(world.project, ["meeting_minutes"])
    _queue(world.other_project, ["meeting_minutes"] * 4)  # another project's never shows
    client.get(url)  # warm the session and the caches
    with django_assert_num_queries(11) as small:
        response = client.get(url)
    assert "Kokouksen muistio: 1 sähköposti jonossa, odottaa sähköpostipalvelua" in response.content.decode()

    _queue(world.project, ["meeting_minutes"] * 10 + ["meeting_invitation"] * 11 + [""])  # "" sends no e-mail
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    page = response.content.decode()
    assert "Kokouksen muistio: 11 sähköpostia jonossa, odottaa sähköpostipalvelua" in page
    assert "Kokouskutsu: 11 sähköpostia jonossa" in page
    assert "Kokouksen muistio: 15" not in page

    with time_machine.travel(timezone.now()):
        outbox.relay()
    assert "jonossa, odottaa" not in client.get(url).content.decode()
