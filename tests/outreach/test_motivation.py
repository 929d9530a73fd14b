"""The motivation log: coordinators record how the business and foreign partners were reached; a page per project
says how many days ago each was last reached."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from networkhub.models import AuditEvent
from networkhub.privacy import Person
from outreach import privacy
from outreach.models import Channel, MotivationEntry
from partners.models import OrganisationType
from tests.factories import (
    ContactFactory,
    ForeignOrganisationFactory,
    MembershipFactory,
    MotivationEntryFactory,
    OrganisationFactory,
    add_members,
    sign_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(world):
    """A German company-like foreign partner and a Finnish company; the world's education provider is neither."""
    world.foreign = MembershipFactory(project=world.project, organisation=ForeignOrganisationFactory(name="Bremen"))
    world.hans = ContactFactory(organisation=world.foreign.organisation, name="Hans Müller", language="en")
    company = OrganisationFactory(name="Konepaja Oy", org_type=OrganisationType.COMPANY)
    world.company = MembershipFactory(project=world.project, organisation=company)
    return world


def _post(client, world, **data):
    sign_in(client, world.coordinator)
    return client.post(reverse("outreach:motivation_create", args=[world.project.pk]), data)


def test_a_coordinator_records_a_contact_and_the_page_says_days_since(partners, client):
    world = partners
    today = timezone.localdate()
    response = _post(
        client,
        world,
        membership=world.foreign.pk,
        date=(today - timedelta(days=12)).isoformat(),
        channel=Channel.VISIT,
        reached_by="Anna Koordinaattori ja Pia Partneri",
        contact=world.hans.pk,
        note="Vierailu Bremenissä",
    )
    assert response.status_code == 302
    entry = MotivationEntry.objects.get()
    assert (entry.recorded_by, entry.contact, entry.channel) == (world.coordinator, world.hans, Channel.VISIT)
    assert AuditEvent.objects.filter(action="motivation.added", project=world.project).exists()
    page = client.get(reverse("outreach:motivation", args=[world.project.pk]))
    rows = [(member.organisation.name, last, days, count) for member, last, days, count in page.context["partners"]]
    # Never reached first; the education provider is not listed.
    assert rows == [("Konepaja Oy", None, None, 0), ("Bremen", today - timedelta(days=12), 12, 1)]
    assert "Vierailu Bremenissä" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"date": "tomorrow"}, "date"),
        ({"membership": "education"}, "membership"),
        ({"contact": "other partner's"}, "contact"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_bad_input_is_refused_at_the_field(partners, client, data, field):
    world = partners
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    valid = {
        "membership": world.foreign.pk,
        "date": timezone.localdate().isoformat(),
        "channel": Channel.PHONE,
        "note": "Soitto",
    }
    special = {
        "date": tomorrow,
        "membership": world.membership.pk,  # an education provider: not a business or foreign partner
        "contact": world.other_contact.pk,  # another project's contact
    }
    value = special.get(field) if field in special and field in data else data[field]
    response = _post(client, world, **{**valid, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MotivationEntry.objects.exists()
    assert "Soitto" in response.content.decode() or field == "note"


def test_the_contact_must_be_the_partners_own(partners, client):
    world = partners
    other = ContactFactory(organisation=world.company.organisation)
    response = _post(
        client,
        world,
        membership=world.foreign.pk,
        date=timezone.localdate().isoformat(),
        channel="phone",
        contact=other.pk,
    )
    assert response.status_code == 200
    assert "contact" in response.context["form"].errors


def test_editing_and_deleting_an_entry(partners, client):
    world = partners
    entry = MotivationEntryFactory(membership=world.company)
    sign_in(client, world.coordinator)
    url = reverse("outreach:motivation_edit", args=[world.project.pk, entry.pk])
    response = client.post(
        url,
        {"membership": world.company.pk, "date": entry.date.isoformat(), "channel": "meeting", "note": "Tapaaminen"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.channel, entry.note) == ("meeting", "Tapaaminen")
    delete = reverse("outreach:motivation_delete", args=[world.project.pk, entry.pk])
    assert client.get(delete).status_code == 200 and MotivationEntry.objects.exists()
    assert client.post(delete).status_code == 302
    assert not MotivationEntry.objects.exists()
    assert AuditEvent.objects.filter(action="motivation.deleted").exists()


def test_the_page_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    sign_in(client, world.coordinator)
    url = reverse("outreach:motivation", args=[world.project.pk])
    for membership in add_members(world.project, 4, org_type=OrganisationType.COMPANY):
        MotivationEntryFactory(membership=membership)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    for membership in add_members(world.project, 40, org_type=OrganisationType.COMPANY):
        MotivationEntryFactory(membership=membership)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["partners"]) == 44


def test_personal_data_export_and_erasure(partners):
    world = partners
    entry = MotivationEntryFactory(
        membership=world.foreign,
        recorded_by=world.coordinator,
        reached_by="Anna Koordinaattori",
        contact=world.hans,
        note="Hans Müller lupasi harjoittelupaikkoja.",
    )
    person = Person.for_user(world.coordinator)
    exported = privacy.export(person)
    assert [row["note"] for row in exported["motivation_log"]] == [entry.note]
    hans = Person.for_email(world.hans.email, name="Hans Müller")
    assert [row["partner"] for row in privacy.export(hans)["motivation_log"]] == ["Bremen"]
    assert privacy.erase(hans, "tok") == 1
    entry.refresh_from_db()
    assert "Hans Müller" not in entry.note and entry.reached_by == "Anna Koordinaattori"
    assert privacy.export(Person.for_user(world.other_coordinator))["motivation_log"] == []


def test_a_past_days_count_follows_the_clock(partners, client):
    world = partners
    MotivationEntryFactory(membership=world.company, date=timezone.localdate())
    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
        sign_in(client, world.coordinator)
        page = client.get(reverse("outreach:motivation", args=[world.project.pk]))
    days = {member.organisation.name: days for member, _last, days, _count in page.context["partners"]}
    assert days == {"Bremen": None, "Konepaja Oy": 30}
