from .meetings import (
    AgendaFormSet,
    AttachmentForm,
    AttendanceForm,
    CancelForm,
    InviteForm,
    MeetingForm,
    RSVPForm,
    SeriesForm,
)
from .minutes import ActionItemFilterForm, ActionItemFormSet, AgendaNotesFormSet, DecisionFormSet, MinutesForm
from .polls import PollAnswerForm, PollForm, SlotFormSet

__all__ = [
    "ActionItemFilterForm",
    "ActionItemFormSet",
    "AgendaFormSet",
    "AgendaNotesFormSet",
    "AttachmentForm",
    "AttendanceForm",
    "CancelForm",
    "DecisionFormSet",
    "InviteForm",
    "MeetingForm",
    "MinutesForm",
    "PollAnswerForm",
    "PollForm",
    "RSVPForm",
    "SeriesForm",
    "SlotFormSet",
]
