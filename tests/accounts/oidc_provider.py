"""A small OpenID Connect provider that behaves like ProConnect, for the tests.

It runs `http.server` in a thread on 127.0.0.1 (random port) and serves, under /api/v2 as
ProConnect does: the discovery document, the JWKS, an authorize endpoint that approves at
once and redirects back with a code, a token endpoint (client_secret_post) that issues an
RS256 id_token signed with joserfc, and a userinfo endpoint that answers a signed JWT
(`application/jwt`), or JSON when a test asks for it.

Like ProConnect, it refuses an authorization request with a parameter it does not know, or
a `state` or `nonce` shorter than 32 characters. Tests choose who signs in (`person`) and can
make it misbehave: sign with a key it does not publish, echo another nonce, sign userinfo
with a foreign key.
"""

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

PREFIX = "/api/v2"
AUTHORIZE_PARAMS = {
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "claims",
    "prompt",
    "idp_hint",
    "acr_values",
}

_KEYS: dict[str, RSAKey] = {}


def rsa_key(name: str, *, kid: str = "proconnect-test") -> RSAKey:
    """RSA keys are slow to generate: one per name for the whole test run. A forger's key
    may carry the published key's id: only its signature gives it away."""
    if name not in _KEYS:
        _KEYS[name] = RSAKey.generate_key(
            2048, parameters={"kid": kid, "alg": "RS256", "use": "sig"}, private=True
        )
    return _KEYS[name]


class LocalOIDCProvider:
    def __init__(self, *, client_id: str, client_secret: str):
        self.client_id = client_id
        self.client_secret = client_secret
        self.published_key = rsa_key("proconnect")
        # What the provider signs with; a test sets a foreign key to forge a signature.
        self.id_token_key = self.published_key
        self.userinfo_key = self.published_key
        self.userinfo_as_jwt = True
        self.wrong_nonce = False
        self.person = {
            "sub": "agent-0001",
            "given_name": "Marie Claire",
            "usual_name": "Dupont",
            "email": "Marie.Dupont@interieur.gouv.fr",
            "uid": "mdupont",
            "siret": "11000201100044",
            "idp_id": "fia1v2",
        }
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self.end_session_requests: list[dict[str, str]] = []
        self.issued_id_tokens: set[str] = set()
        self._codes: dict[str, dict] = {}
        self._tokens: dict[str, dict] = {}
        self._server: ThreadingHTTPServer | None = None

    # --- life cycle ----------------------------------------------------------------------

    def start(self) -> "LocalOIDCProvider":
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                provider._handle(self, "GET")

            def do_POST(self):
                provider._handle(self, "POST")

            def log_message(self, format, *args):  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def issuer(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{PREFIX}"

    # --- HTTP ----------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(handler.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        form = {}
        if method == "POST":
            length = int(handler.headers.get("Content-Length") or 0)
            body = handler.rfile.read(length).decode()
            form = {k: v[-1] for k, v in parse_qs(body).items()}
        routes = {
            ("GET", f"{PREFIX}/.well-known/openid-configuration"): self._discovery,
            ("GET", f"{PREFIX}/jwks"): self._jwks,
            ("GET", f"{PREFIX}/authorize"): self._authorize,
            ("POST", f"{PREFIX}/token"): self._token,
            ("GET", f"{PREFIX}/userinfo"): self._userinfo,
            ("GET", f"{PREFIX}/session/end"): self._end_session,
        }
        route = routes.get((method, url.path))
        if route is None:
            status, headers, body = 404, {"Content-Type": "application/json"}, b"{}"
        else:
            status, headers, body = route(query=query, form=form, headers=handler.headers)
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    @staticmethod
    def _json(status: int, data) -> tuple[int, dict, bytes]:
        return status, {"Content-Type": "application/json"}, json.dumps(data).encode()

    def _discovery(self, **_):
        return self._json(
            200,
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "end_session_endpoint": f"{self.issuer}/session/end",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "userinfo_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
                "scopes_supported": ["openid", "email", "given_name", "usual_name", "uid", "siret"],
            },
        )

    def _jwks(self, **_):
        return self._json(200, {"keys": [self.published_key.as_dict(private=False)]})

    def _authorize(self, *, query, **_):
        self.authorize_requests.append(query)
        unknown = set(query) - AUTHORIZE_PARAMS
        if (
            unknown
            or query.get("client_id") != self.client_id
            or query.get("response_type") != "code"
            or len(query.get("state", "")) < 32
            or len(query.get("nonce", "")) < 32
            or "openid" not in query.get("scope", "").split()
        ):
            return self._json(400, {"error": "Y000400 : Bad Request Exception"})
        code = secrets.token_urlsafe(24)
        self._codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query["nonce"],
            "person": dict(self.person),
        }
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, {"Location": location}, b""

    def _token(self, *, form, **_):
        self.token_requests.append(form)
        grant = self._codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return self._json(400, {"error": "invalid_grant"})
        now = int(time.time())
        person = grant["person"]
        id_token = self._sign(
            {
                "iss": self.issuer,
                "aud": self.client_id,
                "sub": person["sub"],
                "iat": now,
                "exp": now + 60,
                "nonce": "x" * 43 if self.wrong_nonce else grant["nonce"],
                "acr": "eidas1",
                "amr": ["pwd"],
            },
            self.id_token_key,
        )
        self.issued_id_tokens.add(id_token)
        access_token = secrets.token_urlsafe(24)
        self._tokens[access_token] = person
        return self._json(
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 60,
                "id_token": id_token,
            },
        )

    def _userinfo(self, *, headers, **_):
        token = (headers.get("Authorization") or "").removeprefix("Bearer ")
        person = self._tokens.get(token)
        if person is None:
            return self._json(401, {"error": "invalid_token"})
        if not self.userinfo_as_jwt:
            return self._json(200, person)
        claims = {**person, "iss": self.issuer, "aud": self.client_id}
        body = self._sign(claims, self.userinfo_key).encode()
        return 200, {"Content-Type": "application/jwt; charset=utf-8"}, body

    def _end_session(self, *, query, **_):
        """RP-initiated logout as ProConnect does it: the id_token it issued, a state and the
        registered address to come back to."""
        self.end_session_requests.append(query)
        if (
            query.get("id_token_hint") not in self.issued_id_tokens
            or not query.get("state")
            or not query.get("post_logout_redirect_uri")
        ):
            return self._json(400, {"error": "invalid_request"})
        location = f"{query['post_logout_redirect_uri']}?{urlencode({'state': query['state']})}"
        return 302, {"Location": location}, b""

    @staticmethod
    def _sign(claims: dict, key: RSAKey) -> str:
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
