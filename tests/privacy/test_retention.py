"""Retention: after RETENTION_DAYS, unusable link tokens and stale invitations go and e-mails lose their content;
the messages' metadata stays, and running the job twice changes nothing more."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings

from networkhub import jobs, tasks, tokens
from networkhub.models import LinkToken, Message, MessageStatus
from partners.models import TokenPurpose

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _message(key, **fields):
    return Message.objects.create(
        kind="invitation",
        recipient="pia@example.org",
        language="fi",
        subject="Tervetuloa, Pia Partneri",
        status=MessageStatus.SENT,
        key=key,
        task={"name": "partners.tasks.send_invitation", "id": "x", "args": [1, 2, 3], "kwargs": {}},
        **fields,
    )


def test_the_defaults_and_the_beat_entry():
    assert settings.RETENTION_DAYS == 365
    entry = settings.CELERY_BEAT_SCHEDULE["purge-expired-personal-data"]
    assert entry["task"] == tasks.purge_expired_personal_data.name


def test_old_unusable_tokens_and_stale_invitations_go_live_ones_stay(world, settings):
    settings.RETENTION_DAYS = 30
    with time_machine.travel(START, tick=False) as clock:
        stale, _raw = tokens.issue(TokenPurpose.INVITATION, world.contact, sent_to=world.contact.email)
        used, _raw = tokens.issue(TokenPurpose.INVITATION, world.other_contact, sent_to="o@example.org")
        LinkToken.objects.filter(pk=used.pk).update(used_at=START + timedelta(days=1))
        feed, _raw = tokens.issue("calendar_feed", world.partner, sent_to=world.partner.email, single_use=False)
        clock.move_to(START + timedelta(days=20))
        recent, _raw = tokens.issue(
            TokenPurpose.INVITATION, world.contact, sent_to="new@example.org", revoke_previous=False
        )
        clock.move_to(START + timedelta(days=29))
        assert jobs.purge_link_tokens() == 0  # nothing is older than 30 days yet
        clock.move_to(START + timedelta(days=31))
        assert jobs.purge_link_tokens() == 2
        remaining = set(LinkToken.objects.values_list("pk", flat=True))
        assert remaining == {feed.pk, recent.pk}  # the calendar feed still works; the recent link is young
        assert jobs.purge_link_tokens() == 0


def test_old_messages_lose_their_content_and_keep_their_metadata(world, settings):
    settings.RETENTION_DAYS = 30
    with time_machine.travel(START, tick=False) as clock:
        old = _message("old")
        sending = _message("sending", claimed_at=START)
        Message.objects.filter(pk=sending.pk).update(status=MessageStatus.SENDING)
        clock.move_to(START + timedelta(days=10))
        young = _message("young")
        clock.move_to(START + timedelta(days=31))
        assert tasks.purge_expired_personal_data.delay().get() == {
            "link_tokens": 0,
            "message_content": 1,
            "published_outbox_tasks": 0,
        }
        old.refresh_from_db()
        assert (old.subject, old.error, old.task) == ("", "", None)
        assert (old.recipient, old.kind, old.status, old.created_at, old.key) == (
            "pia@example.org",
            "invitation",
            MessageStatus.SENT,
            START,
            "old",
        )
        young.refresh_from_db()
        assert young.subject == "Tervetuloa, Pia Partneri"
        assert Message.objects.get(pk=sending.pk).task is not None  # a send in progress is left alone
        assert jobs.purge_message_content() == 0  # the second run changes nothing
