"""Every state change in meetings.services and meetings.polls writes its audit event."""

from datetime import timedelta
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import polls, services
from meetings.forms import ActionItemFormSet, AgendaFormSet, AgendaNotesFormSet, DecisionFormSet
from meetings.models import (
    ActionItemStatus,
    AttendanceStatus,
    MeetingSeries,
    MeetingType,
    Minutes,
    Response,
)
from tests.audit_coverage import audit_coverage_tests
from tests.meetings.factories import (
    ActionItemFactory,
    HeldMeetingFactory,
    InvitationFactory,
    MeetingFactory,
    PollInviteeFactory,
    PollSlotFactory,
    TimePollFactory,
    in_days,
)


def _empty(formset_class, prefix, **kwargs):
    formset = formset_class({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}, prefix=prefix, **kwargs)
    assert formset.is_valid(), formset.errors
    return formset


def _schedule_meeting(world):
    meeting = MeetingFactory.build(project=world.project)
    return partial(services.schedule_meeting, meeting, actor=world.coordinator), world.project


def _update_meeting(world):
    meeting = MeetingFactory(project=world.project)
    meeting.start += timedelta(hours=1)
    meeting.end += timedelta(hours=1)
    return partial(services.update_meeting, meeting, actor=world.coordinator), world.project


def _invite(world):
    meeting = MeetingFactory(project=world.project)
    return partial(services.invite, meeting, [world.contact], actor=world.coordinator), world.project


def _save_agenda(world):
    meeting = MeetingFactory(project=world.project)
    agenda = AgendaFormSet(
        {
            "agenda-TOTAL_FORMS": "1", "agenda-INITIAL_FORMS": "0",
            "agenda-0-title": "Tervetuloa", "agenda-0-duration_minutes": "10",
        },
        instance=meeting,
        prefix="agenda",
    )  # fmt: skip
    assert agenda.is_valid(), agenda.errors
    return partial(services.save_agenda, meeting, agenda, actor=world.coordinator), world.project


def _append_agenda_item(world):
    meeting = MeetingFactory(project=world.project)
    return partial(services.append_agenda_item, meeting, "Luottamuskysely", actor=world.coordinator), world.project


def _upload():
    return SimpleUploadedFile("muistio.txt", b"Kokouksen muistio\n")


def _add_attachment(world):
    meeting = MeetingFactory(project=world.project)
    call = partial(services.add_attachment, meeting, _upload(), content_type="text/plain", actor=world.coordinator)
    return call, world.project


def _delete_attachment(world):
    meeting = MeetingFactory(project=world.project)
    attachment = services.add_attachment(meeting, _upload(), content_type="text/plain", actor=world.coordinator)
    return partial(services.delete_attachment, attachment, actor=world.coordinator), world.project


def _cancel_meeting(world):
    meeting = MeetingFactory(project=world.project)
    return partial(services.cancel_meeting, meeting, actor=world.coordinator, reason="Sairastumisia"), world.project


def _mark_held(world):
    meeting = MeetingFactory(project=world.project, start=in_days(-1))
    return partial(services.mark_held, meeting, actor=world.coordinator), world.project


def _record_rsvp(world):
    invitation = InvitationFactory(meeting=MeetingFactory(project=world.project), contact=world.contact)
    return partial(services.record_rsvp, invitation, response=Response.YES, actor=world.partner), world.project


def _record_attendance(world):
    meeting = HeldMeetingFactory(project=world.project)
    entries = [(world.contact, AttendanceStatus.PRESENT, "")]
    return partial(services.record_attendance, meeting, entries, actor=world.coordinator), world.project


def _save_minutes(world):
    meeting = HeldMeetingFactory(project=world.project)
    call = partial(
        services.save_minutes,
        meeting,
        summary="Sovittiin jatkosta.",
        notes=_empty(AgendaNotesFormSet, "notes", queryset=meeting.agenda_items.all()),
        decisions=_empty(DecisionFormSet, "decisions", instance=meeting),
        actions=_empty(ActionItemFormSet, "actions", instance=meeting),
        actor=world.coordinator,
    )
    return call, world.project


def _publish_minutes(world):
    meeting = HeldMeetingFactory(project=world.project)
    Minutes.objects.create(meeting=meeting, summary="Sovittiin jatkosta.")
    return partial(services.publish_minutes, meeting, actor=world.coordinator), world.project


