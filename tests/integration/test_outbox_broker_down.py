"""Nothing lost at publish (issue 24), with real processes.

Redis, the broker, is a server of the test's own, stopped. As real users through Django's test client, a
coordinator submits a report, sends a commitment letter (its signature request is e-mailed) and publishes
minutes: each answer is not a 500, each change is saved, and the Messages page shows the e-mails queued.
Then Redis starts, a real Celery worker runs, the operator's `manage.py relay_outbox` publishes the outbox,
and the SMTP sink inside the test counts the deliveries per e-mail key: every e-mail arrives once, none is
lost, and no outbox row is left unpublished.
"""

import os
import shutil
import time
from collections import Counter
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from kombu import pools

from commitments.models import VersionStatus
from config.celery import app
from meetings.models import Minutes, MinutesStatus
from networkhub import outbox
from networkhub.mail import key_digest
from networkhub.models import Message, MessageStatus, OutboxStatus, OutboxTask, Role
from reports.models import ReportStatus
from tests.commitments.helpers import draft_letter, publish_rules
from tests.confirm import CONFIRMED
from tests.factories import sign_in
from tests.meetings.factories import HeldMeetingFactory
from tests.reports.helpers import draft, fake_render

from .processes import Celery, RedisServer, SmtpSink, stopped_after, wait_for, worker_environment

pytestmark = [pytest.mark.faults, pytest.mark.machine_clock, pytest.mark.django_db(transaction=True)]

KINDS = ("report_review", "signature_request", "meeting_minutes")


def _services_or_skip():
    if connection.vendor != "postgresql" or not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("CI runs the fault test against PostgreSQL (DATABASE_URL) with redis-server installed")
        pytest.skip("needs DATABASE_URL (PostgreSQL) and redis-server")


def _reset_producers():
    """Forget this process's broker connections and producers, including kombu's process-wide pools (keyed by the
    broker's address), so that neither this test nor the tests after it publish through a closed pool."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    pools.reset()


@contextmanager
def _publishing_to(url):
    """This process's Celery publishes to `url` for real (not eagerly, as the rest of the suite does)."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = url, False
    _reset_producers()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        _reset_producers()


def _ready(world):
    """A report with its PDF made, a letter drafted under published rules, a held meeting's minutes written."""
    publish_rules(world.project, world.coordinator)
    draft_letter(world.membership, world.coordinator, contact=world.contact)
    meeting = HeldMeetingFactory(project=world.project)
    Minutes.objects.create(meeting=meeting, summary="Sovittiin seuraavista askelista.")
    report = draft(world.project, world.coordinator)
    fake_render(report)  # last: a PDF made before the data changed is not submitted
    return report, meeting


def test_no_email_is_lost_when_the_broker_is_down_at_the_change(world, client, settings, tmp_path):
    _services_or_skip()
    report, meeting = _ready(world)
    before = set(Message.objects.values_list("pk", flat=True))
    redis_server = RedisServer(tmp_path)  # its port is chosen; the server is not started yet: the broker is down
    sign_in(client, world.coordinator)
    project = world.project
    # Celery's configuration is read before Django's setting changes, so that it is restored to the suite's broker.
    with SmtpSink(delay=0.05) as sink, _publishing_to(redis_server.url):
        settings.CELERY_BROKER_URL = redis_server.url
        celery = Celery(tmp_path, worker_environment(redis_server.url, sink.port))
        with stopped_after(celery, redis_server):
            # 1. The broker is down: three changes, each saved and answered without a 500.
            started = time.monotonic()
            response = client.post(reverse("reports:submit", args=[project.pk, report.pk]), follow=True)
            assert response.status_code < 500
            report.refresh_from_db()
            assert report.status == ReportStatus.SUBMITTED, [str(m) for m in response.context["messages"]]
            assert report.status == ReportStatus.SUBMITTED

            response = client.post(reverse("commitments:letter_send", args=[project.pk, world.membership.pk]))
            assert response.status_code < 500
            assert world.membership.letter.versions.filter(status=VersionStatus.SENT).exists()

            response = client.post(reverse("meetings:minutes_publish", args=[project.pk, meeting.pk]), CONFIRMED)
            assert response.status_code < 500
            assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.PUBLISHED
            print(f"three changes with the broker down: {time.monotonic() - started:.1f} s")

            queued = Counter(OutboxTask.objects.filter(kind__in=KINDS).values_list("kind", flat=True))
            assert set(queued) == set(KINDS), queued
            assert not OutboxTask.objects.filter(status=OutboxStatus.PUBLISHED, kind__in=KINDS).exists()
            assert not Message.objects.exclude(pk__in=before).exists()  # nothing was sent, nothing claimed

            # The Messages page shows them queued, in the coordinator's language.
            page = client.get(reverse("projects:messages", args=[project.pk]))
            assert page.status_code == 200
            text = page.content.decode()
            for row in outbox.queued_mail(project):
                assert f"{row['label']}: {row['count']} " in text
            assert "jonossa, odottaa sähköpostipalvelua" in text

            # 2. The broker is back: a worker runs, the relay publishes, the worker sends.
            redis_server.start()
            celery.worker("worker")
            call_command("relay_outbox")
            assert not OutboxTask.objects.exclude(status=OutboxStatus.PUBLISHED).exists()

            def _all_sent():
                mails = Message.objects.exclude(pk__in=before).filter(kind__in=KINDS)
                return (
                    set(mails.values_list("kind", flat=True)) == set(KINDS)
                    and not mails.exclude(status=MessageStatus.SENT).exists()
                    and sink.delivered() >= mails.count()
                )

            assert wait_for(_all_sent, 180), "e-mails left unsent"
            call_command("relay_outbox")  # a second relay publishes nothing again
            time.sleep(3)  # anything sent twice would show by now
            counts = sink.counts()

    sent = Message.objects.exclude(pk__in=before)
    assert set(sent.values_list("status", flat=True)) == {MessageStatus.SENT}
    # Every e-mail arrived, once, and nothing else did.
    assert counts == {key_digest(message.key): 1 for message in sent}
    by_kind = Counter(sent.values_list("kind", flat=True))
    # One e-mail per queued task for the letter and the minutes; the submission to every funder reviewer.
    assert by_kind["signature_request"] == queued["signature_request"]
    assert by_kind["meeting_minutes"] == queued["meeting_minutes"]
    reviewers = type(world.funder).objects.filter(role=Role.FUNDER, is_active=True).count()
    assert by_kind["report_review"] == queued["report_review"] * reviewers
    assert not OutboxTask.objects.exclude(status=OutboxStatus.PUBLISHED).exists()
    assert set(OutboxTask.objects.values_list("attempts", flat=True)) <= {1, 2}
