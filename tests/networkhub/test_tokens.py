import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from commitments.models import TokenPurpose as CommitmentLink
from meetings.models import TokenPurpose as MeetingLink
from networkhub import tokens
from networkhub.models import LinkToken
from partners.models import TokenPurpose as PartnerLink
from tests.factories import ContactFactory


def test_issue_check_consume(db):
    contact = ContactFactory()
    token, raw = tokens.issue(PartnerLink.INVITATION, contact, sent_to=contact.email)
    assert tokens.check(raw, PartnerLink.INVITATION) == token
    assert token.target == contact
    tokens.consume(token)
    with pytest.raises(tokens.TokenInvalid) as error:
        tokens.check(raw, PartnerLink.INVITATION)
    assert error.value.reason == "used"


def test_token_serves_one_purpose(db):
    _token, raw = tokens.issue(PartnerLink.INVITATION, ContactFactory())
    with pytest.raises(tokens.TokenInvalid) as error:
        tokens.check(raw, CommitmentLink.SIGNATURE)
    assert error.value.reason == "unknown"


def test_expiry_and_revocation(db):
    contact = ContactFactory()
    token, raw = tokens.issue(PartnerLink.INVITATION, contact, ttl=timedelta(days=1))
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        with pytest.raises(tokens.TokenInvalid) as error:
            tokens.check(raw, PartnerLink.INVITATION)
        assert error.value.reason == "expired"
        with pytest.raises(tokens.TokenInvalid):
            tokens.consume(token)
    assert tokens.revoke(PartnerLink.INVITATION, contact) == 1
    with pytest.raises(tokens.TokenInvalid) as error:
        tokens.check(raw, PartnerLink.INVITATION)
    assert error.value.reason == "revoked"


def test_multi_use_token_is_never_consumed(db):
    token, raw = tokens.issue(MeetingLink.CALENDAR_FEED, ContactFactory(), single_use=False)
    with pytest.raises(tokens.TokenInvalid):
        tokens.consume(token)
    assert tokens.check(raw, MeetingLink.CALENDAR_FEED) == token


@pytest.mark.django_db(transaction=True)
def test_concurrent_consume_succeeds_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by locking the whole database; run with DATABASE_URL")
    token, _raw = tokens.issue(PartnerLink.INVITATION, ContactFactory())
    results, barrier = [], threading.Barrier(4)

    def use():
        barrier.wait()
        try:
            tokens.consume(LinkToken.objects.get(pk=token.pk))
            results.append("ok")
        except tokens.TokenInvalid as error:
            results.append(error.reason)
        finally:
            connection.close()

    threads = [threading.Thread(target=use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "used", "used", "used"]