def _set_action_item_status(world):
    item = ActionItemFactory(meeting=HeldMeetingFactory(project=world.project))
    call = partial(services.set_action_item_status, item, status=ActionItemStatus.DONE, actor=world.coordinator)
    return call, world.project


def _create_series(world):
    series = MeetingSeries(
        project=world.project,
        title="Ohjausryhmä",
        meeting_type=MeetingType.STEERING_GROUP,
        rrule="FREQ=MONTHLY;COUNT=3",
        first_start=in_days(30),
        duration_minutes=90,
    )
    return partial(services.create_series, series, actor=world.coordinator), world.project


def _create_calendar_feed(world):
    return partial(services.create_calendar_feed, world.partner), None  # a person's feed, not one project's


def _revoke_calendar_feed(world):
    services.create_calendar_feed(world.partner)
    return partial(services.revoke_calendar_feed, world.partner), None


def _record_past_meeting(world):
    start = in_days(-10)
    details = {
        "title": "Aloituskokous",
        "meeting_type": MeetingType.KICK_OFF,
        "start": start,
        "end": start + timedelta(hours=2),
    }
    entries = [(world.contact, AttendanceStatus.PRESENT, "")]
    call = partial(services.record_past_meeting, world.project, details, entries, actor=world.coordinator)
    return call, world.project


SERVICES_STATE_CHANGING = {
    "record_past_meeting": ("meeting.imported", _record_past_meeting),
    "schedule_meeting": ("meeting.scheduled", _schedule_meeting),
    "update_meeting": ("meeting.updated", _update_meeting),
    "invite": ("meeting.invited", _invite),
    "save_agenda": ("meeting.agenda_saved", _save_agenda),
    "append_agenda_item": ("meeting.agenda_item_added", _append_agenda_item),
    "add_attachment": ("meeting.attachment_added", _add_attachment),
    "delete_attachment": ("meeting.attachment_deleted", _delete_attachment),
    "cancel_meeting": ("meeting.cancelled", _cancel_meeting),
    "mark_held": ("meeting.held", _mark_held),
    "record_rsvp": ("meeting.rsvp", _record_rsvp),
    "record_attendance": ("meeting.attendance_recorded", _record_attendance),
    "save_minutes": ("minutes.saved", _save_minutes),
    "publish_minutes": ("minutes.published", _publish_minutes),
    "set_action_item_status": ("action_item.status", _set_action_item_status),
    "create_series": ("meeting.series_created", _create_series),
    "create_calendar_feed": ("calendar_feed.created", _create_calendar_feed),
    "revoke_calendar_feed": ("calendar_feed.revoked", _revoke_calendar_feed),
}
SERVICES_READ_ONLY = {"member_contacts", "minutes_recipients", "dashboard_summary", "check_member_contacts"}


def _open_poll(world):
    poll = TimePollFactory(project=world.project, created_by=world.coordinator)
    return poll, PollSlotFactory(poll=poll)


def _create_poll(world):
    poll = TimePollFactory.build(project=world.project)
    slots = [(in_days(21), in_days(21) + timedelta(hours=2))]
    call = partial(polls.create_poll, poll, slots=slots, contacts=[world.contact], actor=world.coordinator)
    return call, world.project


def _record_poll_answers(world):
    poll, slot = _open_poll(world)
    invitee = PollInviteeFactory(poll=poll, contact=world.contact)
    return partial(polls.record_poll_answers, invitee, {slot.pk: ("yes", "")}, actor=world.partner), world.project


def _convert_to_meeting(world):
    poll, slot = _open_poll(world)
    return partial(polls.convert_to_meeting, poll, slot, actor=world.coordinator), world.project


def _close_poll(world):
    poll, _slot = _open_poll(world)
    return partial(polls.close_poll, poll, actor=world.coordinator), world.project


POLLS_STATE_CHANGING = {
    "create_poll": ("poll.created", _create_poll),
    "record_poll_answers": ("poll.answered", _record_poll_answers),
    "convert_to_meeting": ("poll.converted", _convert_to_meeting),
    "close_poll": ("poll.closed", _close_poll),
}
POLLS_READ_ONLY = {"rank_slots", "answer_grid"}


test_every_public_function_is_listed, test_state_change_writes_its_audit_event = audit_coverage_tests(
    (services, SERVICES_STATE_CHANGING, SERVICES_READ_ONLY),
    (polls, POLLS_STATE_CHANGING, POLLS_READ_ONLY),
)
