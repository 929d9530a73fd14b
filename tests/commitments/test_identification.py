"""Issue 20 part 6: management signatories identified strongly over OpenID Connect.

A real provider (authlib's server components, tests/commitments/oidc_provider.py) runs over real
HTTP on a free local port; the app discovers it, sends the signer there with state, nonce and PKCE,
and checks the RS256-signed ID token against the provider's JWKS."""

import io
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.core.management import CommandError, call_command
from django.urls import reverse
from joserfc.jwk import RSAKey

from commitments import evidence, identification, services
from commitments.models import CommitmentSettings, LetterEvent, Signature
from networkhub.models import AuditEvent
from tests.commitments.helpers import draft_letter, links_to, publish_rules
from tests.commitments.oidc_provider import CLIENT_ID, CLIENT_SECRET, LOA, Person, Provider

HETU = "010170-123A"
PEOPLE = [
    Person("rehtori", "Riitta", "Rehtori", HETU),
    Person("toinen", "Tiina", "Toinen", "020280-456B"),
]


@pytest.fixture
def provider(settings):
    running = Provider("http://testserver/sign/identified/", PEOPLE).start()
    settings.OIDC_PROVIDER_NAME = "Testitunnistus"
    settings.OIDC_DISCOVERY_URL = running.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ACR_VALUES = LOA
    settings.OIDC_IDENTITY_HASH_KEY = "test-key-for-identity-codes"
    yield running
    running.stop()


