"""The ideas log (characteristic 7): members put ideas forward; coordinators try, adopt or drop them, and an
adopted idea names the decision or the goal review of its own project that adopted it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from goals import ideas
from goals.models import Idea, IdeaStatus
from goals.queries import ideas_summary
from meetings.models import Decision
from networkhub.models import AuditEvent
from tests.factories import ContactFactory, GoalReviewFactory, MembershipFactory, OrganisationFactory
from tests.meetings.factories import HeldMeetingFactory

from .factories import IdeaFactory

NOW = datetime(2027, 3, 1, 12, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture
def decision(world):
    return Decision.objects.create(meeting=HeldMeetingFactory(project=world.project), text="Kokeillaan mentoreita.")


@pytest.fixture
def other_decision(world):
    return Decision.objects.create(meeting=HeldMeetingFactory(project=world.other_project), text="Vieras päätös.")


@pytest.fixture
def idea(world):
    return IdeaFactory(project=world.project, proposed_by_organisation=world.membership.organisation)


def _detail(idea):
    return reverse("goals:idea_detail", args=[idea.project_id, idea.pk])


# --- Members add ideas ---------------------------------------------------------------------------


def test_a_partner_adds_an_idea_for_their_own_organisation(world, client):
    client.force_login(world.partner)
    url = reverse("goals:idea_create", args=[world.project.pk])
    page = client.get(url)
    assert list(page.context["form"].fields["proposed_by_organisation"].queryset) == [world.membership.organisation]
    assert "proposed_by_contact" not in page.context["form"].fields
    data = {"title": "Vertaismentorit", "description": "Ennen lähtöä", "proposed_by_organisation": ""}
    data["proposed_by_organisation"] = world.membership.organisation.pk
    response = client.post(url, data)
    idea = Idea.objects.get(project=world.project)
    assert response.status_code == 302 and response["Location"] == _detail(idea)
    assert (idea.status, idea.proposed_by_organisation, idea.proposed_by_contact, idea.created_by) == (
        IdeaStatus.NEW,
        world.membership.organisation,
        world.contact,
        world.partner,
    )
    assert AuditEvent.objects.filter(action="idea.proposed", project=world.project, actor=world.partner).exists()
    assert "Vertaismentorit" in client.get(reverse("goals:idea_list", args=[world.project.pk])).content.decode()


def test_a_partner_cannot_propose_for_another_organisation(world, client):
    client.force_login(world.partner)
    data = {"title": "Vieraan nimissä", "proposed_by_organisation": world.other_membership.organisation.pk}
    response = client.post(reverse("goals:idea_create", args=[world.project.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors["proposed_by_organisation"]
    assert response.context["form"]["title"].value() == "Vieraan nimissä"
    assert not Idea.objects.exists()


def test_a_coordinator_records_a_members_idea_or_their_own(world, client, english):
    client.force_login(world.coordinator)
    url = reverse("goals:idea_create", args=[world.project.pk])
    organisation = world.membership.organisation
    stranger = ContactFactory(organisation=OrganisationFactory())
    data = {"title": "Kuultu kokouksessa", "proposed_by_organisation": organisation.pk}
    response = client.post(url, data | {"proposed_by_contact": stranger.pk})
    assert response.status_code == 200 and response.context["form"].errors["proposed_by_contact"]
    other_member = MembershipFactory(project=world.project).organisation
    colleague = ContactFactory(organisation=other_member)
    response = client.post(url, data | {"proposed_by_contact": colleague.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["proposed_by_contact"] == [
        "The person must belong to the proposing organisation."
    ]
    assert client.post(url, data | {"proposed_by_contact": world.contact.pk}).status_code == 302
    assert client.post(url, {"title": "Oma ideani"}).status_code == 302
    logged = {idea.title: idea for idea in Idea.objects.all()}
    assert logged["Kuultu kokouksessa"].proposed_by_contact == world.contact
    assert logged["Oma ideani"].proposed_by_organisation is None
    assert logged["Oma ideani"].created_by == world.coordinator
    assert world.coordinator.full_name in client.get(_detail(logged["Oma ideani"])).content.decode()


def test_empty_idea_gets_a_field_error(world, client):
    client.force_login(world.partner)
    response = client.post(reverse("goals:idea_create", args=[world.project.pk]), {"description": "Pelkkä kuvaus"})
    assert response.status_code == 200 and response.context["form"].errors["title"]
    assert "Pelkkä kuvaus" in response.content.decode()


# --- Coordinators move them ------------------------------------------------------------------------


def test_coordinator_adopts_an_idea_linking_a_decision_of_the_same_project(world, client, idea, decision):
    with time_machine.travel(NOW, tick=False):
        client.force_login(world.coordinator)
        response = client.post(_detail(idea), {"status": "adopted", "decision": decision.pk})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.adopted_decision, idea.adopted_review) == (IdeaStatus.ADOPTED, decision, None)
    assert idea.status_changed_at == idea.first_status_change_at == NOW
    assert idea.status_changed_by == world.coordinator
    event = AuditEvent.objects.get(action="idea.adopted")
    assert event.data == {"previous": "new", "decision": decision.pk, "review": None}
    client.force_login(world.partner)
    page = client.get(_detail(idea)).content.decode()
    assert decision.meeting.get_absolute_url() in page
    assert client.get(_detail(idea)).context["form"] is None


def test_another_projects_decision_is_refused_with_a_field_error(world, client, idea, other_decision, english):
    english.force_login(world.coordinator)
    response = english.post(_detail(idea), {"status": "adopted", "decision": other_decision.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["decision"] == ["Choose a decision from this project's meetings."]
    assert other_decision.text not in response.content.decode()  # not even offered
    with pytest.raises(ideas.IdeaError) as refused:
        ideas.adopt_idea(idea, actor=world.coordinator, decision=other_decision)
    assert refused.value.field == "decision"
    with pytest.raises(ideas.IdeaError) as refused:
        ideas.adopt_idea(idea, actor=world.coordinator, review=GoalReviewFactory(project=world.other_project))
    assert refused.value.field == "review"
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW


def test_adopting_needs_exactly_one_link(world, client, idea, decision, english):
    review = GoalReviewFactory(project=world.project)
    english.force_login(world.coordinator)
    response = english.post(_detail(idea), {"status": "adopted"})
    assert response.context["form"].errors["decision"]
    response = english.post(_detail(idea), {"status": "adopted", "decision": decision.pk, "review": review.pk})
    assert response.context["form"].errors["review"]
    assert english.post(_detail(idea), {"status": "adopted", "review": review.pk}).status_code == 302
    idea.refresh_from_db()
    assert (idea.adopted_decision, idea.adopted_review) == (None, review)


def test_links_are_ignored_unless_adopting(world, client, idea, decision):
    client.force_login(world.coordinator)
    assert client.post(_detail(idea), {"status": "trying", "decision": decision.pk}).status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.adopted_decision) == (IdeaStatus.TRYING, None)


def test_transitions_and_the_first_answer(world, idea, decision):
    start = NOW
    with time_machine.travel(start, tick=False):
        ideas.try_idea(idea, actor=world.coordinator)
    with time_machine.travel(start + timedelta(days=3), tick=False):
        ideas.drop_idea(idea, actor=world.coordinator)
    with time_machine.travel(start + timedelta(days=5), tick=False):
        ideas.reopen_idea(idea, actor=world.coordinator)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW
    assert idea.first_status_change_at == start and idea.status_changed_at == start + timedelta(days=5)
    ideas.adopt_idea(idea, actor=world.coordinator, decision=decision)
    actions = list(AuditEvent.objects.filter(project=world.project).values_list("action", flat=True).order_by("pk"))
    assert actions == ["idea.trying", "idea.dropped", "idea.new", "idea.adopted"]


@pytest.mark.parametrize(
    ("start", "move"),
    [
        (IdeaStatus.NEW, ideas.reopen_idea),
        (IdeaStatus.TRYING, ideas.try_idea),
        (IdeaStatus.TRYING, ideas.reopen_idea),
        (IdeaStatus.DROPPED, ideas.try_idea),
        (IdeaStatus.DROPPED, ideas.drop_idea),
        (IdeaStatus.ADOPTED, ideas.drop_idea),
        (IdeaStatus.ADOPTED, ideas.try_idea),
        (IdeaStatus.ADOPTED, ideas.reopen_idea),
    ],
)
def test_invalid_transitions_are_refused(world, idea, decision, start, move):
    stamp = timezone.now()
    links = {"adopted_decision": decision} if start == IdeaStatus.ADOPTED else {}
    Idea.objects.filter(pk=idea.pk).update(
        status=start,
        status_changed_at=None if start == IdeaStatus.NEW else stamp,
        first_status_change_at=None if start == IdeaStatus.NEW else stamp,
        **links,
    )
    idea.refresh_from_db()
    with pytest.raises(ideas.IdeaError) as refused:
        move(idea, actor=world.coordinator)
    assert refused.value.field == "status"
    assert Idea.objects.get(pk=idea.pk).status == start
    assert not AuditEvent.objects.filter(action__startswith="idea.").exists()


def test_a_status_not_offered_is_a_field_error_and_an_adopted_idea_has_no_form(world, client, idea, decision):
    client.force_login(world.coordinator)
    response = client.post(_detail(idea), {"status": "new"})
    assert response.status_code == 200 and response.context["form"].errors["status"]
    ideas.adopt_idea(idea, actor=world.coordinator, decision=decision)
    assert client.get(_detail(idea)).context["form"] is None
    assert client.post(_detail(idea), {"status": "dropped"}).status_code == 302
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.ADOPTED


def test_only_coordinators_change_the_status(world, client, idea):
    client.force_login(world.partner)
    assert client.get(_detail(idea)).context["form"] is None
    assert client.post(_detail(idea), {"status": "dropped"}).status_code == 404
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.NEW


def test_the_log_filters_by_status(world, client, idea):
    tried = IdeaFactory(project=world.project, title="Kokeilussa oleva")
    ideas.try_idea(tried, actor=world.coordinator)
    IdeaFactory(project=world.other_project, title="Toisen hankkeen idea")
    client.force_login(world.partner)
    url = reverse("goals:idea_list", args=[world.project.pk])
    assert list(client.get(url).context["ideas"]) == [tried, idea]
    assert list(client.get(url, {"status": "trying"}).context["ideas"]) == [tried]
    assert list(client.get(url, {"status": "nonsense"}).context["ideas"]) == [tried, idea]
    assert "Toisen hankkeen idea" not in client.get(url).content.decode()


# --- The database keeps the rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "pondering"},
        {"status": IdeaStatus.ADOPTED},  # adopted by nothing
        {"status": IdeaStatus.ADOPTED, "adopted_decision": "decision", "adopted_review": "review"},
        {"status": IdeaStatus.TRYING, "adopted_decision": "decision"},  # a link, but not adopted
        {"status": IdeaStatus.NEW, "adopted_review": "review"},
        {"status": IdeaStatus.DROPPED, "status_changed_at": None},  # a change without its time
        {"status": IdeaStatus.NEW, "proposed_by_organisation": None},  # a person without an organisation
    ],
)
def test_constraint_violations_are_impossible(world, decision, fields):
    review = GoalReviewFactory(project=world.project)
    values = {"decision": decision, "review": review}
    stamp = timezone.now()
    row = {
        "project": world.project,
        "title": "Rikkinäinen",
        "proposed_by_organisation": world.membership.organisation,
        "proposed_by_contact": world.contact,
        "status_changed_at": stamp,
        "first_status_change_at": stamp,
    }
    row |= {key: values.get(value, value) if isinstance(value, str) else value for key, value in fields.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.create(**row)


def test_a_decision_that_adopted_an_idea_is_not_removed_from_the_minutes(world, client, idea, decision, english):
    ideas.adopt_idea(idea, actor=world.coordinator, decision=decision)
    meeting = decision.meeting
    english.force_login(world.coordinator)
    data = {
        "summary": "Muokattu",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "decisions-TOTAL_FORMS": "1",
        "decisions-INITIAL_FORMS": "1",
        "decisions-0-id": decision.pk,
        "decisions-0-text": decision.text,
        "decisions-0-DELETE": "on",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }
    response = english.post(reverse("meetings:minutes", args=[world.project.pk, meeting.pk]), data)
    assert response.status_code == 200
    assert "A decision that adopted an idea cannot be removed" in response.content.decode()
    assert Decision.objects.filter(pk=decision.pk).exists()


# --- Read-only summary and query counts -------------------------------------------------------------


def _log(project, count, decision, when):
    """`count` ideas from a member organisation, answered after 2, 4, 6... days; every third adopted."""
    organisation = project.memberships.first().organisation
    for index in range(count):
        created = when - timedelta(days=100 - index)
        with time_machine.travel(created, tick=False):
            idea = IdeaFactory(project=project, proposed_by_organisation=organisation, created_at=created)
        with time_machine.travel(created + timedelta(days=2 * (index + 1)), tick=False):
            if index % 3 == 0:
                ideas.adopt_idea(idea, actor=None, decision=decision)
            elif index % 3 == 1:
                ideas.try_idea(idea, actor=None)
            else:
                ideas.drop_idea(idea, actor=None)


def test_ideas_summary(world, decision, django_assert_num_queries):
    since = NOW - timedelta(days=365)
    with django_assert_num_queries(2):
        assert ideas_summary(world.project, since) == {
            "by_status": {"new": 0, "trying": 0, "adopted": 0, "dropped": 0},
            "total": 0,
            "adopted_since": 0,
            "median_days_to_answer": None,
            "waiting": 0,
        }
    _log(world.project, 3, decision, NOW)  # answered after 2, 4 and 6 days
    IdeaFactory(project=world.project, proposed_by_organisation=world.membership.organisation)  # waiting
    IdeaFactory(project=world.project, proposed_by_organisation=None)  # the coordinator's own
    old = IdeaFactory(project=world.project, created_at=NOW - timedelta(days=900))
    with time_machine.travel(NOW - timedelta(days=800), tick=False):
        ideas.adopt_idea(old, actor=None, decision=decision)  # adopted long ago, answered after 100 days
    with django_assert_num_queries(2):
        summary = ideas_summary(world.project, since)
    assert summary == {
        "by_status": {"new": 2, "trying": 1, "adopted": 2, "dropped": 1},
        "total": 6,
        "adopted_since": 1,
        "median_days_to_answer": 4.0,
        "waiting": 1,
    }
    _log(world.project, 30, decision, NOW)
    with django_assert_num_queries(2):
        assert ideas_summary(world.project, since)["total"] == 36


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.mark.parametrize("page", ["list", "detail"])
def test_query_counts_do_not_grow(world, client, clock, decision, django_assert_max_num_queries, page):
    _log(world.project, 3, decision, NOW)
    idea = IdeaFactory(project=world.project, proposed_by_organisation=world.membership.organisation)
    client.force_login(world.coordinator)
    url = reverse("goals:idea_list", args=[world.project.pk]) if page == "list" else _detail(idea)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    _log(world.project, 30, decision, NOW)
    for index in range(10):
        Decision.objects.create(meeting=HeldMeetingFactory(project=world.project), text="Lisäpäätös")
        GoalReviewFactory(project=world.project, review_date=world.project.start_date + timedelta(days=index))
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    if page == "list":
        assert response.content.decode().count("<tr>") >= 34
