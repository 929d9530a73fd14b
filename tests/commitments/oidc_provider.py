"""A small OpenID Connect provider for tests, on authlib's server components, over real HTTP.

It serves discovery, JWKS, an authorization endpoint with its own simple login page, and a token
endpoint that issues RS256-signed ID tokens (authorization code flow, PKCE required, nonce carried).
The RSA key is made by the test. Knobs for attacks: `sign_with` (a key other than the published
one) and `nonce_override` (an ID token carrying another nonce).
"""

import html
import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from authlib.common.security import generate_token
from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Payload, OAuth2Request
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode, UserInfo
from authlib.oidc.core.models import AuthorizationCodeMixin
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "networkhub-test"
CLIENT_SECRET = "test-secret-of-the-client"
LOA = "http://ftn.ficora.fi/2017/loa3"


@dataclass
class Person:
    username: str
    given_name: str
    family_name: str
    hetu: str
    password: str = "salasana"


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uri: str

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uri

    def get_allowed_scope(self, scope):
        return " ".join(s for s in (scope or "").split() if s in ("openid", "profile"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret):
        return client_secret == self.client_secret

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post") if endpoint == "token" else True

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: Person
    nonce: str
    code_challenge: str
    code_challenge_method: str
    provider: "Provider" = field(repr=False)
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.provider.nonce_override or self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return LOA

    def get_amr(self):
        return ["tupas"]


class Payload(OAuth2Payload):
    def __init__(self, args, form):
        self._args, self._form = args, form

    @property
    def data(self):
        return {**dict(self._args), **dict(self._form)}

    @property
    def datalist(self):
        values = defaultdict(list)
        for key, value in [*self._args, *self._form]:
            values[key].append(value)
        return values


class Request(OAuth2Request):
    def __init__(self, environ, uri, args, form):
        headers = {
            key[5:].replace("_", "-").title(): value for key, value in environ.items() if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        super().__init__(environ["REQUEST_METHOD"], uri, headers=headers)
        self.payload = Payload(args, form)
        self._args, self._form = dict(args), dict(form)

    @property
    def args(self):
        return self._args

    @property
    def form(self):
        return self._form


class Grant(AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code, request):
        data = request.payload.data
        self.server.provider.codes[code] = Code(
            code=code,
            client_id=request.client.client_id,
            redirect_uri=request.payload.redirect_uri,
            scope=request.payload.scope,
            user=request.user,
            nonce=data.get("nonce"),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
            provider=self.server.provider,
        )

    def query_authorization_code(self, code, client):
        item = self.server.provider.codes.get(code)
        return item if item is not None and item.client_id == client.client_id else None

    def delete_authorization_code(self, authorization_code):
        self.server.provider.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.user


class IDToken(OpenIDCode):
    def __init__(self, provider):
        super().__init__(require_nonce=True)
        self.provider = provider

    def exists_nonce(self, nonce, request):
        return False

    def resolve_client_private_key(self, client):
        return self.provider.sign_with

    def get_client_algorithm(self, client):
        return "RS256"

    def get_encode_header(self, client):
        return {"alg": "RS256", "kid": self.provider.kid}

    def get_client_claims(self, client):
        return {"iss": self.provider.issuer, "aud": [client.client_id], "exp": int(time.time()) + 600}

    def generate_user_info(self, user, scope):
        return UserInfo(
            sub=user.username,
            name=f"{user.given_name} {user.family_name}",
            given_name=user.given_name,
            family_name=user.family_name,
            hetu=user.hetu,
        )


class Server(AuthorizationServer):
    def __init__(self, provider):
        super().__init__(scopes_supported=["openid", "profile"])
        self.provider = provider
        self.register_token_generator("default", BearerTokenGenerator(lambda *args, **kwargs: generate_token(42)))

    def query_client(self, client_id):
        client = self.provider.client
        return client if client.client_id == client_id else None

    def save_token(self, token, request):
        pass

    def create_oauth2_request(self, request):
        return request

    def create_json_request(self, request):
        return request

    def handle_response(self, status, body, headers):
        return status, body, headers

    def send_signal(self, name, *args, **kwargs):
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Provider:
    """Start with `Provider(redirect_uri, people).start()`; `stop()` when done."""

    def __init__(self, redirect_uri, people):
        self.key = RSAKey.generate_key(2048, private=True)
        self.kid = "test-key-1"
        self.sign_with = self.key
        self.nonce_override = None
        self.people = {person.username: person for person in people}
        self.codes = {}
        self.client = Client(CLIENT_ID, CLIENT_SECRET, redirect_uri)
        self.server = Server(self)
        self.server.register_grant(Grant, [CodeChallenge(required=True), IDToken(self)])
        self.httpd = make_server("127.0.0.1", 0, self.app, server_class=_ThreadingServer, handler_class=_QuietHandler)
        self.issuer = f"http://127.0.0.1:{self.httpd.server_port}"

    def start(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def jwks(self):
        public = self.key.as_dict(private=False)
        public["kid"], public["use"], public["alg"] = self.kid, "sig", "RS256"
        return KeySet.import_key_set({"keys": [public]}).as_dict(private=False)

    # --- HTTP ---------------------------------------------------------------------------------

    def app(self, environ, start_response):
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        args = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        form = []
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qsl(environ["wsgi.input"].read(length).decode(), keep_blank_values=True)
        uri = self.issuer + path + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
        request = Request(environ, uri, args, form)
        if path == "/.well-known/openid-configuration":
            status, body, headers = 200, self.metadata(), [("Content-Type", "application/json")]
        elif path == "/jwks":
            status, body, headers = 200, self.jwks(), [("Content-Type", "application/json")]
        elif path == "/authorize":
            status, body, headers = self.authorize(request)
        elif path == "/token" and method == "POST":
            status, body, headers = self.server.create_token_response(request)
        else:
            status, body, headers = 404, "not found", [("Content-Type", "text/plain")]
        if isinstance(body, dict):
            body = json.dumps(body)
        start_response(f"{status} X", list(headers))
        return [body.encode()]

    def metadata(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": [LOA],
        }

    def authorize(self, request):
        grant = self.server.get_consent_grant(request)
        if request.method == "GET":
            return 200, self.login_page(request.args), [("Content-Type", "text/html; charset=utf-8")]
        person = self.people.get(request.form.get("username", ""))
        if person is None or request.form.get("password") != person.password:
            return 200, self.login_page(request.args, failed=True), [("Content-Type", "text/html; charset=utf-8")]
        return self.server.create_authorization_response(request, grant_user=person, grant=grant)

    def login_page(self, args, failed=False):
        action = "/authorize?" + urlencode(args)
        error = '<p role="alert">Wrong username or password.</p>' if failed else ""
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>'
            f"<body><h1>Test identity provider</h1>{error}"
            f'<form method="post" action="{html.escape(action)}">'
            '<label for="username">Username</label> <input id="username" name="username"> '
            '<label for="password">Password</label> <input id="password" name="password" type="password"> '
            f'<input type="hidden" name="csrf" value="{generate_token(8)}">'
            '<button type="submit">Log in</button></form></body></html>'
        )
