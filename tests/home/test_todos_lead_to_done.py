"""Issue 21, part 3: every partner to-do leads to a page where it is done: the action item marked done, the rules
accepted, the letter signed, the pulse answered; "My contact details" and "My organisation" are in the menu; a
new contact of a foreign organisation starts in its language and time zone."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from commitments import services as commitments_services
from commitments.models import RequestStatus, RulesAcceptance, SignatureRequest
from meetings.models import ActionItemStatus
from networkhub.models import AuditEvent
from pulse import services as pulse_services
from pulse.models import PendingAnswer, PulseRecipient
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import OrganisationFactory, sign_in
from tests.health.helpers import NOW
from tests.meetings.factories import ActionItemFactory

LANDING = reverse("home:projects")


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _todo_link(client, label):
    """The href of the to-do whose link text is `label` on the partner's landing page."""
    page = client.get(LANDING).content.decode()
    match = re.search(r'<a[^>]+href="([^"]+)"[^>]*>\s*' + re.escape(label), page)
    assert match, f"no to-do link {label!r}"
    return match.group(1).replace("&amp;", "&")


def test_overdue_action_item_todo_leads_to_a_done_button(world, client):
    item = ActionItemFactory(
        meeting__project=world.project,
        owner_organisation=world.membership.organisation,
        owner_contact=world.contact,
        due_date=NOW.date() - timedelta(days=3),
    )
    client.force_login(world.partner)
    url = _todo_link(client, "Merkitse tehdyksi")
    page = client.get(url.split("#")[0]).content.decode()
    action = reverse("meetings:action_status", args=[world.project.pk, item.pk])
    assert f'action="{action}"' in page
    response = client.post(action, {"status": "done", "next": url.split("#")[0]})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE
    assert AuditEvent.objects.filter(action="action_item.status", actor=world.partner).exists()
    assert "Merkitse tehdyksi" not in client.get(LANDING).content.decode()


def test_a_partner_cannot_mark_another_organisations_action_item(world, client):
    other = ActionItemFactory(meeting__project=world.project, owner_organisation=OrganisationFactory())
    foreign = ActionItemFactory(meeting__project=world.other_project)
    client.force_login(world.partner)
    page = client.get(reverse("meetings:actions", args=[world.project.pk])).content.decode()
    assert reverse("meetings:action_status", args=[world.project.pk, other.pk]) not in page
    for project, item in ((world.project, other), (world.other_project, foreign), (world.project, foreign)):
        response = client.post(reverse("meetings:action_status", args=[project.pk, item.pk]), {"status": "done"})
        assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == ActionItemStatus.OPEN


def test_accept_rules_todo_leads_to_the_acceptance_form(world, client, django_capture_on_commit_callbacks):
    rules = publish_rules(world.project, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        commitments_services.request_rules_acceptance(world.membership, rules, actor=world.coordinator)
    client.force_login(world.partner)
    url = _todo_link(client, "Lue ja hyväksy säännöt")
    response = client.get(url)
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.startswith("/sign/rules/")
    response = client.post(form_url, {"full_name": "Pia Partneri", "title": "Opettaja", "consent": "on"})
    assert response.status_code in (200, 302)
    assert RulesAcceptance.objects.filter(membership=world.membership, rules=rules).exists()
    assert "Lue ja hyväksy säännöt" not in client.get(LANDING).content.decode()


def test_sign_letter_todo_leads_to_the_signing_form(world, client, django_capture_on_commit_callbacks):
    publish_rules(world.project, world.coordinator)
    version = draft_letter(world.membership, world.coordinator, contact=world.contact)
    with django_capture_on_commit_callbacks(execute=True):
        commitments_services.send_version(version, actor=world.coordinator)
    client.force_login(world.partner)
    url = _todo_link(client, "Lue ja allekirjoita kirje")
    response = client.get(url)
    assert response.status_code == 302
    sign_url = response["Location"]
    assert client.get(sign_url).status_code == 200
    client.post(sign_url, {"full_name": "Pia Partneri", "title": "Opettaja", "consent": "on"})
    request = SignatureRequest.objects.get(version=version, role="contact")
    assert request.status == RequestStatus.SIGNED
    assert "Lue ja allekirjoita kirje" not in client.get(LANDING).content.decode()


def test_sign_link_of_another_organisation_is_404(world, client):
    client.force_login(world.partner)
    assert (
        client.get(
            reverse("commitments:letter_sign_own", args=[world.other_project.pk, world.other_membership.pk])
        ).status_code
        == 404
    )


def test_pulse_todo_leads_to_the_survey(world, client):
    pulse_round = pulse_services.set_enabled(world.project, True, actor=world.coordinator)
    assert PulseRecipient.objects.filter(round=pulse_round, contact=world.contact).exists()
    client.force_login(world.partner)
    url = _todo_link(client, "Vastaa kyselyyn")
    response = client.get(url)
    assert response.status_code == 302
    ratings = dict.fromkeys(["openness", "reliability", "mission", "resources", "involvement"], 4)
    assert client.post(response["Location"], ratings).status_code == 200
    assert PendingAnswer.objects.filter(round=pulse_round).count() == 1
    assert PulseRecipient.objects.get(round=pulse_round, contact=world.contact).answered
    assert "Vastaa kyselyyn" not in client.get(LANDING).content.decode()
    # The audit event of opening the survey from one's account names nobody.
    event = AuditEvent.objects.get(action="pulse.survey_opened_from_account")
    assert event.actor is None and event.target_id is None


def test_menu_has_my_contact_details_and_my_organisation(world, client):
    client.force_login(world.partner)
    page = client.get(LANDING).content.decode()
    assert reverse("partners:own_list") in page and "Omat yhteystiedot" in page
    assert reverse("partners:own_organisations") in page and "Oma organisaatio" in page
    response = client.get(reverse("partners:own_organisations"))
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:profile_edit", args=[world.project.pk, world.membership.pk])
    sign_in(client, world.coordinator)
    assert reverse("partners:own_organisations") not in client.get(LANDING).content.decode()


def test_a_german_organisations_new_contact_starts_in_english_and_berlin(world, client):
    from tests.factories import MembershipFactory

    german = MembershipFactory(
        project=world.project,
        organisation=OrganisationFactory(
            name="Muster GmbH", country="DE", business_id=None, foreign_registration_number="HRB 12345"
        ),
    )
    sign_in(client, world.coordinator)
    response = client.get(reverse("partners:contact_create", args=[world.project.pk, german.pk]))
    form = response.context["form"]
    assert form["language"].value() == "en"
    assert form["time_zone"].value() == "Europe/Berlin"
    finnish = client.get(reverse("partners:contact_create", args=[world.project.pk, world.membership.pk]))
    assert finnish.context["form"]["language"].value() == "fi"
    assert finnish.context["form"]["time_zone"].value() == "Europe/Helsinki"
