"""Every state change in commitments.services writes its audit event; a letter's also its chain event."""

from collections import Counter
from datetime import date, timedelta
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments import evidence, services
from commitments.models import (
    EventKind,
    LetterEvent,
    LetterVersion,
    RequestStatus,
    RulesRequest,
    SignatureRequest,
    SignerRole,
    SigningOrder,
    TokenPurpose,
)
from networkhub import tokens
from networkhub.models import AuditEvent
from tests.audit_coverage import assert_audited, assert_every_function_listed, last_audit_pk
from tests.commitments.helpers import draft_letter, publish_rules

SIGNER = services.SignerEvidence(ip_address="192.0.2.1", user_agent="TestBrowser/1.0")


def _sent(world):
    services.save_signing_settings(world.project, signing_order=SigningOrder.PARALLEL, actor=world.coordinator)
    publish_rules(world.project, world.coordinator)
    return services.send_version(draft_letter(world.membership, world.coordinator), actor=world.coordinator)


def _request(version, role=SignerRole.CONTACT):
    request = SignatureRequest.objects.get(version=version, role=role)
    return request, tokens.issue(TokenPurpose.SIGNATURE, request, sent_to=request.email)[0]


def _settings(world):
    return partial(
        services.save_signing_settings, world.project, signing_order=SigningOrder.PARALLEL, actor=world.coordinator
    )


def _save_rules_draft(world):
    return partial(services.save_rules_draft, world.project, "# Pelisäännöt", actor=world.coordinator)


def _publish_rules(world):
    draft = services.save_rules_draft(world.project, "# Pelisäännöt", actor=world.coordinator)
    return partial(services.publish_rules, draft, actor=world.coordinator)


def _request_rules_acceptance(world):
    rules = publish_rules(world.project, world.coordinator)
    return partial(services.request_rules_acceptance, world.membership, rules, actor=world.coordinator)


def _resend_rules_request(world):
    publish_rules(world.project, world.coordinator)
    return partial(services.resend_rules_request, world.membership, actor=world.coordinator)


def _accept_rules(world):
    _sent(world)  # the member has a letter: the acceptance goes into its chain too
    rules = publish_rules(world.project, world.coordinator, body="# Pelisäännöt v2")
    request = services.request_rules_acceptance(world.membership, rules, actor=world.coordinator)
    link, _raw = tokens.issue(TokenPurpose.RULES, request, sent_to=request.contact.email)
    return partial(
        services.accept_rules,
        request,
        link,
        name="Pia Partneri",
        title="Opettaja",
        ip_address="192.0.2.1",
        user_agent="TestBrowser/1.0",
    )


def _save_draft(world):
    version = LetterVersion(
        language="fi",
        contact=world.contact,
        management_name="Riitta Rehtori",
        management_title="Rehtori",
        management_email="rehtori@example.org",
        contribution_eur=5000,
        period_start=date(2026, 8, 1),
        period_end=date(2028, 7, 31),
    )
    return partial(services.save_draft, world.membership, version, actor=world.coordinator)


def _start_new_version(world):
    version = _sent(world)
    return partial(services.start_new_version, version.letter, actor=world.coordinator)


def _send_version(world):
    publish_rules(world.project, world.coordinator)
    version = draft_letter(world.membership, world.coordinator)
    return partial(services.send_version, version, actor=world.coordinator)


def _mark_opened(world):
    request, _link = _request(_sent(world))
    return partial(services.mark_opened, request)


def _sign(world):
    request, link = _request(_sent(world))
    return partial(services.sign, request, link, name="Pia Partneri", title="Opettaja", language="fi", signer=SIGNER)


def _decline(world):
    request, link = _request(_sent(world))
    return partial(services.decline, request, link, name="Pia Partneri", reason="Resurssit eivät riitä.")


def _delegate(world):
    request, link = _request(_sent(world), SignerRole.MANAGEMENT)
    return partial(services.delegate, request, link, name="Ville Vara", title="Vararehtori", email="v@example.org")


def _resend(world):
    request, _link = _request(_sent(world))
    return partial(services.resend, request, actor=world.coordinator)


def _revoke(world):
    request, _link = _request(_sent(world))
    return partial(services.revoke, request, actor=world.coordinator)


def _expire_due(world):
    version = _sent(world)
    # The e-mail task dates the link (it does not run here); this one expired yesterday.
    SignatureRequest.objects.filter(version=version).update(expires_at=timezone.now() - timedelta(days=1))
    return partial(
        services.expire_due,
    )


def _signed(world):
    publish_rules(world.project, world.coordinator)
    version = services.send_version(draft_letter(world.membership, world.coordinator), actor=world.coordinator)
    for role in (SignerRole.CONTACT, SignerRole.MANAGEMENT):
        request, link = _request(version, role)
        services.sign(request, link, name=request.name, title="Rehtori", language="fi", signer=SIGNER)
    return version


def _propose_amendment(world):
    version = _signed(world)
    task = version.tasks.first()
    return partial(
        services.propose_amendment, version.letter, [(task, None, date(2027, 5, 31))], actor=world.coordinator
    )


def _proposed(world):
    version = _signed(world)
    task = version.tasks.first()
    return services.propose_amendment(version.letter, [(task, None, date(2027, 5, 31))], actor=world.coordinator)


def _acknowledge_amendment(world):
    amendment = _proposed(world)
    link, _raw = tokens.issue(TokenPurpose.AMENDMENT, amendment, sent_to=amendment.sent_to)
    return partial(services.acknowledge_amendment, amendment, link, name="Pia Partneri", signer=SIGNER)


def _expire_amendments_due(world):
    amendment = _proposed(world)
    return partial(services.expire_amendments_due, amendment.expires_at)


