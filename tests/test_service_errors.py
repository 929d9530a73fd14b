"""Every app's refusal is one ServiceError: callers can catch the base, forms show `message` next to `field`."""

import pytest

from commitments.services import CommitmentError
from meetings.services import MeetingError
from networkhub.errors import ServiceError
from outreach.services import OutreachError
from partners.services import InvitationError, MembershipError
from privacy.services import PrivacyError
from projects.services import ProjectError
from pulse.services import PulseError
from reports.services import ReportError


@pytest.mark.parametrize(
    "error",
    [
        ProjectError,
        MembershipError,
        InvitationError,
        CommitmentError,
        MeetingError,
        OutreachError,
        PulseError,
        ReportError,
        PrivacyError,
    ],
)
def test_each_app_error_is_a_service_error_without_a_body_of_its_own(error):
    assert issubclass(error, ServiceError)
    assert "__init__" not in vars(error)
    raised = error("Viesti", field="email")
    assert (raised.message, raised.field, str(raised)) == ("Viesti", "email", "Viesti")
    assert error("Viesti").field is None
