from datetime import timedelta

import pytest
from django.urls import reverse

from meetings import polls, times
from meetings.models import Meeting, PollAnswer, PollInvitee, PollStatus, TimePoll
from networkhub.models import AuditEvent
from tests.confirm import CONFIRMED
from tests.factories import ContactFactory

from .factories import PollSlotFactory, TimePollFactory, in_days
from .helpers import add_network, ics_of

pytestmark = pytest.mark.django_db


def _answer(poll, contact, **by_slot):
    invitee, _created = PollInvitee.objects.get_or_create(poll=poll, contact=contact)
    for slot, answer in by_slot.items():
        PollAnswer.objects.create(slot=poll.slots.get(pk=slot), invitee=invitee, answer=answer)
    return invitee


def test_slots_are_ranked_by_organisations_not_people(world):
    contacts = add_network(world.project)  # Alpha, Beta (FI schools), Gamma Oy, Delta (EE), Epsilon GmbH (DE)
    alpha_colleagues = [ContactFactory(organisation=contacts[0].organisation) for _ in range(3)]
    poll = TimePollFactory(project=world.project)
    crowded = PollSlotFactory(poll=poll, start=in_days(20))
    broad = PollSlotFactory(poll=poll, start=in_days(21))
    tie = PollSlotFactory(poll=poll, start=in_days(22))
    # Four people of one organisation can make the first time; three organisations can make the second.
    for person in [contacts[0], *alpha_colleagues]:
        _answer(poll, person, **{str(crowded.pk): "yes"})
    _answer(poll, contacts[2], **{str(broad.pk): "yes", str(tie.pk): "yes"})
    _answer(poll, contacts[3], **{str(broad.pk): "yes", str(tie.pk): "yes"})
    _answer(poll, contacts[4], **{str(broad.pk): "yes", str(tie.pk): "yes"})
    # The third time ties on "yes"; one more organisation could come if need be, which breaks the tie.
    _answer(poll, contacts[1], **{str(tie.pk): "if_need_be", str(broad.pk): "no"})

    ranked = polls.rank_slots(poll)
    assert [r.slot for r in ranked] == [tie, broad, crowded]
    best = ranked[0]
    assert best.best and not ranked[1].best
    assert (best.organisations, best.only_if_need_be, best.business, best.foreign) == (3, 1, 2, 2)
    assert (ranked[2].organisations, ranked[2].yes_people) == (1, 4)


def test_withdrawn_members_do_not_count(world):
    contacts = add_network(world.project)
    poll = TimePollFactory(project=world.project)
    slot = PollSlotFactory(poll=poll)
    _answer(poll, contacts[0], **{str(slot.pk): "yes"})
    _answer(poll, contacts[1], **{str(slot.pk): "yes"})
    contacts[1].organisation.memberships.update(status="withdrawn")
    assert polls.rank_slots(poll)[0].organisations == 1


def _poll_form(world, **overrides):
    day = in_days(30).date()
    data = {
        "title": "Syksyn työpaja",
        "meeting_type": "workshop",
        "deadline": in_days(10).strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "Europe/Helsinki",
        "location": "",
        "video_link": "https://video.example/tyopaja",
        "description": "",
        "contacts": [world.contact.pk],
        "slots-TOTAL_FORMS": "3",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
        "slots-0-date": day.isoformat(),
        "slots-0-start_time": "09:00",
        "slots-0-end_time": "12:00",
        "slots-1-date": (day + timedelta(days=1)).isoformat(),
        "slots-1-start_time": "13:00",
        "slots-1-end_time": "16:00",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_poll_and_invitees_get_links(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:poll_create", args=[world.project.pk]), _poll_form(world))
    poll = TimePoll.objects.get()
    assert response.status_code == 302 and response["Location"] == poll.get_absolute_url()
    assert poll.slots.count() == 2 and list(poll.invitees.values_list("contact", flat=True)) == [world.contact.pk]
    assert times.wall_clock(poll.slots.first().start, "Europe/Helsinki").hour == 9
    assert len(mailoutbox) == 1 and "/m/poll/" in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="poll.created", actor=world.coordinator).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"slots-1-date": "2020-01-01"}, ("slots", 1, "date"), "This time is in the past."),
        ({"slots-0-end_time": "08:00"}, ("slots", 0, "end_time"), "The time must end after it starts."),
        ({"deadline": "2020-01-01T12:00"}, ("form", None, "deadline"), "The reply deadline must be in the future."),
    ],
)
def test_bad_poll_input_is_explained_and_kept(world, english, overrides, field, message):
    english.force_login(world.coordinator)
    response = english.post(reverse("meetings:poll_create", args=[world.project.pk]), _poll_form(world, **overrides))
    assert response.status_code == 200
    where, index, name = field
    errors = response.context["form"].errors if where == "form" else response.context["slots"][index].errors
    assert any(message in error for error in errors[name])
    assert 'value="Syksyn työpaja"' in response.content.decode()
    assert not TimePoll.objects.exists()


