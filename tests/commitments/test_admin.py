"""The commitments admin: a superuser can look at everything and change nothing; lists don't query per row."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from commitments import services
from commitments.models import (
    Letter,
    LetterEvent,
    LetterVersion,
    NetworkRules,
    RulesAcceptance,
    RulesRequest,
    Signature,
    SignatureRequest,
    TokenPurpose,
)
from networkhub import tokens
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import CoordinatorFactory, ProjectFactory, add_members, sign_in

MODELS = [
    NetworkRules,
    Letter,
    LetterVersion,
    SignatureRequest,
    Signature,
    RulesRequest,
    RulesAcceptance,
    LetterEvent,
]


def _url(model, view, *args):
    return reverse(f"admin:commitments_{model._meta.model_name}_{view}", args=args)


def _sign_as_contact(version):
    request = SignatureRequest.objects.get(version=version, role="contact", status="sent")
    _token, raw = tokens.issue(TokenPurpose.SIGNATURE, request, sent_to=request.email)
    services.sign(
        request,
        tokens.lookup(raw, TokenPurpose.SIGNATURE),
        name=request.name,
        title="Opettaja",
        language=request.language,
        signer=services.SignerEvidence(ip_address="192.0.2.1", user_agent="pytest"),
    )


def _letters(world, count):
    """`count` more members, each with a sent letter its contact signed (so rules accepted) and a rules request."""
    rules = NetworkRules.objects.current_for(world.project)
    for membership in add_members(world.project, count):
        version = draft_letter(membership, world.coordinator, rules=rules)
        services.send_version(version, actor=world.coordinator)
        _sign_as_contact(version)
        RulesRequest.objects.create(
            membership=membership,
            rules=rules,
            contact=version.contact,
            expires_at=timezone.now() + timedelta(days=30),
        )


@pytest.fixture
def admin_client(world, client):
    sign_in(client, User.objects.create_superuser("admin@example.org", "x", full_name="Ylläpitäjä"))
    return client


def test_superuser_sees_every_list_and_page_but_cannot_add_change_or_delete(world, admin_client):
    publish_rules(world.project, world.coordinator)
    _letters(world, 2)
    for model in MODELS:
        assert model.objects.exists(), model
        changelist = admin_client.get(_url(model, "changelist"))
        assert changelist.status_code == 200, model
        assert _url(model, "add") not in changelist.content.decode(), model  # no "Add" link
        assert changelist.context["action_form"] is None, model  # not even "delete selected"

        obj = model.objects.first()
        page = admin_client.get(_url(model, "change", obj.pk))
        assert page.status_code == 200, model
        assert page.context["has_change_permission"] is False, model
        assert 'name="_save"' not in page.content.decode(), model  # a view page: no save buttons

        assert admin_client.get(_url(model, "add")).status_code == 403, model
        assert admin_client.post(_url(model, "add"), {}).status_code == 403, model
        assert admin_client.get(_url(model, "delete", obj.pk)).status_code == 403, model
        assert admin_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403, model
        assert admin_client.post(_url(model, "change", obj.pk), {}).status_code == 403, model
        assert model.objects.filter(pk=obj.pk).exists(), model


def test_letter_page_shows_its_versions_read_only(world, admin_client):
    publish_rules(world.project, world.coordinator)
    _letters(world, 1)
    letter = Letter.objects.get(membership__organisation__memberships__project=world.project)
    version = letter.versions.get()
    page = admin_client.get(_url(Letter, "change", letter.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert version.content_hash in html
    assert _url(LetterVersion, "change", version.pk) in html  # each version links to its own page
    for field in ("number", "status", "content_hash", "DELETE"):
        assert f'name="versions-0-{field}"' not in html  # nothing to edit or delete, only the hidden ids


def _grow(world, count):
    _letters(world, count)
    for _index in range(count):  # rules of other projects, for the rules list
        publish_rules(ProjectFactory(coordinators=[CoordinatorFactory()]), world.coordinator)


def test_changelists_do_not_query_per_row(world, admin_client, django_assert_max_num_queries):
    publish_rules(world.project, world.coordinator)
    _grow(world, 2)
    small = {}
    for model in MODELS:
        with django_assert_max_num_queries(20) as queries:
            assert admin_client.get(_url(model, "changelist")).status_code == 200
        small[model] = len(queries.captured_queries)
    _grow(world, 12)
    for model in MODELS:
        with django_assert_max_num_queries(small[model], info=model._meta.model_name):
            response = admin_client.get(_url(model, "changelist"))
        assert response.status_code == 200
        assert response.context["cl"].result_count >= 14, model
