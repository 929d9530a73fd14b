"""Every state change in reports.services writes its audit event."""

from datetime import date
from functools import partial

from reports import services
from reports.forms import ReportForm
from tests.audit_coverage import audit_coverage_tests

from .helpers import draft, fake_render, interim_deadline, submitted


def _grant_extension(world):
    deadline = interim_deadline(world.project)
    call = partial(services.grant_extension, world.project, deadline, date(2027, 10, 15), actor=world.funder)
    return call, world.project


def _create_report(world):
    deadline = interim_deadline(world.project)
    call = partial(services.create_report, world.project, programme_deadline=deadline, actor=world.coordinator)
    return call, world.project


def _save_draft(world):
    report = draft(world.project, world.coordinator)
    form = ReportForm(
        {"language": "fi", "period_start": report.period_start, "period_end": report.period_end, "summary": "Hyvin."},
        instance=report,
    )
    assert form.is_valid(), form.errors
    return partial(services.save_draft, report, forms=[form], actor=world.coordinator), world.project


def _request_render(world):
    report = draft(world.project, world.coordinator)
    return partial(services.request_render, report, actor=world.coordinator), world.project


def _submit(world):
    report = draft(world.project, world.coordinator)
    fake_render(report)
    return partial(services.submit, report, actor=world.coordinator), world.project


def _review(world):
    report = submitted(world.project, world.coordinator)
    return partial(services.review, report, "content_check", actor=world.funder), world.project


STATE_CHANGING = {
    "grant_extension": ("report.deadline_extended", _grant_extension),
    "create_report": ("report.created", _create_report),
    "save_draft": ("report.edited", _save_draft),
    "request_render": ("report.render_requested", _request_render),
    "submit": ("report.submitted", _submit),
    "review": ("report.content_check", _review),
}
READ_ONLY = set()  # deadlines_for and next_deadline are imported from reports.deadlines


test_every_public_service_function_is_listed, test_state_change_writes_its_audit_event = audit_coverage_tests(
    (services, STATE_CHANGING, READ_ONLY)
)
