"""Partners record their own work (issue 21 part 2) and results are put to use (part 5): who may change which
entry, uptakes, continuation plans, the report's use-and-continuation section, item 11's weighing of use beyond
the network, and the query counts of the changed pages."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from health import sharing
from health.panel import Status
from networkhub.models import AuditEvent
from partners.models import MembershipStatus
from projects.models import ReportType
from reports import data
from reports import services as report_services
from reports.pdf import render_pdf
from results.models import AudienceType, ContinuationPlan, Contribution, DisseminationEvent, Output, OutputType, Uptake
from results.queries import dissemination_coverage
from tests.factories import (
    ContactFactory,
    ContinuationPlanFactory,
    ContributionFactory,
    DisseminationEventFactory,
    MembershipFactory,
    OrganisationFactory,
    OutputFactory,
    UptakeFactory,
    UserFactory,
)
from tests.health.helpers import NOW, TODAY
from tests.reports.helpers import pdftotext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def second(world):
    """A second member of this project, with its own contact Sanna."""
    membership = MembershipFactory(project=world.project, organisation=OrganisationFactory(name="Toinen opisto"))
    user = UserFactory(email="sanna@example.org", full_name="Sanna Toinen")
    ContactFactory(organisation=membership.organisation, user=user, email=user.email, known_to=[world.project])
    world.second_membership, world.second_partner = membership, user
    return world


def _url(name, world, **kwargs):
    return reverse(f"results:{name}", kwargs={"project_pk": world.project.pk, **kwargs})


def _output_post(**overrides):
    return {"output_type": OutputType.METHOD, "title": "Mentorointimalli", "description": "", "url": "", **overrides}


def _event_post(**overrides):
    return {
        "date": (TODAY - timedelta(days=3)).isoformat(),
        "channel": "seminar",
        "audience_type": AudienceType.PUBLIC,
        "audience": "Kaupunkilaiset",
        "reach": "300",
        "url": "",
        **overrides,
    }


def _uptake_post(**overrides):
    return {
        "organisation_name": "Kaupungin koulutuspalvelut",
        "date": (TODAY - timedelta(days=1)).isoformat(),
        "evidence": "Otettu käyttöön kaikissa kouluissa.",
        "url": "",
        **overrides,
    }


# --- Permissions --------------------------------------------------------------------------------------


def test_partner_records_an_output_with_co_authors_for_their_organisation(second, client):
    world = second
    client.force_login(world.partner)
    own, other = world.membership.organisation, world.second_membership.organisation
    response = client.post(_url("output_create", world), _output_post(contributors=[own.pk, other.pk]))
    assert response.status_code == 302
    output = Output.objects.get()
    assert (output.created_by, output.recorded_for) == (world.partner, own)
    assert set(output.contributors.all()) == {own, other}
    event = AuditEvent.objects.get(action="project.output_added")
    assert event.data["recorded_for"] == own.pk
    page = client.get(_url("list", world)).content.decode()
    assert "Pia Partneri (Kumppaniopisto)" in page  # who recorded it, and for which organisation
    assert "Toinen opisto" in page  # a co-author
    assert _url("output_edit", world, output_pk=output.pk) in page


def test_partner_edits_and_deletes_only_their_own_organisations_entries(second, client):
    world = second
    own = world.membership.organisation
    mine = OutputFactory(project=world.project, title="Oma", recorded_for=own, created_by=world.partner)
    theirs = OutputFactory(project=world.project, title="Toisen", recorded_for=world.second_membership.organisation)
    coordinators = OutputFactory(project=world.project, title="Koordinaattorin")
    my_event = DisseminationEventFactory(output=theirs, recorded_for=own)
    their_event = DisseminationEventFactory(output=mine, recorded_for=world.second_membership.organisation)
    client.force_login(world.partner)
    assert client.post(_url("output_edit", world, output_pk=mine.pk), _output_post(title="Oma 2")).status_code == 302
    for output in (theirs, coordinators):
        assert client.get(_url("output_edit", world, output_pk=output.pk)).status_code == 404
        assert client.post(_url("output_delete", world, output_pk=output.pk)).status_code == 404
    # An event on another organisation's output, recorded by mine, is mine; one on my output recorded by theirs
    # is theirs.
    assert client.post(_url("event_edit", world, event_pk=my_event.pk), _event_post(reach="5")).status_code == 302
    assert client.post(_url("event_delete", world, event_pk=their_event.pk)).status_code == 404
    # Any member may disseminate any output: recorded for the partner's organisation.
    assert client.post(_url("event_create", world, output_pk=coordinators.pk), _event_post()).status_code == 302
    assert DisseminationEvent.objects.get(output=coordinators).recorded_for == own
    # Deleting asks first (GET: a confirmation page), then the POST deletes.
    assert client.get(_url("output_delete", world, output_pk=mine.pk)).status_code == 200
    assert client.post(_url("output_delete", world, output_pk=mine.pk)).status_code == 302
    assert set(Output.objects.values_list("title", flat=True)) == {"Toisen", "Koordinaattorin"}
    assert DisseminationEvent.objects.get(pk=my_event.pk).reach == 5


def test_a_contact_of_an_organisation_not_yet_a_member_records_nothing(world, client):
    world.membership.status = MembershipStatus.INVITED
    world.membership.save()
    client.force_login(world.partner)
    output = OutputFactory(project=world.project)
    for url in (_url("output_create", world), _url("event_create", world, output_pk=output.pk)):
        assert client.get(url).status_code == 404
    assert not Output.objects.exclude(pk=output.pk).exists()


def test_coordinator_edits_and_hides_any_entry(world, client):
    own = world.membership.organisation
    output = OutputFactory(project=world.project, title="Kaksoiskappale", recorded_for=own, created_at=NOW)
    DisseminationEventFactory(output=output, date=TODAY - timedelta(days=1))
    client.force_login(world.coordinator)
    assert (
        client.post(_url("output_edit", world, output_pk=output.pk), _output_post(title="Korjattu")).status_code == 302
    )
    assert client.get(_url("output_hide", world, output_pk=output.pk)).status_code == 200  # asks first
    assert Output.objects.get().hidden is False
    assert client.post(_url("output_hide", world, output_pk=output.pk)).status_code == 302
    assert Output.objects.get().hidden is True
    assert AuditEvent.objects.filter(action="project.output_hidden").exists()
    assert dissemination_coverage(world.project)["outputs"] == 0  # counted nowhere
    assert "Korjattu" in client.get(_url("list", world)).content.decode()  # the coordinator still sees it
    client.force_login(world.partner)
    assert "Korjattu" not in client.get(_url("list", world)).content.decode()
    assert client.get(_url("event_create", world, output_pk=output.pk)).status_code == 404
    client.force_login(world.coordinator)
    client.post(_url("output_hide", world, output_pk=output.pk))
    assert Output.objects.get().hidden is False


def test_another_projects_entries_are_404_for_partners_and_coordinators(world, client):
    other = OutputFactory(project=world.other_project)
    uptake = UptakeFactory(output=other)
    for user in (world.partner, world.coordinator):
        client.force_login(user)
        assert client.get(_url("uptake_create", world, output_pk=other.pk)).status_code == 404
        assert client.post(_url("uptake_delete", world, uptake_pk=uptake.pk)).status_code == 404
        url = _url("continuation_edit", world, membership_pk=world.other_membership.pk)
        assert client.get(url).status_code == 404
    assert Uptake.objects.filter(pk=uptake.pk).exists()


def test_partner_records_contributions_and_changes_only_their_own(second, client):
    world = second
    theirs = ContributionFactory(project=world.project, recorded_for=world.second_membership.organisation)
    client.force_login(world.partner)
    post = {"kind": "foreign_introduction", "date": "2026-10-20", "description": "Esittely Bremeniin"}
    post["counterpart"] = ""
    assert client.post(_url("contribution_create", world), {**post, "description": ""}).status_code == 200
    assert client.post(_url("contribution_create", world), post).status_code == 302
    mine = Contribution.objects.get(description="Esittely Bremeniin")
    assert (mine.recorded_for, mine.created_by) == (world.membership.organisation, world.partner)
    edit = _url("contribution_edit", world, contribution_pk=mine.pk)
    assert client.post(edit, {**post, "counterpart": "Weser Logistik GmbH"}).status_code == 302
    assert client.get(_url("contribution_edit", world, contribution_pk=theirs.pk)).status_code == 404
    assert client.post(_url("contribution_delete", world, contribution_pk=theirs.pk)).status_code == 404
    page = client.get(_url("contribution_list", world)).content.decode()
    assert "Weser Logistik GmbH" in page and "Pia Partneri (Kumppaniopisto)" in page
    assert client.get(_url("contribution_delete", world, contribution_pk=mine.pk)).status_code == 200  # asks first
    assert client.post(_url("contribution_delete", world, contribution_pk=mine.pk)).status_code == 302
    client.force_login(world.coordinator)
    assert client.post(_url("contribution_delete", world, contribution_pk=theirs.pk)).status_code == 302
    assert not Contribution.objects.exists()


# --- Uptake -------------------------------------------------------------------------------------------


def test_partner_records_an_uptake_with_evidence(world, client):
    output = OutputFactory(project=world.project, title="Opas")
    client.force_login(world.partner)
    response = client.post(_url("uptake_create", world, output_pk=output.pk), _uptake_post(evidence="", url=""))
    assert response.status_code == 200  # evidence is needed: a message next to the field, input kept
    assert response.context["form"].errors["evidence"]
    assert "Kaupungin koulutuspalvelut" in response.content.decode()
    response = client.post(
        _url("uptake_create", world, output_pk=output.pk), _uptake_post(evidence="", url="https://example.org/p")
    )
    assert response.status_code == 302
    uptake = Uptake.objects.get()
    assert (uptake.recorded_for, uptake.created_by, uptake.url) == (
        world.membership.organisation,
        world.partner,
        "https://example.org/p",
    )
    assert "Kaupungin koulutuspalvelut" in client.get(_url("list", world)).content.decode()
    assert client.get(_url("uptake_delete", world, uptake_pk=uptake.pk)).status_code == 200  # asks first
    assert client.post(_url("uptake_delete", world, uptake_pk=uptake.pk)).status_code == 302
    assert not Uptake.objects.exists()


def test_partner_cannot_delete_an_uptake_another_organisation_recorded(second, client):
    uptake = UptakeFactory(
        output=OutputFactory(project=second.project), recorded_for=second.second_membership.organisation
    )
    client.force_login(second.partner)
    assert client.post(_url("uptake_delete", second, uptake_pk=uptake.pk)).status_code == 404
    client.force_login(second.second_partner)
    assert client.post(_url("uptake_delete", second, uptake_pk=uptake.pk)).status_code == 302


# --- Continuation plans -------------------------------------------------------------------------------


def test_members_contacts_keep_their_own_continuation_plan(second, client):
    world = second
    url = _url("continuation_edit", world, membership_pk=world.membership.pk)
    post = {"continues": "Mentorointi jatkuu.", "decided_by": "Johtoryhmä", "resources": "0,2 htv"}
    client.force_login(world.partner)
    assert client.post(url, {**post, "continues": ""}).context["form"].errors["continues"]
    assert client.post(url, post).status_code == 302
    assert client.post(url, {**post, "resources": "0,3 htv"}).status_code == 302  # one plan, edited
    plan = ContinuationPlan.objects.get()
    assert (plan.membership, plan.resources, plan.updated_by) == (world.membership, "0,3 htv", world.partner)
    # Another member's plan is not theirs to edit; the coordinator edits any.
    other_url = _url("continuation_edit", world, membership_pk=world.second_membership.pk)
    assert client.get(other_url).status_code == 404
    page = client.get(_url("continuation_list", world)).content.decode()
    assert "Mentorointi jatkuu." in page and other_url not in page
    client.force_login(world.coordinator)
    assert client.post(other_url, post).status_code == 302
    assert ContinuationPlan.objects.count() == 2


# --- The report ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_final_report_has_the_use_and_continuation_section(world, language):
    own = world.membership.organisation
    world.membership.joined_on = date(2026, 2, 1)  # a member at the period's end
    world.membership.save()
    output = OutputFactory(project=world.project, title="Mentorointimalli", created_at=NOW - timedelta(days=60))
    output.contributors.set([own])
    DisseminationEventFactory(output=output, date=date(2026, 10, 1), audience_type=AudienceType.SECTOR)
    DisseminationEventFactory(output=output, date=date(2026, 10, 2))
    UptakeFactory(output=output, organisation_name="Helmijoen kaupunki", date=date(2026, 10, 20))
    UptakeFactory(output=output, organisation_name="Myöhemmin Oy", date=date(2026, 12, 20))  # after the period
    ContinuationPlanFactory(membership=world.membership, resources="Kaksi opettajaa, 5000 euroa vuodessa")
    report = report_services.create_report(
        world.project,
        actor=world.coordinator,
        report_type=ReportType.FINAL,
        period=(date(2026, 8, 1), date(2026, 10, 31)),
        language=language,
    )
    built = data.build(report)
    [section] = [s for s in built["sections"] if s["anchor"] == "use-and-continuation"]
    assert [row["organisation"] for row in section["uptakes"]] == ["Helmijoen kaupunki"]
    assert (section["events"], section["events_outside"], section["outputs_taken_up"]) == (2, 1, 1)
    assert [plan["organisation"] for plan in section["plans"]] == [own.name]
    assert built["results"]["outputs"][0]["co_authors"] == [own.name]
    text = pdftotext(render_pdf(built))
    assert "Helmijoen" in text and "Myöhemmin" not in text  # pdftotext may wrap a table cell
    assert "5000" in text and "Kumppaniopisto" in text
    assert ("20.10.2026" if language == "fi" else "2026-10-20") in text  # the uptake's date


def test_a_status_report_has_no_continuation_section(world):
    report = report_services.create_report(
        world.project,
        actor=world.coordinator,
        report_type=ReportType.STATUS,
        period=(date(2026, 8, 1), date(2026, 10, 31)),
        language="fi",
    )
    assert not [s for s in data.build(report)["sections"] if s["anchor"] == "use-and-continuation"]


# --- Item 11 ------------------------------------------------------------------------------------------


def _outputs(world, count):
    return [
        OutputFactory(project=world.project, title=f"Malli {n}", created_at=NOW - timedelta(days=90))
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("disseminated", "base", "lifted"),
    [(4, Status.GREEN, Status.GREEN), (2, Status.AMBER, Status.GREEN), (1, Status.RED, Status.AMBER)],
)
def test_item_11_dissemination_beyond_the_network_lifts_the_status_one_step(world, disseminated, base, lifted):
    outputs = _outputs(world, 4)
    events = [
        DisseminationEventFactory(output=output, date=TODAY - timedelta(days=5)) for output in outputs[:disseminated]
    ]
    with translation.override("en"):
        assert sharing.results_disseminated(world.project).status == base
        events[0].audience_type = AudienceType.SECTOR
        events[0].save()
        result = sharing.results_disseminated(world.project)
    assert (result.status, result.value) == (lifted, 25 * disseminated)
    assert "Beyond the network: 1 disseminated to the sector or the public, 0 taken up by an organisation." in (
        result.facts
    )


def test_item_11_an_uptake_counts_as_use_and_never_makes_it_worse(world):
    outputs = _outputs(world, 4)
    DisseminationEventFactory(output=outputs[0], date=TODAY - timedelta(days=5))
    before = sharing.results_disseminated(world.project)
    assert (before.status, before.value) == (Status.RED, 25)
    UptakeFactory(output=outputs[1], date=TODAY - timedelta(days=2))
    after = sharing.results_disseminated(world.project)
    # Two of four used (50 %: amber), lifted one step for the uptake beyond the network.
    assert (after.status, after.value) == (Status.GREEN, 50)
    # An uptake dated after the panel's date does not count yet.
    assert sharing.results_disseminated(world.project, TODAY - timedelta(days=3)).status == Status.RED


# --- Query counts -------------------------------------------------------------------------------------


def _grow(world, n):
    own = world.membership.organisation
    for _index in range(n):
        output = OutputFactory(project=world.project, recorded_for=own, created_by=world.partner)
        output.contributors.set([own])
        DisseminationEventFactory(output=output, recorded_for=own, created_by=world.partner)
        UptakeFactory(output=output, recorded_for=own, created_by=world.partner)
        member = MembershipFactory(project=world.project)
        ContinuationPlanFactory(membership=member, updated_by=world.coordinator)
        ContributionFactory(project=world.project, recorded_for=own, created_by=world.partner)


@pytest.mark.parametrize("name", ["list", "continuation_list", "contribution_list"])
def test_list_pages_query_counts_do_not_grow(world, client, name):
    client.force_login(world.partner)
    counts = []
    for size in (2, 8):
        _grow(world, size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(name, world)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
