"""Strong identification of a management signatory over OpenID Connect.

Authorization code flow with PKCE (S256), through the provider in settings (`OIDC_PROVIDER_NAME`,
`OIDC_DISCOVERY_URL`, `OIDC_CLIENT_ID`, `OIDC_CLIENT_SECRET`, `OIDC_ACR_VALUES`): Suomi.fi
e-Identification or a commercial broker.

Binding to the signing link: `begin()` makes a random state, nonce and PKCE verifier and keeps them in
the server-side session under the state, together with the signing link they were made for. The
callback accepts only a state it finds there (once), the ID token only with that nonce, signed by a
key from the provider's JWKS, for this client, from the configured issuer and not expired. The
verified identity is then kept in the session for that one link, for `IDENTITY_MINUTES`.

The personal identity code (`OIDC_IDENTITY_CODE_CLAIM`, "hetu" by default) is never stored: only
its HMAC-SHA256 under `OIDC_IDENTITY_HASH_KEY` (by default a key derived from SECRET_KEY). Whoever
holds the key can check whether a given code signed; nobody can read a code from the hash.

Name rule (`names_match`): both names are normalised (Unicode NFKD with the diacritics removed,
case folded, hyphens as spaces, whitespace collapsed). The letter's name matches when every word of
it is one of the verified name's words: "Maija Meikäläinen" matches the verified "Maija Liisa
Meikalainen", "Maija Virtanen" does not.
"""

import hashlib
import hmac
import re
import secrets
import time
import unicodedata
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

TIMEOUT = 10
PENDING_MINUTES = 15
IDENTITY_MINUTES = 15
ALGORITHMS = ["RS256", "PS256", "ES256"]


class IdentificationError(Exception):
    """`token`: the signing link the attempt belonged to, when the signer may simply try again from there."""

    def __init__(self, message, token=None):
        super().__init__(str(message))
        self.message = message
        self.token = token


def configured():
    return bool(settings.OIDC_PROVIDER_NAME and settings.OIDC_DISCOVERY_URL and settings.OIDC_CLIENT_ID)


def provider_name():
    return settings.OIDC_PROVIDER_NAME


# Assurance levels as providers name them (Suomi.fi / Traficom, eIDAS), and what a reader is shown.
LEVELS = {
    "http://ftn.ficora.fi/2017/loa2": pgettext_lazy("identification level", "substantial"),
    "http://ftn.ficora.fi/2017/loa3": pgettext_lazy("identification level", "high"),
    "http://eidas.europa.eu/LoA/substantial": pgettext_lazy("identification level", "substantial"),
    "http://eidas.europa.eu/LoA/high": pgettext_lazy("identification level", "high"),
}


def level_label(level):
    """A level in words ("high"); an unknown one as the provider sent it."""
    return str(LEVELS.get(level, level or "–"))


def provider_origin():
    """Where the identify button's redirect goes: the page's CSP form-action must allow it."""
    parts = urlsplit(settings.OIDC_DISCOVERY_URL)
    return f"{parts.scheme}://{parts.netloc}"


def link_digest(raw_token):
    return hashlib.sha256(raw_token.encode()).hexdigest()


def _hash_key():
    key = settings.OIDC_IDENTITY_HASH_KEY or f"networkhub-identity-code:{settings.SECRET_KEY}"
    return hashlib.sha256(key.encode()).digest()


def code_hash(code):
    """HMAC-SHA256 of a personal identity code (upper-cased, stripped); "" without a code."""
    code = (code or "").strip().upper()
    return hmac.new(_hash_key(), code.encode(), hashlib.sha256).hexdigest() if code else ""


def normalise_name(name):
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain.replace("-", " ")).strip().casefold()


def names_match(letter_name, verified_name):
    wanted, verified = normalise_name(letter_name).split(), set(normalise_name(verified_name).split())
    return bool(wanted) and all(word in verified for word in wanted)


def mismatch_message(named, verified):
    return _(
        "The identified person, %(verified)s, is not the signatory named in the letter, %(named)s. "
        "Only the named signatory can sign; the coordinator can correct the name or you can name a deputy."
    ) % {"verified": verified, "named": named}


