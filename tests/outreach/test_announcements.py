"""Announcements: written in fi/sv/en, sent to all member contacts or a group after a confirmation page, one e-mail
per recipient under the key of the announcement and the contact, listed on the Messages page with their delivery."""

import pytest
from django.urls import reverse

from networkhub.models import AuditEvent, Message, MessageStatus
from outreach import tasks
from outreach.models import Announcement, AnnouncementStatus, Channel, MotivationEntry, Recipient
from partners.models import MembershipStatus, OrganisationType
from tests.confirm import CONFIRMED
from tests.factories import (
    AnnouncementFactory,
    ContactFactory,
    ForeignOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    add_members,
    sign_in,
)

pytestmark = pytest.mark.django_db

TEXTS = {
    "subject_fi": "Verkostopäivä 12.5.",
    "body_fi": "Tervetuloa verkostopäivään Mikkeliin.",
    "subject_en": "Network day on 12 May",
    "body_en": "Welcome to the network day in Mikkeli.",
}


@pytest.fixture
def network(world):
    """The world's partner (Finnish, an education provider) plus an Estonian partner read in English, a Finnish
    company read in Swedish, an invited organisation not yet a member, and the other project's contact."""
    world.estonian = MembershipFactory(project=world.project, organisation=ForeignOrganisationFactory(name="Tallinn"))
    world.kadri = ContactFactory(organisation=world.estonian.organisation, language="en", email="kadri@example.ee")
    company = OrganisationFactory(name="Konepaja Oy", org_type=OrganisationType.COMPANY)
    world.company = MembershipFactory(project=world.project, organisation=company)
    world.erik = ContactFactory(organisation=company, language="sv", email="erik@konepaja.example")
    invited = MembershipFactory(project=world.project, status=MembershipStatus.INVITED)
    ContactFactory(organisation=invited.organisation, email="not.yet@example.org")
    return world


def _write(client, world, **data):
    sign_in(client, world.coordinator)
    return client.post(
        reverse("outreach:announcement_create", args=[world.project.pk]), {"audience": "all", **TEXTS, **data}
    )


def _confirm_url(world, announcement):
    return reverse("outreach:announcement_confirm", args=[world.project.pk, announcement.pk])


