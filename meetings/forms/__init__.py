from .ideas import IdeaFilterForm, IdeaForm, IdeaStatusForm
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
    "IdeaFilterForm",
    "IdeaForm",
    "IdeaStatusForm",
    "InviteForm",
    "MeetingForm",
    "MinutesForm",
    "PollAnswerForm",
    "PollForm",
    "RSVPForm",
    "SeriesForm",
    "SlotFormSet",
]
