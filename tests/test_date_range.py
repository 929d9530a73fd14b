"""Dates outside 2000-2100 are refused at the field, in every date and date-time field: never a 500.

Year 1 or 9999 overflowed when a wall-clock time was turned into an instant (or a day was added
to a due date), and no one means them: they are typos.
"""

import pytest
from django.urls import reverse

from tests.factories import sign_in
from tests.meetings.factories import HeldMeetingFactory, MeetingFactory
from tests.reports.helpers import draft

ERROR = "Anna päivämäärä väliltä 1.1.2000–31.12.2100."  # in Finnish, whose formats "1.1.0001 0.30" is typed in
YEAR_ONE = "1.1.0001 0.30"
YEAR_9999 = "31.12.9999 22.00"
LATE_SLOT = {"date": "31.12.9999", "start_time": "22.00", "end_time": "23.30"}


def _nothing(w):
    return {}


def _meeting(w):
    return {"project_pk": w.project.pk, "meeting_pk": MeetingFactory(project=w.project).pk}


def _held(w):
    return {"project_pk": w.project.pk, "meeting_pk": HeldMeetingFactory(project=w.project).pk}


def _project(w):
    return {"project_pk": w.project.pk}


def _membership(w):
    return {"project_pk": w.project.pk, "membership_pk": w.membership.pk}


def _report(w):
    return {"project_pk": w.project.pk, "report_pk": draft(w.project, w.coordinator).pk}


def _rows(prefix, row):
    management = {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}
    return {
        **{f"{prefix}-{key}": value for key, value in management.items()},
        **{f"{prefix}-0-{k}": v for k, v in row.items()},
    }


# (role, URL name, URL kwargs, posted data, where the error is: (context name, form index or None, field))
CASES = {
    "meeting start, year 1 in Helsinki": (
        "coordinator", "meetings:create", _project,
        {"start": YEAR_ONE, "end": "1.1.0001 2.30", "time_zone": "Europe/Helsinki"}, ("form", None, "start"),
    ),
    "meeting end, year 9999 in Los Angeles": (
        "coordinator", "meetings:create", _project,
        {"start": "31.12.9999 20.00", "end": YEAR_9999, "time_zone": "America/Los_Angeles"}, ("form", None, "end"),
    ),
    "meeting edit, year 1 in Helsinki": (
        "coordinator", "meetings:edit", _meeting,
        {"start": YEAR_ONE, "end": "1.1.0001 2.30", "time_zone": "Europe/Helsinki"}, ("form", None, "start"),
    ),
    "meeting edit, year 9999 in Los Angeles": (
        "coordinator", "meetings:edit", _meeting,
        {"start": YEAR_9999, "end": "31.12.9999 23.00", "time_zone": "America/Los_Angeles"}, ("form", None, "start"),
    ),
    "series first meeting": (
        "coordinator", "meetings:series_create", _project,
        {"first_start": YEAR_9999, "time_zone": "America/Los_Angeles", "repeat": "FREQ=MONTHLY;INTERVAL=3"},
        ("form", None, "first_start"),
    ),
    "poll deadline": (
        "coordinator", "meetings:poll_create", _project,
        {"deadline": YEAR_ONE, "time_zone": "Europe/Helsinki", **_rows("slots", {})}, ("form", None, "deadline"),
    ),
    "poll time": (
        "coordinator", "meetings:poll_create", _project,
        {"time_zone": "America/Los_Angeles", **_rows("slots", LATE_SLOT)},
        ("slots", 0, "date"),
    ),
    "action item due date": (
        "coordinator", "meetings:minutes", _held,
        {**_rows("notes", {}), **_rows("decisions", {}), **_rows("actions", {"title": "T", "due_date": "31.12.9999"})},
        ("actions", 0, "due_date"),
    ),
    "project start": (
        "coordinator", "projects:edit", _project, {"start_date": "0001-01-01"}, ("form", None, "start_date"),
    ),
    "project end": (
        "coordinator", "projects:edit", _project, {"end_date": "31.12.9999"}, ("form", None, "end_date"),
    ),
    "new project application": (
        "coordinator", "home:project_create", _nothing, {"application_date": "1.1.1999"},
        ("form", None, "application_date"),
    ),
    "report period": (
        "coordinator", "reports:edit", _report, {"period_end": "2101-01-01"}, ("form", None, "period_end"),
    ),
    "deadline extension": (
        "funder", "reports:deadlines", _project, {"due_date": "9999-12-31"}, ("form", None, "due_date"),
    ),
    "letter period": (
        "coordinator", "commitments:letter_edit", _membership, {"period_start": "0001-01-01", **_rows("tasks", {})},
        ("form", None, "period_start"),
    ),
    "letter task deadline": (
        "coordinator", "commitments:letter_edit", _membership, _rows("tasks", {"title": "T", "deadline": "9999-12-31"}),
        ("tasks", 0, "deadline"),
    ),
    "motivation log entry": (
        "coordinator", "outreach:motivation_create", _project, {"date": "0001-01-01"}, ("form", None, "date"),
    ),
    "membership": (
        "coordinator", "partners:edit", _membership, {"joined_on": "0001-01-01"}, ("form", None, "joined_on"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_a_date_outside_2000_to_2100_is_refused_at_its_field(case, world, client):
    role, name, kwargs, data, (where, index, field) = CASES[case]
    sign_in(client, getattr(world, role))
    response = client.post(reverse(name, kwargs=kwargs(world)), data)
    assert response.status_code == 200
    form = response.context[where] if index is None else response.context[where].forms[index]
    assert [error.code for error in form.errors.as_data()[field]] == ["date_out_of_range"], form.errors
    assert form.errors[field] == [ERROR]
    assert ERROR in response.content.decode()
