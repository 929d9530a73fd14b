"""No penalty for improving the rules (issue 19, docs/health.md item 1): the rules page lists each member who has
not accepted the version in force with the days since it was last asked, and asks one member again at a time."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from commitments.models import RulesAcceptance, RulesRequest
from networkhub.models import AuditEvent
from tests.commitments.helpers import publish_rules
from tests.factories import ContactFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_missing_member_is_asked_again_with_the_days_since_the_last_request(world, client, mailoutbox, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    other = MembershipFactory(project=world.project, status="active")
    ContactFactory(organisation=other.organisation)
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=20), tick=False):
        rules = publish_rules(world.project, world.coordinator)
    RulesAcceptance.objects.create(
        membership=other, rules=rules, accepted_by="X", email="x@example.org", consent_version="1"
    )
    with time_machine.travel(now - timedelta(days=12), tick=False):
        client.force_login(world.coordinator)
        client.post(reverse("commitments:rules_resend", args=[world.project.pk, world.membership.pk]))
    with time_machine.travel(now, tick=False):
        client.force_login(world.coordinator)
        page = client.get(reverse("commitments:rules", args=[world.project.pk]))
        assert [m.pk for m in page.context["missing"]] == [world.membership.pk]  # the one who accepted is not listed
        assert "12 days ago" in page.content.decode()
        response = client.post(reverse("commitments:rules_resend", args=[world.project.pk, world.membership.pk]))
        assert response.status_code == 302
        assert RulesRequest.objects.filter(membership=world.membership, rules=rules, status="sent").count() == 1
        assert AuditEvent.objects.filter(action="rules.acceptance_requested", project=world.project).exists()
        refused = client.post(reverse("commitments:rules_resend", args=[world.project.pk, other.pk]), follow=True)
        assert "already accepted" in refused.content.decode()
        assert not RulesRequest.objects.filter(membership=other).exists()


def test_only_coordinators_ask_again_and_another_projects_member_is_a_404(world, client):
    publish_rules(world.project, world.coordinator)
    url = reverse("commitments:rules_resend", args=[world.project.pk, world.other_membership.pk])
    client.force_login(world.coordinator)
    assert client.post(url).status_code == 404
    client.force_login(world.partner)
    own = reverse("commitments:rules_resend", args=[world.project.pk, world.membership.pk])
    assert client.post(own).status_code in (403, 404)
