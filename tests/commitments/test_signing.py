import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments import services
from commitments.models import (
    CommitmentSettings,
    EventKind,
    FrozenError,
    LetterVersion,
    RequestStatus,
    Signature,
    SignatureRequest,
    VersionStatus,
)
from tests.commitments.helpers import draft_letter, links_to, publish_rules
from tests.factories import MembershipFactory


@pytest.fixture
def sent(world, mailoutbox, django_capture_on_commit_callbacks):
    """A letter sent to the partner's organisation; returns (version, contact's signing link)."""
    publish_rules(world.project, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        version = draft_letter(world.membership, world.coordinator, management_email="boss@example.org")
        services.send_version(version, actor=world.coordinator)
    return version, links_to(mailoutbox, world.contact.email)[-1]


def _sign_data(**overrides):
    return {"full_name": "Pia Partneri", "title": "Opettaja", "consent": "on", **overrides}


def test_get_never_acts(sent, client):
    version, link = sent
    for _ in range(3):
        assert client.get(link).status_code == 200
    request = SignatureRequest.objects.get(version=version, role="contact")
    assert request.status == RequestStatus.SENT and request.opened_at is not None
    assert not Signature.objects.exists()
    assert version.letter.events.filter(kind=EventKind.OPENED).count() == 1


def test_consent_is_required_and_input_kept(sent, client):
    _version, link = sent
    response = client.post(link, _sign_data(consent=""))
    assert response.status_code == 200
    assert "consent" in response.context["sign_form"].errors
    assert 'value="Pia Partneri"' in response.content.decode()
    assert not Signature.objects.exists()


def test_double_post_gives_one_signature(sent, client, django_capture_on_commit_callbacks):
    _version, link = sent
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(link, _sign_data())
        second = client.post(link, _sign_data())
    assert first.status_code == 200 and second.status_code in (200, 410)
    assert Signature.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_tabs_at_once_give_one_signature(world, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks; run with DATABASE_URL")
    publish_rules(world.project, world.coordinator)
    version = draft_letter(world.membership, world.coordinator)
    services.send_version(version, actor=world.coordinator)  # on_commit runs: transaction=True
    link = links_to(mailoutbox, world.contact.email)[-1]
    barrier, codes = threading.Barrier(3), []

    def post():
        barrier.wait()
        try:
            codes.append(Client().post(link, _sign_data()).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Signature.objects.count() == 1
    assert len(codes) == 3


@pytest.mark.parametrize("state", ["unknown", "expired", "revoked", "used"])
def test_dead_links_get_a_clear_page_in_the_signers_language(
    sent, client, world, state, django_capture_on_commit_callbacks
):
    version, link = sent
    request = SignatureRequest.objects.get(version=version, role="contact")
    SignatureRequest.objects.filter(pk=request.pk).update(language="sv")
    expected = {
        "unknown": "Länken är ogiltig",
        "expired": "Länken har gått ut.",
        "revoked": "Länken har återkallats",
        "used": "Länken har redan använts.",
    }
    if state == "unknown":
        link = reverse("commitments:sign", args=["x" * 43])
        expected["unknown"] = "Linkki ei ole kelvollinen"  # no request, so the default language
    elif state == "revoked":
        services.revoke(request, actor=world.coordinator)
    elif state == "used":
        with django_capture_on_commit_callbacks(execute=True):
            services.decline(request, services.tokens.lookup(link.split("/")[2], "signature"), name="X", reason="Ei")
    travel = timedelta(days=31) if state == "expired" else timedelta(0)
    with time_machine.travel(timezone.now() + travel):
        response = client.get(link)
        post = client.post(link, _sign_data())
    assert response.status_code == 410
    assert expected[state] in response.content.decode()
    assert post.status_code in (200, 410)
    assert not Signature.objects.exists()


def test_decline_needs_a_reason(sent, client):
    _version, link = sent
    response = client.post(link + "decline/", {"full_name": "Pia", "reason": "  "})
    assert "reason" in response.context["decline_form"].errors
    assert SignatureRequest.objects.filter(status=RequestStatus.DECLINED).count() == 0


def test_superseded_version_is_refused_with_a_way_to_the_current_one(
    sent, client, world, mailoutbox, django_capture_on_commit_callbacks
):
    version, old_link = sent
    draft = services.start_new_version(version.letter, actor=world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_version(draft, actor=world.coordinator)
    response = client.get(old_link)
    assert response.status_code == 409
    assert reverse("commitments:send_current", args=[old_link.split("/")[2]]) in response.content.decode()
    assert client.post(old_link, _sign_data()).status_code == 409
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("commitments:send_current", args=[old_link.split("/")[2]]))
    new_link = links_to(mailoutbox, world.contact.email)[-1]
    assert client.post(new_link, _sign_data()).status_code == 200
    assert Signature.objects.get().content_hash == LetterVersion.objects.get(number=2).content_hash


def test_sent_version_cannot_be_edited(sent):
    version, _link = sent
    version.refresh_from_db()
    version.contribution_eur = 1
    with pytest.raises(FrozenError):
        version.save()
    task = version.tasks.first()
    task.title = "Muutettu"
    with pytest.raises(FrozenError):
        task.save()
    with pytest.raises(FrozenError):
        task.delete()
    with pytest.raises(services.CommitmentError):
        services.send_version(version, actor=None)


def test_editing_after_sending_voids_signatures_and_asks_again(
    sent, client, world, mailoutbox, django_capture_on_commit_callbacks
):
    version, link = sent
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, _sign_data())
    signature = Signature.objects.get()
    draft = services.start_new_version(version.letter, actor=world.coordinator)
    draft.tasks.filter(order=0).update(effort="20 htp")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_version(draft, actor=world.coordinator)
    signature.refresh_from_db()
    version.refresh_from_db()
    assert signature.voided_at is not None and version.status == VersionStatus.SUPERSEDED
    new_link = links_to(mailoutbox, world.contact.email)[-1]
    page = client.get(new_link)
    changes = page.context["changes"]
    changed = [task for task in changes.tasks if task.kind == "changed"]
    assert [c.after for c in changed[0].changes] == ["20 htp"]
    assert "20 htp" in page.content.decode()


def test_html_in_free_text_is_escaped(world, client, mailoutbox, django_capture_on_commit_callbacks):
    publish_rules(world.project, world.coordinator, body="<script>alert('rules')</script>\n\n**Tärkeää**")
    with django_capture_on_commit_callbacks(execute=True):
        version = draft_letter(world.membership, world.coordinator, tasks=["<script>alert(1)</script>"])
        services.send_version(version, actor=world.coordinator)
    page = client.get(links_to(mailoutbox, world.contact.email)[-1]).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert('rules')</script>" not in page and "<strong>Tärkeää</strong>" in page


def test_management_deputy_is_recorded(world, client, mailoutbox, django_capture_on_commit_callbacks):
    publish_rules(world.project, world.coordinator)
    CommitmentSettings.objects.update_or_create(project=world.project, defaults={"signing_order": "parallel"})
    with django_capture_on_commit_callbacks(execute=True):
        version = draft_letter(world.membership, world.coordinator, management_email="rector@example.org")
        services.send_version(version, actor=world.coordinator)
    rector_link = links_to(mailoutbox, "rector@example.org")[-1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            rector_link + "deputy/",
            {"name": "Ville Vararehtori", "title": "Vararehtori", "email": "deputy@example.org"},
        )
    assert client.get(rector_link).status_code == 410
    with django_capture_on_commit_callbacks(execute=True):
        client.post(links_to(mailoutbox, "deputy@example.org")[-1], _sign_data(full_name="Ville Vararehtori"))
    signature = Signature.objects.get(request__role="management")
    assert signature.signer_name == "Ville Vararehtori"
    assert "Riitta Rehtori" in signature.on_behalf_of


def test_expired_requests_are_closed_once(sent):
    version, _link = sent
    later = timezone.now() + timedelta(days=31)
    assert services.expire_due(later) == 1
    assert services.expire_due(later) == 0
    version.refresh_from_db()
    assert version.status == VersionStatus.EXPIRED
    assert version.letter.events.filter(kind=EventKind.EXPIRED).count() == 1


def test_partner_sees_own_letter_only(sent, client, world):
    other = draft_letter(MembershipFactory(project=world.project), world.coordinator)
    client.force_login(world.partner)
    own = client.get(reverse("commitments:letter", args=[world.project.pk, world.membership.pk]))
    assert own.status_code == 200
    response = client.get(reverse("commitments:letter", args=[world.project.pk, other.letter.membership.pk]))
    assert response.status_code == 404


def test_html_in_free_text_is_escaped_in_the_pdf(world, client):
    import io

    from pypdf import PdfReader

    publish_rules(world.project, world.coordinator)
    version = draft_letter(world.membership, world.coordinator, tasks=["<b>Tärkeä</b> <script>x()</script>"])
    services.send_version(version, actor=world.coordinator)
    client.force_login(world.coordinator)
    pdf = client.get(reverse("commitments:letter_pdf", args=[world.project.pk, world.membership.pk, 1]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", "")
    assert "<b>Tärkeä</b>" in text and "<script>x()</script>" in text  # shown as text, not interpreted


def test_thank_you_page_says_where_the_letter_stands(sent, client, mailoutbox, django_capture_on_commit_callbacks):
    version, link = sent
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(link, _sign_data())
    page = first.content.decode()
    assert "Kirje odottaa vielä allekirjoitusta" in page
    assert "Kaikki ovat nyt allekirjoittaneet" not in page
    management_link = links_to(mailoutbox, "boss@example.org")[-1]
    with django_capture_on_commit_callbacks(execute=True):
        last = Client().post(management_link, _sign_data(full_name="Johtaja Pomo", title="Rehtori"))
    assert last.status_code == 200
    version.refresh_from_db()
    assert version.status == VersionStatus.SIGNED
    page = last.content.decode()
    assert "Kaikki ovat nyt allekirjoittaneet" in page
    assert "Kirje odottaa" not in page


def test_signing_is_the_primary_action_and_declining_secondary(sent, client):
    _version, link = sent
    page = client.get(link).content.decode()
    assert 'class="btn btn-primary btn-lg"' in page
    sign_at, details_at = page.index('id="sign-heading"'), page.index('<details class="mb-4 col-lg-8"')
    assert sign_at < details_at < page.index('id="decline-heading"')
    assert "<details" in page and '<details class="mb-4 col-lg-8" open' not in page
    # A refused decline opens the section again, with the message at its field.
    raw = link.rstrip("/").rsplit("/", 1)[-1]
    response = client.post(reverse("commitments:decline", args=[raw]), {"full_name": "", "reason": ""})
    assert response.status_code == 200
    assert response.context["decline_form"].errors
    assert '<details class="mb-4 col-lg-8" open>' in response.content.decode()