def test_a_poll_needs_at_least_one_time(world, english):
    english.force_login(world.coordinator)
    empty = {f"slots-{i}-{f}": "" for i in range(2) for f in ("date", "start_time", "end_time")}
    response = english.post(reverse("meetings:poll_create", args=[world.project.pk]), _poll_form(world, **empty))
    assert response.status_code == 200
    assert "Propose at least one time." in str(response.context["slots"].non_form_errors())


@pytest.mark.parametrize("members_see_answers", [False, True])
def test_members_see_others_answers_only_if_the_poll_says_so(world, client, members_see_answers):
    poll = TimePollFactory(project=world.project, members_see_answers=members_see_answers)
    slot = PollSlotFactory(poll=poll)
    other = ContactFactory(organisation=world.membership.organisation, name="Toinen Vastaaja")
    _answer(poll, world.contact, **{str(slot.pk): "yes"})
    _answer(poll, other, **{str(slot.pk): "no"})
    client.force_login(world.partner)
    response = client.get(poll.get_absolute_url())
    rows = [invitee.contact for invitee, _answers in response.context["grid"]]
    assert (other in rows) is members_see_answers
    assert world.contact in rows
    assert ("Toinen Vastaaja" in response.content.decode()) is members_see_answers
    client.force_login(world.coordinator)
    assert len(client.get(poll.get_absolute_url()).context["grid"]) == 2


def test_signed_in_invitee_answers_on_the_poll_page(world, client):
    poll = TimePollFactory(project=world.project)
    slot = PollSlotFactory(poll=poll)
    invitee = PollInvitee.objects.create(poll=poll, contact=world.contact)
    client.force_login(world.partner)
    data = {"invitee": invitee.pk, f"poll{invitee.pk}-answer_{slot.pk}": "if_need_be"}
    assert client.post(poll.get_absolute_url(), data).status_code == 302
    assert PollAnswer.objects.get().answer == "if_need_be"
    client.force_login(world.coordinator)  # not asked in this poll
    assert client.post(poll.get_absolute_url(), data).status_code == 404


def test_best_slot_becomes_the_meeting_with_one_click(world, client, mailoutbox, django_capture_on_commit_callbacks):
    contacts = add_network(world.project)
    poll = TimePollFactory(project=world.project, video_link="https://video.example/p", meeting_type="workshop")
    first, second = PollSlotFactory(poll=poll, start=in_days(20)), PollSlotFactory(poll=poll, start=in_days(21))
    for contact in contacts:
        _answer(poll, contact, **{str(second.pk): "yes", str(first.pk): "no"})
    client.force_login(world.coordinator)
    assert client.get(poll.get_absolute_url()).context["rankings"][0].slot == second
    url = reverse("meetings:poll_convert", args=[world.project.pk, poll.pk, second.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, CONFIRMED)
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.start, meeting.end, meeting.meeting_type) == (second.start, second.end, "workshop")
    poll.refresh_from_db()
    assert (poll.status, poll.meeting) == (PollStatus.CLOSED, meeting)
    assert sorted(m.to[0] for m in mailoutbox[-5:]) == sorted(c.email for c in contacts)
    calendar, event = ics_of(mailoutbox[-1])
    assert calendar["METHOD"] == "REQUEST" and str(event["UID"]) == meeting.uid

    response = client.post(url, CONFIRMED, follow=True)  # a second click does not make a second meeting
    assert Meeting.objects.count() == 1
    assert response.status_code == 200


def test_a_half_filled_time_is_explained(world, english):
    english.force_login(world.coordinator)
    response = english.post(
        reverse("meetings:poll_create", args=[world.project.pk]), _poll_form(world, **{"slots-2-start_time": "10:00"})
    )
    assert response.status_code == 200
    errors = response.context["slots"][2].errors
    assert errors["date"] == ["Give the date and both times, or leave the row empty."]
    assert not TimePoll.objects.exists()
