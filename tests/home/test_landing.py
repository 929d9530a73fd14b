"""Where sign-in lands: a coordinator's "needs attention" list and a partner contact's own to-dos, each
entry a link to the page that fixes it, with the same queries at 2 and at 200 projects."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.services import request_rules_acceptance
from health.panel import Status
from partners.models import ExpertiseProfile, Membership, MembershipStatus
from projects.models import ProgrammeDeadline, ReportType
from tests.commitments.helpers import publish_rules
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory
from tests.health.helpers import TODAY, at, founding_members, letter
from tests.home.landing_helpers import many_projects, store_statuses
from tests.meetings.factories import (
    ActionItemFactory,
    HeldMeetingFactory,
    InvitationFactory,
    MeetingFactory,
    PollInviteeFactory,
    TimePollFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

LANDING = reverse("home:projects")


def _attention(response):
    return [(entry.project.pk, entry.url, entry.urgent) for entry in response.context["attention"]]


def _troubled(world, on_commit):
    """The world's project with one of everything a coordinator should see."""
    project = world.project
    founding_members(world, 2)
    store_statuses([project], TODAY, {"rules": Status.RED}, actions={"rules": "ask_rules_again"})
    publish_rules(project, world.coordinator)
    twenty_days_ago = TODAY - timedelta(days=20)
    with time_machine.travel(at(twenty_days_ago), tick=False), on_commit(execute=True):  # the request is e-mailed
        letter(world.membership, world.coordinator, sent=twenty_days_ago)  # and unsigned for 20 days
    MembershipFactory(project=project, status=MembershipStatus.INVITED)
    InvitationFactory(meeting=MeetingFactory(project=project, start=in_days(5)), contact=world.contact)
    ActionItemFactory(meeting=HeldMeetingFactory(project=project), due_date=TODAY - timedelta(days=3))
    project.review_interval_months = 1  # started in August: the first review was due in September
    project.save()
    ProgrammeDeadline.objects.create(
        programme=project.programme, report_type=ReportType.STATUS, due_date=TODAY + timedelta(days=10)
    )
    return project


def test_the_coordinator_sees_what_needs_attention_with_links_that_fix_it(
    world, english, django_capture_on_commit_callbacks
):
    project = _troubled(world, django_capture_on_commit_callbacks)
    english.force_login(world.coordinator)
    response = english.get(LANDING)
    urls = {url for _pk, url, _urgent in _attention(response)}
    pk = project.pk
    assert urls == {
        reverse("commitments:rules", args=[pk]),  # the red item's own stored action
        reverse("commitments:overview", args=[pk]),  # the overdue signature
        reverse("partners:list", args=[pk]),  # the organisation that has not joined
        reverse("meetings:list", args=[pk]),  # the unanswered meeting invitation
        reverse("meetings:actions", args=[pk]),  # the overdue action item
        reverse("goals:review_create", args=[pk]),  # the overdue goal review
        reverse("reports:list", args=[pk]),  # the next report, due in ten days
    }
    assert {project_pk for project_pk, _url, _urgent in _attention(response)} == {pk}  # not the other project's
    body = response.content.decode()
    assert "“Jointly agreed rules” is red" in body
    assert "Ask the missing members again" in body  # the panel's action for the cause, not a fixed map
    assert "1 signature request has waited more than 14 days." in body
    assert "1 action item is overdue." in body
    assert "Needs attention" in body and 'id="attention-heading"' in body


def test_a_coordinator_with_nothing_wrong_is_told_so(world, english):
    store_statuses([world.project], TODAY)
    english.force_login(world.coordinator)
    response = english.get(LANDING)
    assert response.context["attention"] == []
    assert "Nothing needs your attention" in response.content.decode()


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LANDING).status_code == 200
    return len(queries)


