"""Choices read the same in every form (issue 13, defect 14)."""

from meetings.forms.meetings import MeetingForm, SeriesForm
from meetings.forms.polls import PollForm
from meetings.models import MeetingType
from partners.models import ContactPerson


def test_meeting_type_has_the_same_choices_and_default_in_every_form(db):
    forms = [MeetingForm(), SeriesForm(), PollForm(contacts=ContactPerson.objects.none())]
    for form in forms:
        assert list(form.fields["meeting_type"].choices) == list(MeetingType.choices)
        assert form["meeting_type"].value() == MeetingType.STEERING_GROUP