@pytest.fixture
def management_link(world, mailoutbox, django_capture_on_commit_callbacks):
    """A letter of a project that requires strong identification; (version, management signatory's link)."""
    publish_rules(world.project, world.coordinator)
    CommitmentSettings.objects.update_or_create(
        project=world.project, defaults={"signing_order": "parallel", "strong_identification": True}
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = draft_letter(world.membership, world.coordinator, management_email="boss@example.org")
        services.send_version(version, actor=world.coordinator)
    return version, links_to(mailoutbox, "boss@example.org")[-1]


def _to_provider(client, link):
    response = client.post(link + "identify/")
    assert response.status_code == 302
    return response["Location"]


def _log_in(authorize_url, username):
    """At the provider: its login page, then the login; returns the redirect back to the app."""
    page = requests.get(authorize_url, timeout=10)
    assert page.status_code == 200 and "Test identity provider" in page.text
    back = requests.post(
        authorize_url, data={"username": username, "password": "salasana"}, allow_redirects=False, timeout=10
    )
    assert back.status_code == 302, back.text
    return back.headers["Location"].removeprefix("http://testserver")


def _sign(client, link):
    return client.post(link, {"full_name": "Riitta Rehtori", "title": "Rehtori", "consent": "on"})


def test_signatory_identifies_strongly_and_signs(provider, management_link, client):
    version, link = management_link
    page = client.get(link).content.decode()
    assert "Testitunnistus" in page and 'id="id_consent"' not in page  # identify first, no signing form
    authorize_url = _to_provider(client, link)
    assert authorize_url.startswith(provider.issuer + "/authorize?")
    for parameter in ("state=", "nonce=", "code_challenge=", "code_challenge_method=S256", "acr_values="):
        assert parameter in authorize_url

    response = client.get(_log_in(authorize_url, "rehtori"))
    assert response.status_code == 302 and response["Location"] == link
    page = client.get(link).content.decode()
    assert "Riitta Rehtori" in page and 'id="id_consent"' in page
    assert _sign(client, link).status_code == 200

    signature = Signature.objects.get(request__role="management")
    assert signature.identity_provider == "Testitunnistus"
    assert signature.identity_level == LOA
    assert signature.identity_name == "Riitta Rehtori"
    assert signature.identity_code_hash == identification.code_hash(HETU) != ""
    # The identity code itself is stored nowhere: not in the signature, its seal, the events or the audit.
    stored = [
        str(list(Signature.objects.values()))
        + str(list(LetterEvent.objects.values()))
        + str(list(AuditEvent.objects.values()))
    ]
    assert HETU not in stored[0] and HETU.lower() not in stored[0]
    assert evidence.verify().ok

    client.force_login(version.letter.membership.project.coordinators.first())
    letter_page = client.get(
        reverse("commitments:letter", args=[version.letter.membership.project_id, version.letter.membership_id])
    )
    assert "tunnistettu vahvasti: Testitunnistus, taso korkea" in letter_page.content.decode()


def test_signing_without_identification_is_refused(provider, management_link, client):
    _version, link = management_link
    response = _sign(client, link)
    assert response.status_code == 403
    assert not Signature.objects.exists()


def test_another_persons_identity_is_refused(provider, management_link, client):
    _version, link = management_link
    response = client.get(_log_in(_to_provider(client, link), "toinen"), follow=True)
    page = response.content.decode()
    assert "Tiina Toinen" in page and "Riitta Rehtori" in page
    assert 'id="id_consent"' not in page  # the identification was not kept
    assert _sign(client, link).status_code == 403
    assert not Signature.objects.exists()


def test_service_refuses_a_mismatching_identity(provider, management_link):
    version, _link = management_link
    request = version.requests.get(role="management")
    from networkhub import tokens

    _token, raw = tokens.issue("signature", request, sent_to=request.email)
    with pytest.raises(services.IdentificationRequired):
        services.sign(
            request,
            tokens.lookup(raw, "signature"),
            name="Riitta Rehtori",
            title="Rehtori",
            language="fi",
            signer=services.SignerEvidence(ip_address=None, user_agent=""),
            identity={"provider": "X", "level": LOA, "name": "Tiina Toinen", "code_hash": ""},
        )
    assert not Signature.objects.exists()


def test_state_mismatch_is_refused(provider, management_link, client):
    _version, link = management_link
    back = _log_in(_to_provider(client, link), "rehtori")
    forged = back.replace("state=", "state=x")
    response = client.get(forged)
    assert response.status_code == 400
    assert _sign(client, link).status_code == 403


def test_state_started_in_another_browser_is_refused(provider, management_link, client, django_user_model):
    from django.test import Client

    _version, link = management_link
    back = _log_in(_to_provider(client, link), "rehtori")
    assert Client().get(back).status_code == 400


def test_nonce_mismatch_is_refused(provider, management_link, client):
    _version, link = management_link
    provider.nonce_override = "a-nonce-from-another-flow"
    response = client.get(_log_in(_to_provider(client, link), "rehtori"))
    assert response.status_code == 400
    assert _sign(client, link).status_code == 403


def test_token_from_an_untrusted_key_is_refused(provider, management_link, client):
    _version, link = management_link
    provider.sign_with = RSAKey.generate_key(2048, private=True)  # same kid, not the published key
    response = client.get(_log_in(_to_provider(client, link), "rehtori"))
    assert response.status_code == 400
    assert _sign(client, link).status_code == 403


def test_contact_person_signs_without_identification(provider, management_link, world, mailoutbox, client):
    _version, _link = management_link
    contact_link = links_to(mailoutbox, world.contact.email)[-1]
    response = client.post(contact_link, {"full_name": "Pia Partneri", "title": "Opettaja", "consent": "on"})
    assert response.status_code == 200
    assert Signature.objects.get().identity_provider == ""


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("identity_level", "http://ftn.ficora.fi/2017/loa2", "signature: level of identification differs"),
        ("identity_name", "Fiona Forger", "signature: identified name differs"),
        ("identity_code_hash", "0" * 64, "signature: hash of the personal identity code differs"),
        # Blanking the provider drops all four fields from what is recomputed: all four are named.
        ("identity_provider", "", "identified name, identity provider differ"),
    ],
)
def test_tampered_identification_is_reported(provider, management_link, client, field, value, named):
    _version, link = management_link
    client.get(_log_in(_to_provider(client, link), "rehtori"))
    _sign(client, link)
    call_command("verify_commitments", stdout=io.StringIO())

    Signature.objects.filter(request__role="management").update(**{field: value})

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_commitments", stdout=out)
    assert "the management signatory's signature" in out.getvalue() and named in out.getvalue()


@pytest.mark.parametrize(
    ("letter", "verified", "match"),
    [
        ("Riitta Rehtori", "Riitta Rehtori", True),
        ("riitta  REHTORI", "Riitta Rehtori", True),
        ("Maija Meikäläinen", "Maija Liisa Meikalainen", True),
        ("Anna-Kaisa Ström", "Anna Kaisa Strom", True),
        ("Maija Virtanen", "Maija Meikäläinen", False),
        ("Riitta Rehtori", "Tiina Toinen", False),
        ("", "Tiina Toinen", False),
    ],
)
def test_name_rule(letter, verified, match):
    assert identification.names_match(letter, verified) is match


def test_identity_code_hash_is_keyed(settings):
    settings.OIDC_IDENTITY_HASH_KEY = "one"
    first = identification.code_hash(HETU)
    assert first == identification.code_hash(" 010170-123a ")
    settings.OIDC_IDENTITY_HASH_KEY = "two"
    assert identification.code_hash(HETU) != first
    assert identification.code_hash("") == ""


def test_setting_is_disabled_without_a_provider(world, client, settings):
    settings.OIDC_PROVIDER_NAME = ""
    client.force_login(world.coordinator)
    url = reverse("commitments:settings", args=[world.project.pk])
    response = client.get(url)
    assert response.context["form"].fields["strong_identification"].disabled
    assert "Ei käytettävissä" in response.content.decode()
    client.post(url, {"signing_order": "parallel", "strong_identification": "on"})
    assert not CommitmentSettings.objects.get(project=world.project).strong_identification