def _record_paper_signature(world):
    version = draft_letter(world.membership, world.coordinator)
    today = timezone.localdate()
    return partial(
        services.record_paper_signature,
        version,
        upload=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 signed"),
        content_type="application/pdf",
        contact=services.PaperSigner("Pia Partneri", "Opettaja", today),
        management=services.PaperSigner("Riitta Rehtori", "Rehtori", today),
        actor=world.coordinator,
    )


def _record_paper_letter(world):
    today = timezone.localdate()
    return partial(
        services.record_paper_letter,
        world.membership,
        language="fi",
        contact=world.contact,
        contact_signer=services.PaperSigner("Pia Partneri", "Opettaja", today),
        management=services.PaperSigner("Riitta Rehtori", "Rehtori", today),
        management_email="rehtori@example.org",
        contribution_eur=0,
        period_start=world.project.start_date,
        period_end=world.project.end_date,
        task_titles=["Työpaikkaohjaajien koulutus"],
        upload=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 signed"),
        content_type="application/pdf",
        actor=world.coordinator,
    )


def _update_task(world):
    version = _sent(world)
    task = version.tasks.order_by("order").first()
    return partial(
        services.update_task, world.membership, task.thread, status="in_progress", note="Aloitettu", actor=world.partner
    )


def _signature_link_for_account(world):
    request, _link = _request(_sent(world))
    SignatureRequest.objects.filter(pk=request.pk).update(status=RequestStatus.SENT)
    return partial(services.signature_link_for_account, request, actor=world.partner)


def _rules_link_for_account(world):
    rules = publish_rules(world.project, world.coordinator)
    request = services.request_rules_acceptance(world.membership, rules, actor=world.coordinator)
    return partial(services.rules_link_for_account, request, actor=world.partner)


STATE_CHANGING = {
    "update_task": ("letter.task_updated", _update_task),
    "signature_link_for_account": ("letter.signing_opened_from_account", _signature_link_for_account),
    "rules_link_for_account": ("rules.acceptance_opened_from_account", _rules_link_for_account),
    "save_signing_settings": ("commitments.settings_saved", _settings),
    "save_rules_draft": ("rules.draft_saved", _save_rules_draft),
    "publish_rules": ("rules.published", _publish_rules),
    "request_rules_acceptance": ("rules.acceptance_requested", _request_rules_acceptance),
    "resend_rules_request": ("rules.acceptance_requested", _resend_rules_request),
    "accept_rules": ("rules.accepted", _accept_rules),
    "save_draft": ("letter.created", _save_draft),
    "start_new_version": ("letter.created", _start_new_version),
    "send_version": ("letter.sent", _send_version),
    "mark_opened": ("letter.opened", _mark_opened),
    "sign": ("letter.signed", _sign),
    "decline": ("letter.declined", _decline),
    "delegate": ("letter.delegated", _delegate),
    "resend": ("letter.resent", _resend),
    "revoke": ("letter.revoked", _revoke),
    "expire_due": ("letter.expired", _expire_due),
    "propose_amendment": ("letter.amendment_proposed", _propose_amendment),
    "acknowledge_amendment": ("letter.amendment_acknowledged", _acknowledge_amendment),
    "expire_amendments_due": ("letter.amendment_closed", _expire_amendments_due),
    "record_paper_signature": ("letter.paper_signed", _record_paper_signature),
    "record_paper_letter": ("letter.paper_signed", _record_paper_letter),
}
READ_ONLY = {
    "signing_settings",
    "latest_version",
    "render_body",
    "version_in_force",
    "needs_strong_identification",
    "rules_publish_recipients",
}


def test_every_public_service_function_is_listed():
    assert_every_function_listed(services, STATE_CHANGING, READ_ONLY)


@pytest.mark.parametrize("name", sorted(STATE_CHANGING))
def test_state_change_writes_its_audit_event(world, name):
    action, case = STATE_CHANGING[name]
    call = case(world)
    assert call.func is getattr(services, name)
    last_event = LetterEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    written = assert_audited(call, action=action, project=world.project)
    # Each new chain event has its audit event under the same action, for the same project.
    kinds = LetterEvent.objects.filter(pk__gt=last_event).values_list("kind", flat=True)
    audited = written.filter(action__in=evidence.ACTIONS.values(), project=world.project)
    assert Counter(evidence.ACTIONS[kind] for kind in kinds) == Counter(audited.values_list("action", flat=True))


def test_editing_a_draft_is_audited(world):
    version = draft_letter(world.membership, world.coordinator)
    version.contribution_eur = 7000
    assert_audited(
        partial(services.save_draft, world.membership, version, actor=world.coordinator),
        action="letter.draft_saved",
        project=world.project,
    )


def test_rules_accepted_before_any_letter_are_audited_without_a_chain(world):
    rules = publish_rules(world.project, world.coordinator)
    request = services.request_rules_acceptance(world.membership, rules, actor=world.coordinator)
    link, _raw = tokens.issue(TokenPurpose.RULES, request, sent_to=request.contact.email)
    before = last_audit_pk()
    services.accept_rules(
        request, link, name="Pia Partneri", title="Opettaja", ip_address="192.0.2.1", user_agent="TestBrowser/1.0"
    )
    event = AuditEvent.objects.get(pk__gt=before, action="rules.accepted")
    assert (
        event.project == world.project and event.target == RulesRequest.objects.get().membership.rules_acceptances.get()
    )
    assert event.actor is None and event.data["by"] == f"Pia Partneri <{request.contact.email}>"
    assert not LetterEvent.objects.exists()


def test_every_event_kind_has_its_audit_action():
    assert set(evidence.ACTIONS) == set(EventKind)
    assert len(set(evidence.ACTIONS.values())) == len(EventKind)
