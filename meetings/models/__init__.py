"""Network meetings (design characteristic 6): meetings, invitations, attendance, minutes, time polls."""

from .meetings import (
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceStatus,
    Invitation,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    MeetingType,
    Response,
    TokenPurpose,
)
from .minutes import ActionItem, ActionItemStatus, Decision, Minutes, MinutesCorrection, MinutesStatus
from .polls import PollAnswer, PollAnswerChoice, PollInvitee, PollSlot, PollStatus, TimePoll

__all__ = [
    "ActionItem",
    "ActionItemStatus",
    "AgendaItem",
    "Attachment",
    "Attendance",
    "AttendanceStatus",
    "Decision",
    "Invitation",
    "Meeting",
    "MeetingSeries",
    "MeetingStatus",
    "MeetingType",
    "Minutes",
    "MinutesCorrection",
    "MinutesStatus",
    "PollAnswer",
    "PollAnswerChoice",
    "PollInvitee",
    "PollSlot",
    "PollStatus",
    "Response",
    "TimePoll",
    "TokenPurpose",
]