def test_coordinator_turns_strong_identification_on_and_it_is_audited(provider, world, client):
    client.force_login(world.coordinator)
    url = reverse("commitments:settings", args=[world.project.pk])
    assert "Testitunnistus" in client.get(url).content.decode()
    response = client.post(url, {"signing_order": "parallel", "strong_identification": "on"})
    assert response.status_code == 302
    assert CommitmentSettings.objects.get(project=world.project).strong_identification
    event = AuditEvent.objects.filter(action="commitments.settings_saved").latest("pk")
    assert event.data["strong_identification"] is True


def test_identify_needs_a_management_link_of_a_project_that_asks_for_it(
    provider, management_link, world, mailoutbox, client
):
    _version, link = management_link
    contact_link = links_to(mailoutbox, world.contact.email)[-1]
    response = client.post(contact_link + "identify/")
    assert response.status_code == 302 and response["Location"] == contact_link  # the contact never identifies
    assert client.get(link + "identify/").status_code == 405  # starting is a POST
    assert client.post("/sign/" + "x" * 43 + "/identify/").status_code == 410  # an unknown link


def test_only_the_identify_page_lets_forms_go_to_the_provider(provider, management_link, world, mailoutbox, client):
    _version, link = management_link
    policy = client.get(link)["Content-Security-Policy"]
    assert f"form-action 'self' {provider.issuer}" in policy
    contact_policy = client.get(links_to(mailoutbox, world.contact.email)[-1])["Content-Security-Policy"]
    assert provider.issuer not in contact_policy and "form-action 'self'" in contact_policy


def test_levels_are_shown_in_words():
    from django.utils import translation

    with translation.override("fi"):
        assert identification.level_label("http://ftn.ficora.fi/2017/loa3") == "korkea"
        assert identification.level_label("http://eidas.europa.eu/LoA/substantial") == "korotettu"
        assert identification.level_label("urn:other:level") == "urn:other:level"  # unknown: as sent


@pytest.mark.parametrize("identified", [False, True])
def test_signing_page_queries_do_not_grow_with_tasks(
    provider, world, client, mailoutbox, django_capture_on_commit_callbacks, django_assert_max_num_queries, identified
):
    from tests.factories import MembershipFactory

    CommitmentSettings.objects.update_or_create(project=world.project, defaults={"strong_identification": True})
    publish_rules(world.project, world.coordinator)
    links = []
    for number, tasks in enumerate([2, 8]):
        membership = MembershipFactory(project=world.project)
        email = f"boss{number}@example.org"
        with django_capture_on_commit_callbacks(execute=True):
            version = draft_letter(
                membership, world.coordinator, management_email=email, tasks=[f"Tehtävä {n}" for n in range(tasks)]
            )
            services.send_version(version, actor=world.coordinator)
            services.sign(
                version.requests.get(role="contact"),
                _live(version.requests.get(role="contact")),
                name="Pia Partneri",
                title="Opettaja",
                language="fi",
                signer=services.SignerEvidence(ip_address=None, user_agent=""),
            )
        links.append(links_to(mailoutbox, email)[-1])
    if identified:
        for link in links:
            client.get(_log_in(_to_provider(client, link), "rehtori"))
    counts = []
    for link in links:
        client.get(link)  # the first opening is recorded once
        with django_assert_max_num_queries(40) as queries:
            assert client.get(link).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts


def _live(request):
    from networkhub import tokens

    _token, raw = tokens.issue("signature", request, sent_to=request.email)
    return tokens.lookup(raw, "signature")


def test_cancelling_at_the_provider_returns_to_the_signing_page(provider, management_link, client):
    _version, link = management_link
    authorize_url = _to_provider(client, link)
    state = dict(parse_qsl(urlsplit(authorize_url).query))["state"]
    response = client.get("/sign/identified/", {"state": state, "error": "access_denied"}, follow=True)
    assert response.redirect_chain[-1][0] == link
    assert "Tunnistautuminen keskeytettiin tai epäonnistui" in response.content.decode()
    assert _sign(client, link).status_code == 403


def test_a_provider_naming_another_issuer_is_refused(provider, management_link, client, monkeypatch):
    _version, link = management_link
    back = _log_in(_to_provider(client, link), "rehtori")
    original = provider.metadata
    monkeypatch.setattr(provider, "metadata", lambda: {**original(), "issuer": "https://evil.example"})
    assert client.get(back).status_code == 400
    assert _sign(client, link).status_code == 403
