"""iCalendar (RFC 5545 / iTIP RFC 5546) files for invitations, cancellations and personal feeds."""

from datetime import UTC, date, datetime

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText, vUri

from networkhub.tokens import absolute_url

from .models import MeetingStatus, Response

PRODID = "-//networkhub//Meetings//EN"

PARTSTAT = {
    Response.PENDING: "NEEDS-ACTION",
    Response.YES: "ACCEPTED",
    Response.NO: "DECLINED",
    Response.MAYBE: "TENTATIVE",
    Response.PROXY: "DELEGATED",
}


def _calendar(method=None, name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _address(email, name):
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def _description(meeting, rsvp_url=None):
    parts = [meeting.description.strip()] if meeting.description.strip() else []
    if meeting.video_link:
        parts.append(_("Video link: %(url)s") % {"url": meeting.video_link})
    if rsvp_url:
        parts.append(_("Reply: %(url)s") % {"url": rsvp_url})
    parts.append(_("Meeting page: %(url)s") % {"url": absolute_url(meeting.get_absolute_url())})
    return "\n\n".join(parts)


def _event(meeting, *, rsvp_url=None, cancelled=False):
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("created", meeting.created_at)
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    event.add("summary", f"{meeting.project.acronym}: {meeting.title}")
    event.add("description", _description(meeting, rsvp_url))
    location = meeting.location or meeting.video_link
    if location:
        event.add("location", location)
    if meeting.video_link:
        event.add("url", meeting.video_link)
        conference = vUri(meeting.video_link)
        conference.params["value"] = "URI"
        conference.params["feature"] = "VIDEO"
        event.add("conference", conference)
    else:
        event.add("url", absolute_url(meeting.get_absolute_url()))
    event.add("categories", [meeting.get_meeting_type_display()])
    if cancelled or meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _finish(calendar, meetings):
    years = [m.start.year for m in meetings] + [m.end.year for m in meetings] or [date.today().year]
    calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    return calendar.to_ical()


def invitation_ics(invitation, *, invitations, organizer, rsvp_url=None, method="REQUEST"):
    """The .ics attached to one invitee's e-mail (METHOD:REQUEST) or cancellation (METHOD:CANCEL).

    ATTENDEE lines name the recipient and the invitees who agreed to share their contact details
    within the network; the others' addresses are not given away.
    """
    meeting = invitation.meeting
    event = _event(meeting, rsvp_url=rsvp_url, cancelled=method == "CANCEL")
    if organizer is not None:
        event.add("organizer", _address(organizer.email, organizer.full_name))
    for other in invitations:
        if other.pk != invitation.pk and not other.contact.consent_to_share:
            continue
        attendee = _address(other.contact.email, other.contact.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["cutype"] = vText("INDIVIDUAL")
        attendee.params["partstat"] = vText(PARTSTAT[other.response])
        event.add("attendee", attendee)
    calendar = _calendar(method)
    calendar.add_component(event)
    return _finish(calendar, [meeting])


def feed_ics(meetings, *, name):
    """A personal subscription feed: the meetings only, no attendees."""
    calendar = _calendar("PUBLISH", name=name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    return _finish(calendar, meetings)


def download_ics(meeting):
    """The meeting as a plain calendar file to import (from the meeting page)."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(_event(meeting))
    return _finish(calendar, [meeting])
