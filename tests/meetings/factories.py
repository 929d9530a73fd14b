from datetime import UTC, datetime, time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from meetings.models import (
    ActionItem,
    AgendaItem,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingType,
    PollInvitee,
    PollSlot,
    TimePoll,
)
from tests.factories import ProjectFactory


def in_days(days, hour=10):
    """`hour` o'clock Helsinki time on the day `days` from today's Helsinki date, for meetings and poll slots.

    In UTC, as from the database, so that adding hours or days to it is exact across daylight saving changes."""
    here = timezone.get_default_timezone()
    day = timezone.localdate(timezone=here) + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)), here).astimezone(UTC)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Ohjausryhmän kokous {n}")
    meeting_type = MeetingType.STEERING_GROUP
    start = factory.LazyFunction(lambda: in_days(14))
    end = factory.LazyAttribute(lambda m: m.start + timedelta(hours=2))
    location = "Helmijoen ammattiopisto, auditorio"
    video_link = "https://video.example/kokous"


class HeldMeetingFactory(MeetingFactory):
    start = factory.LazyFunction(lambda: in_days(-10))
    status = MeetingStatus.HELD


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Asia {n}")
    order = factory.Sequence(lambda n: n)
    duration_minutes = 20


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    contact = None


class ActionItemFactory(DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(HeldMeetingFactory)
    project = factory.LazyAttribute(lambda item: item.meeting.project)
    title = factory.Sequence(lambda n: f"Tehtävä {n}")


class TimePollFactory(DjangoModelFactory):
    class Meta:
        model = TimePoll

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Työpaja {n}")
    deadline = factory.LazyFunction(lambda: in_days(7))


class PollSlotFactory(DjangoModelFactory):
    class Meta:
        model = PollSlot

    poll = factory.SubFactory(TimePollFactory)
    start = factory.LazyFunction(lambda: in_days(21))
    end = factory.LazyAttribute(lambda slot: slot.start + timedelta(hours=2))


class PollInviteeFactory(DjangoModelFactory):
    class Meta:
        model = PollInvitee

    poll = factory.SubFactory(TimePollFactory)
    contact = None


def helsinki(*args):
    """An aware datetime in Europe/Helsinki wall-clock time."""
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo("Europe/Helsinki"))


def utc(*args):
    return datetime(*args, tzinfo=UTC)
