from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Invitation, Meeting, MeetingStatus
from tests.factories import ContactFactory

from .factories import ActionItemFactory, HeldMeetingFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def test_summary_without_meetings(world):
    summary = services.dashboard_summary(world.project)
    assert summary["next_meeting"] is None and summary["last_held"] is None
    assert summary["days_since_last"] is None and summary["meets_regularly"] is False
    assert summary["cadence_days"] == 90


def test_summary_tells_next_meeting_days_since_and_cadence(world, settings):
    HeldMeetingFactory(project=world.project, start=in_days(-200))
    last = HeldMeetingFactory(project=world.project, start=in_days(-30))
    MeetingFactory(project=world.project, start=in_days(-5), status=MeetingStatus.CANCELLED)
    later = MeetingFactory(project=world.project, start=in_days(60))
    soon = MeetingFactory(project=world.project, start=in_days(3))
    MeetingFactory(project=world.other_project, start=in_days(1))
    ActionItemFactory(meeting=last, due_date=timezone.localdate() - timedelta(days=1))
    ActionItemFactory(meeting=last)
    summary = services.dashboard_summary(world.project)
    assert summary["next_meeting"] == soon != later
    assert summary["last_held"] == last
    assert summary["days_since_last"] == 30
    assert summary["meets_regularly"] is True
    assert (summary["open_action_items"], summary["overdue_action_items"]) == (2, 1)
    settings.MEETING_CADENCE_DAYS = 20
    assert services.dashboard_summary(world.project)["meets_regularly"] is False


def test_dashboard_shows_the_cadence(world, english):
    HeldMeetingFactory(project=world.project, start=in_days(-120))
    english.force_login(world.partner)
    page = english.get(reverse("home:project", args=[world.project.pk])).content.decode()
    assert "120 days ago" in page
    assert 'data-cadence="irregular"' in page
    HeldMeetingFactory(project=world.project, start=in_days(-7))
    page = english.get(reverse("home:project", args=[world.project.pk])).content.decode()
    assert "The network meets regularly (at most 90 days between meetings)." in page


def _add_meetings(project, count, contacts):
    for index in range(count):
        if index % 2:
            meeting = MeetingFactory(project=project, start=in_days(index + 1))
        else:
            meeting = HeldMeetingFactory(project=project, start=in_days(-index - 1))
            ActionItemFactory(meeting=meeting)
        for contact in contacts:
            Invitation.objects.create(meeting=meeting, contact=contact)


@pytest.mark.parametrize("url_name", ["meetings:list", "home:project"])
def test_query_count_does_not_grow_with_meetings(world, client, django_assert_max_num_queries, url_name):
    contacts = [world.contact, ContactFactory(organisation=world.membership.organisation)]
    client.force_login(world.coordinator)
    url = reverse(url_name, args=[world.project.pk])
    _add_meetings(world.project, 10, contacts)
    with django_assert_max_num_queries(42) as small:  # the health panel, the map and the 12 items add 22
        assert client.get(url).status_code == 200
    _add_meetings(world.project, 190, contacts)
    assert Meeting.objects.filter(project=world.project).count() == 200
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    if url_name == "meetings:list":
        assert response.content.decode().count("<tr>") >= 100