def test_the_coordinators_landing_costs_the_same_at_2_and_200_projects(
    world, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _troubled(world, django_capture_on_commit_callbacks)
    world.other_project.coordinators.add(world.coordinator)
    client.force_login(world.coordinator)
    small = _queries(client)
    grown = many_projects(198, programme=world.project.programme, coordinator=world.coordinator)
    store_statuses(grown, TODAY, {"meetings": Status.RED})
    Membership.objects.bulk_create(
        [Membership(project=project, organisation=world.membership.organisation) for project in grown]
    )
    with django_assert_max_num_queries(small):
        response = client.get(LANDING)
    assert len({pk for pk, _url, _urgent in _attention(response)}) == 1 + 198  # the other project needs nothing


def _busy_partner(world):
    """Everything a partner contact can be asked to do in the world's project."""
    project, contact = world.project, world.contact
    rules = publish_rules(project, world.coordinator)
    letter(world.membership, world.coordinator, sent=TODAY - timedelta(days=2))
    request_rules_acceptance(world.membership, rules, actor=world.coordinator)
    InvitationFactory(meeting=MeetingFactory(project=project, title="Kevätseminaari"), contact=contact)
    PollInviteeFactory(poll=TimePollFactory(project=project, title="Työpaja"), contact=contact)
    ActionItemFactory(
        meeting=HeldMeetingFactory(project=project), owner_contact=contact, due_date=TODAY - timedelta(days=1)
    )


def test_the_partner_sees_their_own_to_dos(world, english):
    _busy_partner(world)
    # Another contact's invitation and another project's poll are not this partner's to-dos.
    InvitationFactory(meeting=MeetingFactory(project=world.project), contact=ContactFactory())
    PollInviteeFactory(poll=TimePollFactory(project=world.other_project), contact=world.other_contact)
    english.force_login(world.partner)
    response = english.get(LANDING)
    pk, membership = world.project.pk, world.membership
    urls = [todo.url for todo in response.context["todos"]]
    action = world.project.action_items.get()
    # Each to-do leads where it is done (issue 21): signing, accepting, the action item's row with its button.
    assert sorted(urls) == sorted(
        [
            reverse("commitments:letter_sign_own", args=[pk, membership.pk]),
            reverse("commitments:rules_accept_own", args=[pk]),
            reverse("meetings:detail", args=[pk, world.project.meetings.get(title="Kevätseminaari").pk]),
            reverse("meetings:poll_detail", args=[pk, world.project.time_polls.get().pk]),
            reverse("meetings:actions", args=[pk]) + f"#action-{action.pk}",
            reverse("partners:profile_edit", args=[pk, membership.pk]),
        ]
    )
    assert response.context["attention"] is None
    body = response.content.decode()
    assert "Your to-dos" in body and "Kevätseminaari" in body


def test_a_described_organisation_is_not_asked_again(world, english):
    ExpertiseProfile.objects.create(organisation=world.membership.organisation, description="Matkailualan osaaminen")
    english.force_login(world.partner)
    response = english.get(LANDING)
    assert response.context["todos"] == []
    assert "You have nothing to do right now." in response.content.decode()


def test_a_withdrawn_member_has_no_to_dos_there(world, english):
    _busy_partner(world)
    world.membership.status = MembershipStatus.WITHDRAWN
    world.membership.save()
    english.force_login(world.partner)
    assert english.get(LANDING).context["todos"] == []


def test_the_partners_landing_costs_the_same_at_2_and_200_projects(world, client, django_assert_max_num_queries):
    _busy_partner(world)
    MembershipFactory(project=world.other_project, organisation=world.membership.organisation)
    client.force_login(world.partner)
    small = _queries(client)
    grown = many_projects(198, programme=world.project.programme)
    Membership.objects.bulk_create(
        [Membership(project=project, organisation=world.membership.organisation) for project in grown]
    )
    for project in grown[:20]:
        InvitationFactory(meeting=MeetingFactory(project=project), contact=world.contact)
    other = OrganisationFactory()
    ContactFactory(organisation=other, user=world.partner)
    MembershipFactory(project=grown[-1], organisation=other)
    with django_assert_max_num_queries(small):
        response = client.get(LANDING)
    assert len(response.context["todos"]) == 6 + 20 + 1  # the new organisation's empty profile too