def _send(client, world, announcement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(_confirm_url(world, announcement), CONFIRMED)


def test_writing_asks_first_naming_how_many_people_in_which_languages(network, client, mailoutbox):
    world = network
    response = _write(client, world)
    announcement = Announcement.objects.get()
    assert response.status_code == 302 and response["Location"] == _confirm_url(world, announcement)
    page = client.get(_confirm_url(world, announcement))
    assert page.status_code == 200
    assert page.context["count"] == 3  # the invited organisation's contact is not a member's
    # Erik reads Swedish, which is not written: the other national language comes first.
    assert sorted(page.context["language_counts"]) == [("englanti", 1), ("suomi", 2)]
    assert page.context["organisations"] == ["Konepaja Oy", "Kumppaniopisto", "Tallinn"]
    assert _confirm_url(world, announcement) in page.content.decode()
    assert not mailoutbox and not Message.objects.exists()
    assert announcement.status == AnnouncementStatus.DRAFT


def test_sending_to_all_members_mails_each_contact_in_their_language(
    network, client, mailoutbox, django_capture_on_commit_callbacks
):
    world = network
    _write(client, world)
    announcement = Announcement.objects.get()
    response = _send(client, world, announcement, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {world.contact.email, "kadri@example.ee", "erik@konepaja.example"}
    assert "Verkostopäivä 12.5." in by_address[world.contact.email].subject
    assert "Tervetuloa" in by_address["erik@konepaja.example"].body  # Swedish not written: Finnish
    assert "Network day on 12 May" in by_address["kadri@example.ee"].subject
    assert by_address["kadri@example.ee"].extra_headers["Content-Language"] == "en"
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENT and announcement.sent_by == world.coordinator
    assert set(Message.objects.values_list("kind", "status", "project")) == {
        ("announcement", MessageStatus.SENT, world.project.pk)
    }
    assert [r.message.status for r in Recipient.objects.select_related("message")] == [MessageStatus.SENT] * 3
    event = AuditEvent.objects.get(action="announcement.sent")
    assert event.data["recipients"] == 3 and event.data["languages"] == {"fi": 2, "en": 1}


def test_a_group_by_organisation_and_kind_of_partner(network, client, mailoutbox, django_capture_on_commit_callbacks):
    world = network
    _write(client, world, audience="group", to_foreign="on", organisations=[world.membership.organisation.pk])
    _send(client, world, Announcement.objects.get(), django_capture_on_commit_callbacks)
    assert sorted(mail.to[0] for mail in mailoutbox) == ["kadri@example.ee", world.contact.email]

    mailoutbox.clear()
    _write(client, world, audience="group", to_business="on")
    _send(client, world, Announcement.objects.latest("pk"), django_capture_on_commit_callbacks)
    assert [mail.to[0] for mail in mailoutbox] == ["erik@konepaja.example"]


def test_sending_twice_sends_each_recipient_one_email(network, client, mailoutbox, django_capture_on_commit_callbacks):
    world = network
    _write(client, world)
    announcement = Announcement.objects.get()
    _send(client, world, announcement, django_capture_on_commit_callbacks)
    again = _send(client, world, announcement, django_capture_on_commit_callbacks)  # a double click
    assert again.status_code == 302  # to the sent announcement: nothing to confirm
    for recipient in Recipient.objects.all():  # a redelivered task, a retry
        tasks.send_announcement_mail.delay(recipient.pk)
    assert len(mailoutbox) == 3
    assert Message.objects.count() == 3 and Recipient.objects.count() == 3
    assert AuditEvent.objects.filter(action="announcement.sent").count() == 1
    assert {message.attempts for message in Message.objects.all()} == {1}


def test_business_and_foreign_recipients_get_a_motivation_log_entry(
    network, client, mailoutbox, django_capture_on_commit_callbacks
):
    world = network
    _write(client, world)
    announcement = Announcement.objects.get()
    _send(client, world, announcement, django_capture_on_commit_callbacks)
    entries = MotivationEntry.objects.order_by("membership__organisation__name")
    assert [(e.membership, e.channel, e.announcement) for e in entries] == [
        (world.company, Channel.EMAIL, announcement),
        (world.estonian, Channel.EMAIL, announcement),
    ]  # the Finnish education provider is not a business or foreign partner


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"subject_fi": "", "body_fi": "", "subject_en": "", "body_en": ""}, "subject_fi", "at least one language"),
        ({"subject_fi": "", "body_fi": "", "subject_en": "", "body_en": "", "subject_sv": "Hej"}, "body_sv", "too"),
        ({"subject_sv": "Nätverksdag"}, "body_sv", "Write the message too"),
        ({"body_sv": "Välkommen"}, "subject_sv", "Give the message a subject"),
        ({"audience": "group"}, "organisations", "Choose the organisations"),
        ({"audience": "everyone"}, "audience", ""),
        ({"subject_fi": "x" * 300}, "subject_fi", ""),
    ],
)
def test_bad_input_is_refused_at_the_field_and_kept(network, client, data, field, error):
    world = network
    world.coordinator.language = "en"  # the errors in the user's language
    world.coordinator.save(update_fields=["language"])
    response = _write(client, world, **data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and error in " ".join(form.errors[field])
    assert not Announcement.objects.exists()
    if data.get("subject_sv"):  # the input is kept
        assert f'value="{data["subject_sv"]}"' in response.content.decode()


def test_a_sent_announcement_cannot_be_edited(network, client, mailoutbox, django_capture_on_commit_callbacks):
    world = network
    _write(client, world)
    announcement = Announcement.objects.get()
    _send(client, world, announcement, django_capture_on_commit_callbacks)
    url = reverse("outreach:announcement_edit", args=[world.project.pk, announcement.pk])
    response = client.post(url, {"audience": "all", **TEXTS, "subject_fi": "Muutettu"})
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.subject_fi == TEXTS["subject_fi"]


def test_the_messages_page_lists_announcements_with_their_delivery(
    network, client, mailoutbox, django_capture_on_commit_callbacks
):
    world = network
    _write(client, world)
    announcement = Announcement.objects.get()
    _send(client, world, announcement, django_capture_on_commit_callbacks)
    Message.objects.filter(recipient="kadri@example.ee").update(status=MessageStatus.FAILED, error="550")
    AnnouncementFactory(project=world.project, subject_fi="Luonnos")
    page = client.get(reverse("projects:messages", args=[world.project.pk]))
    (section,) = page.context["sections"]
    rows = {a.subject: a.delivery for a in section["announcements"]}
    assert rows["Verkostopäivä 12.5."] == {"sent": 2, "failed": 1, "on_the_way": 0, "total": 3}
    assert rows["Luonnos"]["total"] == 0
    html = page.content.decode()
    assert reverse("outreach:announcement", args=[world.project.pk, announcement.pk]) in html
    detail = client.get(reverse("outreach:announcement", args=[world.project.pk, announcement.pk]))
    assert [r.contact.email for r in detail.context["recipients"]] == [
        "erik@konepaja.example",
        world.contact.email,
        "kadri@example.ee",
    ]


@pytest.mark.parametrize("url_name", ["outreach:announcements", "projects:messages"])
def test_list_pages_query_count_does_not_grow(world, client, django_assert_max_num_queries, url_name):
    sign_in(client, world.coordinator)
    url = reverse(url_name, args=[world.project.pk])
    add_members(world.project, 4)
    AnnouncementFactory(project=world.project)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    add_members(world.project, 20)
    for _index in range(20):
        AnnouncementFactory(project=world.project)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_confirmation_page_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    sign_in(client, world.coordinator)
    announcement = AnnouncementFactory(project=world.project)
    add_members(world.project, 4)
    with django_assert_max_num_queries(20) as small:
        assert client.get(_confirm_url(world, announcement)).status_code == 200
    add_members(world.project, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(_confirm_url(world, announcement))
    assert response.context["count"] == 45
