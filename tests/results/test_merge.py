"""The coordinator merges duplicate entries (issue 21): outputs (the duplicate's dissemination events, uptakes and
co-authors move onto the kept one), dissemination events and contributions; a confirmation page names what moves
first; audited; entries of another project cannot be picked."""

import pytest
from django.urls import reverse

from networkhub.models import AuditEvent
from results import services
from results.models import Contribution, DisseminationEvent, Output, Uptake
from tests.factories import (
    ContributionFactory,
    DisseminationEventFactory,
    OrganisationFactory,
    OutputFactory,
    UptakeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def duplicates(world):
    """Two records of the same method: the partner's with an event, an uptake and two co-authors; the coordinator's
    with another event and one co-author."""
    world.first = OutputFactory(
        project=world.project, title="Mentorointimalli", recorded_for=world.membership.organisation
    )
    shared, own = OrganisationFactory(name="Yhteisopisto"), world.membership.organisation
    world.first.contributors.add(shared, own)
    world.first_event = DisseminationEventFactory(output=world.first)
    world.first_uptake = UptakeFactory(output=world.first)
    world.second = OutputFactory(project=world.project, title="Mentorointimalli (kopio)")
    world.second.contributors.add(shared)
    world.second_event = DisseminationEventFactory(output=world.second)
    return world


def _url(name, world, pk, **query):
    url = reverse(f"results:{name}", args=[world.project.pk, pk])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def test_merging_outputs_moves_events_uptakes_and_co_authors(duplicates, client, english):
    world = duplicates
    client.force_login(world.coordinator)
    form = client.get(_url("output_merge", world, world.second.pk))
    assert form.status_code == 200 and "Mentorointimalli" in form.content.decode()
    url = _url("output_merge", world, world.second.pk, other=world.first.pk, keep="other")
    confirm = client.get(url).content.decode()
    assert "“Mentorointimalli” is kept. “Mentorointimalli (kopio)” is removed." in confirm
    assert "1 dissemination event moves onto the kept output." in confirm
    assert "0 uptakes move onto the kept output." in confirm
    assert "0 co-authoring organisations are added to the kept output." in confirm
    assert Output.objects.filter(pk=world.second.pk).exists()  # nothing changed yet
    response = client.post(url)
    assert response.status_code == 302
    assert not Output.objects.filter(pk=world.second.pk).exists()
    assert set(DisseminationEvent.objects.filter(output=world.first).values_list("pk", flat=True)) == {
        world.first_event.pk,
        world.second_event.pk,
    }
    assert list(Uptake.objects.filter(output=world.first).values_list("pk", flat=True)) == [world.first_uptake.pk]
    event = AuditEvent.objects.get(action="project.output_merged")
    assert event.data == {"duplicate": "Mentorointimalli (kopio)", "events": 1, "uptakes": 0, "contributors": 0}


def test_the_kept_output_gains_the_duplicates_co_authors(duplicates):
    world = duplicates
    services.merge_outputs(world.second, world.first, actor=world.coordinator)
    assert sorted(world.second.contributors.values_list("name", flat=True)) == sorted(
        ["Yhteisopisto", world.membership.organisation.name]
    )
    assert world.second.events.count() == 2 and world.second.uptakes.count() == 1


def test_an_entry_cannot_be_merged_with_itself_or_another_projects(duplicates, client, english):
    world = duplicates
    with pytest.raises(services.MergeError):
        services.merge_outputs(world.first, world.first, actor=world.coordinator)
    other = OutputFactory(project=world.other_project)
    with pytest.raises(services.MergeError):
        services.merge_outputs(world.first, other, actor=world.coordinator)
    client.force_login(world.coordinator)
    response = client.get(_url("output_merge", world, world.first.pk, other=other.pk, keep="this"))
    assert response.status_code == 200
    assert "Choose another entry of this project." in response.content.decode()
    client.post(_url("output_merge", world, world.first.pk, other=other.pk, keep="this"))
    assert Output.objects.filter(pk=other.pk).exists()


def test_merging_dissemination_events(duplicates, client, english):
    world = duplicates
    client.force_login(world.coordinator)
    url = _url("event_merge", world, world.first_event.pk, other=world.second_event.pk, keep="this")
    assert "Nothing else moves" in client.get(url).content.decode()
    client.post(url)
    assert DisseminationEvent.objects.filter(pk=world.first_event.pk).exists()
    assert not DisseminationEvent.objects.filter(pk=world.second_event.pk).exists()
    assert AuditEvent.objects.filter(action="project.dissemination_merged").count() == 1


def test_merging_contributions(world, client, english):
    keep, duplicate = ContributionFactory(project=world.project), ContributionFactory(project=world.project)
    client.force_login(world.coordinator)
    url = _url("contribution_merge", world, duplicate.pk, other=keep.pk, keep="other")
    assert "Merge the two entries?" in client.get(url).content.decode()
    client.post(url)
    assert list(Contribution.objects.filter(project=world.project)) == [keep]
    assert AuditEvent.objects.filter(action="project.contribution_merged").count() == 1


def test_a_partner_cannot_merge_even_their_own_entries(duplicates, client):
    world = duplicates
    client.force_login(world.partner)
    url = _url("output_merge", world, world.first.pk, other=world.second.pk, keep="this")
    assert client.post(url).status_code in (403, 404)
    assert Output.objects.filter(pk=world.second.pk).exists()


def test_the_merge_pages_queries_do_not_grow_with_the_entries(duplicates, client, django_assert_max_num_queries):
    world = duplicates
    client.force_login(world.coordinator)
    url = _url("output_merge", world, world.first.pk)
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for index in range(5):
        output = OutputFactory(
            project=world.project, title=f"Malli {index}", recorded_for=world.membership.organisation
        )
        DisseminationEventFactory(output=output)
    with django_assert_max_num_queries(100) as more:
        client.get(url)
    assert len(more.captured_queries) == len(few.captured_queries)
