"""Issue 3's "Done when": three members' letters composed and sent; every signer signs from the
e-mailed link; one declines with a reason and then signs a corrected version; the overview is right
at each step; the signed PDF carries the evidence page; verify passes and then fails after tampering."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from commitments import services
from commitments.models import LetterVersion, SigningOrder, VersionStatus
from networkhub import tokens
from partners.models import MembershipStatus, ProjectContact, TokenPurpose
from partners.services import accept_invitation
from tests.commitments.helpers import draft_letter, links_to, publish_rules
from tests.factories import PASSWORD, ContactFactory, MembershipFactory


def _counts(client, project):
    return client.get(reverse("commitments:overview", args=[project.pk])).context["counts"]


def _sign(client, link, name, title="Rehtori"):
    return client.post(link, {"full_name": name, "title": title, "consent": "on"}, HTTP_USER_AGENT="TestBrowser/1.0")


def test_three_letters_signed_one_declined_and_corrected(world, client, mailoutbox, django_capture_on_commit_callbacks):
    project, coordinator = world.project, world.coordinator
    members = [world.membership] + [
        MembershipFactory(project=project, status=MembershipStatus.INVITED) for _ in range(2)
    ]
    # Invited, and joined: their contacts accepted this project's invitation, which made them active members.
    contacts = [world.contact] + [
        ContactFactory(organisation=m.organisation, language=lang)
        for m, lang in zip(members[1:], ["sv", "en"], strict=True)
    ]
    for contact in contacts[1:]:
        ProjectContact.objects.filter(project=project, contact=contact).update(accepted=False)
        token, _raw = tokens.issue(TokenPurpose.INVITATION, contact, sent_to=contact.email)
        accept_invitation(token, full_name=contact.name, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        publish_rules(project, coordinator)
        for membership, contact in zip(members, contacts, strict=True):
            draft_letter(membership, coordinator, contact=contact, management_email=f"boss{membership.pk}@example.org")
    client.force_login(coordinator)
    assert _counts(client, project)["not_sent"] == 3

    # The coordinator sends the three letters from the letter pages.
    with django_capture_on_commit_callbacks(execute=True):
        for membership in members:
            response = client.post(reverse("commitments:letter_send", args=[project.pk, membership.pk]))
            assert response.status_code == 302
    counts = _counts(client, project)
    assert (counts["awaiting"], counts["signed"], counts["contact_signed"]) == (3, 0, 0)
    # Contact first, then management (the default order): only the contacts have links so far.
    assert all(len(links_to(mailoutbox, contact.email)) == 1 for contact in contacts)
    assert not any(links_to(mailoutbox, f"boss{m.pk}@example.org") for m in members)
    swedish = next(m for m in mailoutbox if m.to == [contacts[1].email])
    assert swedish.extra_headers["Content-Language"] == "sv"
    assert swedish.body.startswith("Hej ")

    anonymous = client.__class__()
    for contact in contacts:
        with django_capture_on_commit_callbacks(execute=True):
            assert (
                _sign(anonymous, links_to(mailoutbox, contact.email)[-1], contact.name, "Yhteyshenkilö").status_code
                == 200
            )
    assert _counts(client, project)["contact_signed"] == 3
    assert _counts(client, project)["rules_accepted"] == 3

    # Management: two sign, the third declines with a reason.
    for membership in members[:2]:
        with django_capture_on_commit_callbacks(execute=True):
            assert (
                _sign(anonymous, links_to(mailoutbox, f"boss{membership.pk}@example.org")[-1], "Boss").status_code
                == 200
            )
    declining = members[2]
    mailoutbox_before_clear = list(mailoutbox)
    mailoutbox.clear()
    decline_link = links_to(mailoutbox_before_clear, f"boss{declining.pk}@example.org")[-1] + "decline/"
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            decline_link, {"full_name": "Boss", "reason": "Budjetti on väärin: omarahoitus on 4 000 euroa."}
        )
    assert response.status_code == 200
    version = LetterVersion.objects.get(letter__membership=declining, number=1)
    assert version.status == VersionStatus.DECLINED
    told = {message.to[0] for message in mailoutbox}
    assert coordinator.email in told and contacts[2].email in told
    assert any("omarahoitus on 4 000 euroa" in message.body for message in mailoutbox)
    counts = _counts(client, project)
    assert (counts["signed"], counts["awaiting"]) == (2, 0)

    # The coordinator corrects the letter: a new version, sent again; both sign it.
    client.post(reverse("commitments:letter_new_version", args=[project.pk, declining.pk]))
    draft = LetterVersion.objects.get(letter__membership=declining, status=VersionStatus.DRAFT)
    LetterVersion.objects.filter(pk=draft.pk).update(contribution_eur=4000)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("commitments:letter_send", args=[project.pk, declining.pk]))
    page = anonymous.get(links_to(mailoutbox, contacts[2].email)[-1]).content.decode()
    assert "4000.00" in page or "4 000,00" in page or "4,000.00" in page  # what changed is shown
    with django_capture_on_commit_callbacks(execute=True):
        _sign(anonymous, links_to(mailoutbox, contacts[2].email)[-1], contacts[2].name, "Contact")
    with django_capture_on_commit_callbacks(execute=True):
        _sign(anonymous, links_to(mailoutbox, f"boss{declining.pk}@example.org")[-1], "Boss")
    counts = _counts(client, project)
    assert (counts["signed"], counts["members"], counts["awaiting"]) == (3, 3, 0)
    for membership in members:
        membership.refresh_from_db()
    assert {m.status for m in members[1:]} == {MembershipStatus.ACTIVE}  # signing does not step back to committed

    # Everyone got the signed PDF; its last page is the evidence page.
    signed_mail = [m for m in mailoutbox if m.attachments]
    assert signed_mail and signed_mail[0].attachments[0][2] == "application/pdf"
    signed = LetterVersion.objects.get(letter__membership=declining, number=2)
    pdf = client.get(reverse("commitments:letter_pdf", args=[project.pk, declining.pk, 2]))
    assert pdf["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages]
    evidence_start = next(i for i, page in enumerate(pages) if page.lstrip().startswith("Evidence"))
    assert evidence_start > 0  # the evidence begins on a page of its own, after the letter
    evidence_text = "".join(pages[evidence_start:]).replace("\n", "")
    for fact in (
        signed.content_hash[:32],
        "TestBrowser/1.0",
        "127.0.0.1",
        "Audit trail",
        f"boss{declining.pk}@example.org",
    ):
        assert fact in evidence_text, fact
    text = "".join(pages)
    assert "Boss" in text and contacts[2].name in text

    # verify passes, then fails and names the letter after a stored letter is changed.
    call_command("verify_commitments")
    LetterVersion.objects.filter(pk=signed.pk).update(contribution_eur=1)
    with pytest.raises(CommandError):
        call_command("verify_commitments")
    report_page = client.get(reverse("commitments:verify", args=[project.pk])).content.decode()
    assert declining.organisation.name in report_page


def test_parallel_order_sends_both_at_once(world, mailoutbox, django_capture_on_commit_callbacks):
    services.save_signing_settings(world.project, signing_order=SigningOrder.PARALLEL, actor=world.coordinator)
    publish_rules(world.project, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        version = draft_letter(world.membership, world.coordinator, management_email="boss@example.org")
        services.send_version(version, actor=world.coordinator)
    assert links_to(mailoutbox, world.contact.email) and links_to(mailoutbox, "boss@example.org")
