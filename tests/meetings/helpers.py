import re
from datetime import date

from icalendar import Calendar

from tests.factories import ContactFactory, ForeignOrganisationFactory, MembershipFactory, OrganisationFactory


def parse_ics(data):
    """Parse an .ics (bytes or str) back with icalendar; returns (calendar, its one VEVENT)."""
    calendar = Calendar.from_ical(data if isinstance(data, bytes) else data.encode())
    events = calendar.walk("VEVENT")
    return calendar, events[0] if len(events) == 1 else events


def ics_of(message):
    """The calendar file attached to an e-mail."""
    attachments = [a for a in message.attachments if a[0].endswith(".ics")]
    assert len(attachments) == 1, [a[0] for a in message.attachments]
    _name, content, mimetype = attachments[0]
    assert mimetype.startswith("text/calendar")
    return parse_ics(content)


def link_in(message, kind):
    """The path of the personal link (/m/<kind>/<token>/) in an e-mail's text."""
    return re.search(rf"http://testserver(/m/{kind}/[^/\s]+/)", message.body).group(1)


def add_network(project, *, language="en"):
    """Five member organisations with one contact each: two Finnish schools, a Finnish company,
    an Estonian school and a German company, members since 1.1.2026 (before any clock the tests set: meetings
    and polls reach current members only). Returns the contacts in that order."""
    organisations = [
        OrganisationFactory(name="Alpha Opisto"),
        OrganisationFactory(name="Beta Opisto"),
        OrganisationFactory(name="Gamma Oy", org_type="company"),
        ForeignOrganisationFactory(name="Delta Kool"),
        ForeignOrganisationFactory(name="Epsilon GmbH", org_type="company", country="DE"),
    ]
    contacts = []
    for organisation in organisations:
        MembershipFactory(project=project, organisation=organisation, joined_on=date(2026, 1, 1))
        contacts.append(ContactFactory(organisation=organisation, language=language))
    return contacts