def _metadata():
    url = settings.OIDC_DISCOVERY_URL
    if not url.endswith("/.well-known/openid-configuration"):
        url = url.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise IdentificationError(_("The identity provider cannot be reached. Try again in a moment.")) from error


def _client(redirect_uri):
    return OAuth2Session(
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        scope="openid profile",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )


def begin(session, raw_token, redirect_uri, language):
    """The provider's authorization URL for this signing link; remembers state, nonce and verifier."""
    metadata = _metadata()
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
    url, _state = _client(redirect_uri).create_authorization_url(
        metadata["authorization_endpoint"],
        state=state,
        nonce=nonce,
        code_verifier=verifier,
        acr_values=settings.OIDC_ACR_VALUES,
        ui_locales=language,
    )
    now = time.time()
    pending = {s: p for s, p in session.get("oidc_pending", {}).items() if p["at"] > now - PENDING_MINUTES * 60}
    pending[state] = {"token": raw_token, "nonce": nonce, "verifier": verifier, "at": now}
    session["oidc_pending"] = pending
    return url


def complete(session, params, redirect_uri):
    """Check the provider's answer; returns (raw signing token, identity dict). Raises IdentificationError."""
    pending = session.get("oidc_pending", {})
    entry = pending.pop(params.get("state") or "", None)
    session["oidc_pending"] = pending
    if entry is None or entry["at"] < time.time() - PENDING_MINUTES * 60:
        raise IdentificationError(_("This identification was not started from your signing page. Start again."))
    if params.get("error") or not params.get("code"):
        raise IdentificationError(_("The identification was cancelled or failed. You can try again."), entry["token"])
    metadata = _metadata()
    if not settings.OIDC_DISCOVERY_URL.endswith("/.well-known/openid-configuration") and metadata.get(
        "issuer", ""
    ).rstrip("/") != settings.OIDC_DISCOVERY_URL.rstrip("/"):
        raise IdentificationError(_("The identity provider's answer could not be verified. Start again."))
    try:
        token = _client(redirect_uri).fetch_token(
            metadata["token_endpoint"],
            grant_type="authorization_code",
            code=params["code"],
            code_verifier=entry["verifier"],
            timeout=TIMEOUT,
        )
        keys = KeySet.import_key_set(requests.get(metadata["jwks_uri"], timeout=TIMEOUT).json())
        decoded = jwt.decode(token["id_token"], keys, algorithms=ALGORITHMS)
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": metadata["issuer"]},
            aud={"essential": True, "value": settings.OIDC_CLIENT_ID},
            nonce={"essential": True, "value": entry["nonce"]},
            exp={"essential": True},
            sub={"essential": True},
        ).validate(decoded.claims)
    except (JoseError, OAuthError, KeyError, TypeError, ValueError, requests.RequestException) as error:
        raise IdentificationError(_("The identity provider's answer could not be verified. Start again.")) from error
    claims = decoded.claims
    name = claims.get("name") or " ".join(filter(None, [claims.get("given_name"), claims.get("family_name")]))
    identity = {
        "provider": settings.OIDC_PROVIDER_NAME,
        "level": str(claims.get("acr") or claims.get("loa") or ""),
        "name": name.strip(),
        "code_hash": code_hash(claims.get(settings.OIDC_IDENTITY_CODE_CLAIM)),
        "at": time.time(),
    }
    if not identity["name"]:
        raise IdentificationError(_("The identity provider did not tell your name. Start again."))
    verified = session.get("oidc_identity", {})
    verified[link_digest(entry["token"])] = identity
    session["oidc_identity"] = verified
    return entry["token"], identity


def identity_for(session, raw_token):
    """The identity verified for this signing link in this session, or None (none, or too old)."""
    identity = session.get("oidc_identity", {}).get(link_digest(raw_token))
    if identity is None or identity["at"] < time.time() - IDENTITY_MINUTES * 60:
        return None
    return identity


def forget(session, raw_token):
    verified = session.get("oidc_identity", {})
    verified.pop(link_digest(raw_token), None)
    session["oidc_identity"] = verified
