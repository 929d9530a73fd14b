"""The meetings' choices, for other apps (the read boundary: they use these, meetings' queries and services,
not its model classes)."""

from .models import ActionItemStatus, AttendanceStatus, MeetingStatus, MeetingType, PollStatus, Response

__all__ = ["ActionItemStatus", "AttendanceStatus", "MeetingStatus", "MeetingType", "PollStatus", "Response"]
