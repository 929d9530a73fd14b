import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from meetings import services
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    MeetingStatus,
    Minutes,
    PollAnswer,
    PollSlot,
    Response,
    TimePoll,
)
from projects.models import Project

MODELS = [Meeting, AgendaItem, Invitation, Attendance, Minutes, Decision, ActionItem, TimePoll, PollSlot, PollAnswer]

pytestmark = pytest.mark.django_db


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_meetings_are_complete_and_repeatable(client):
    call_command("seed_demo", password="demo-pass-1234")
    first = _counts()
    call_command("seed_demo", password="demo-pass-1234")
    assert _counts() == first

    verkko = Project.objects.get(case_number="OPH-1234-2026")
    meetings = Meeting.objects.filter(project=verkko)
    assert meetings.filter(status=MeetingStatus.HELD).count() >= 2
    assert meetings.filter(status=MeetingStatus.CANCELLED).exists()
    planned = meetings.get(status=MeetingStatus.PLANNED)
    assert planned.invitations.filter(response=Response.PROXY).exclude(proxy_name="").exists()
    assert Minutes.objects.filter(meeting__project=verkko, status="published").count() >= 2
    items = ActionItem.objects.filter(project=verkko)
    assert items.filter(status="done").exists() and items.overdue().exists()
    poll = TimePoll.objects.get(project=verkko, status="open")
    assert poll.slots.count() == 3 and PollAnswer.objects.filter(slot__poll=poll).exists()

    summary = services.dashboard_summary(verkko)
    assert summary["meets_regularly"] and summary["next_meeting"] == planned
    bro = Project.objects.get(case_number="OPH-877-2025")
    assert not services.dashboard_summary(bro)["meets_regularly"]

    client.force_login(User.objects.get(email="kumppani@demo.networkhub.fi"))
    for url in [
        reverse("home:project", args=[verkko.pk]),
        reverse("meetings:list", args=[verkko.pk]),
        reverse("meetings:actions", args=[verkko.pk]),
        planned.get_absolute_url(),
        poll.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url
