"""meetings' rows of the permission matrix (see tests/test_permissions.py)."""

from meetings.models import Attachment, Invitation, PollInvitee

from .factories import (
    ActionItemFactory,
    HeldMeetingFactory,
    MeetingFactory,
    PollSlotFactory,
    TimePollFactory,
)


def extend_world(world):
    """A planned and a held meeting, an action item and a time poll in each project; the partner is invited."""
    for prefix, project, contact in (("", world.project, world.contact), ("other_", world.other_project, None)):
        meeting = MeetingFactory(project=project)
        held = HeldMeetingFactory(project=project)
        poll = TimePollFactory(project=project)
        setattr(world, f"{prefix}meeting", meeting)
        setattr(world, f"{prefix}held_meeting", held)
        setattr(world, f"{prefix}action", ActionItemFactory(meeting=held))
        setattr(world, f"{prefix}poll", poll)
        setattr(world, f"{prefix}slot", PollSlotFactory(poll=poll))
        setattr(
            world,
            f"{prefix}attachment",
            Attachment.objects.create(
                meeting=meeting,
                file="meetings/missing.pdf",
                original_name="a.pdf",
                content_type="application/pdf",
                size=1,
            ),
        )
        if contact is not None:
            Invitation.objects.create(meeting=meeting, contact=contact)
            PollInvitee.objects.create(poll=poll, contact=contact)


def _project(w):
    return {"project_pk": w.project.pk}


def _meeting(w):
    return {"project_pk": w.project.pk, "meeting_pk": w.meeting.pk}


def _other_meeting(w):
    return {"project_pk": w.project.pk, "meeting_pk": w.other_meeting.pk}


def _held(w):
    return {"project_pk": w.project.pk, "meeting_pk": w.held_meeting.pk}


def _other_held(w):
    return {"project_pk": w.project.pk, "meeting_pk": w.other_held_meeting.pk}


def _poll(w):
    return {"project_pk": w.project.pk, "poll_pk": w.poll.pk}


def _other_poll(w):
    return {"project_pk": w.project.pk, "poll_pk": w.other_poll.pk}


URLS = {
    "meetings:list": (_project, "get", "project_member"),
    "meetings:create": (_project, "get", "project_coordinator"),
    "meetings:series_create": (_project, "get", "project_coordinator"),
    "meetings:detail": (_meeting, "get", "project_member"),
    "meetings:edit": (_meeting, "get", "project_coordinator"),
    "meetings:cancel": (_meeting, "get", "project_coordinator"),
    "meetings:held": (_meeting, "post", "project_coordinator_post"),
    "meetings:ics": (_meeting, "get", "project_member"),
    "meetings:agenda": (_meeting, "get", "project_coordinator"),
    "meetings:invite": (_meeting, "get", "project_coordinator"),
    "meetings:attachments": (_meeting, "get", "project_coordinator"),
    "meetings:attachment_delete": (
        lambda w: {**_meeting(w), "attachment_pk": w.attachment.pk},
        "post",
        "project_coordinator_post",
    ),
    "meetings:attendance": (_held, "get", "project_coordinator"),
    "meetings:minutes": (_held, "get", "project_coordinator"),
    "meetings:minutes_publish": (_held, "get", "project_coordinator_post"),  # no minutes yet: back to the meeting
    "meetings:actions": (_project, "get", "project_member"),
    "meetings:action_status": (
        lambda w: {"project_pk": w.project.pk, "item_pk": w.action.pk},
        "post",
        "project_coordinator_post",
    ),
    "meetings:poll_create": (_project, "get", "project_coordinator"),
    "meetings:poll_detail": (_poll, "get", "project_member"),
    "meetings:poll_convert": (lambda w: {**_poll(w), "slot_pk": w.slot.pk}, "get", "project_coordinator"),
    "meetings:poll_close": (_poll, "post", "project_coordinator_post"),
    "meetings:calendar": (lambda w: {}, "get", "signed_in"),
}

# Checked in tests/meetings: the downloads need a stored file; the others answer by token.
SPECIAL = {"meetings:attachment_download", "meetings:rsvp", "meetings:poll", "meetings:feed"}

# This project's URL with another project's object inside it.
CROSS_PROJECT = {
    "meetings:detail": _other_meeting,
    "meetings:edit": _other_meeting,
    "meetings:cancel": _other_meeting,
    "meetings:held": _other_meeting,
    "meetings:ics": _other_meeting,
    "meetings:agenda": _other_meeting,
    "meetings:invite": _other_meeting,
    "meetings:attachments": _other_meeting,
    "meetings:attachment_delete": lambda w: {**_meeting(w), "attachment_pk": w.other_attachment.pk},
    "meetings:attendance": _other_held,
    "meetings:minutes": _other_held,
    "meetings:minutes_publish": _other_held,
    "meetings:action_status": lambda w: {"project_pk": w.project.pk, "item_pk": w.other_action.pk},
    "meetings:poll_detail": _other_poll,
    "meetings:poll_convert": lambda w: {**_poll(w), "slot_pk": w.other_slot.pk},
    "meetings:poll_close": _other_poll,
}
