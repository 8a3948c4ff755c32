"""Small local stand-ins for the services behind the edge: they record what reached them."""

from __future__ import annotations

import base64
import email.policy
import html
import json
import re
import secrets
import threading
import urllib.parse
from contextlib import contextmanager
import urllib.request
from dataclasses import dataclass, field
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FILE_CONTENT = b"MODEL-WEIGHTS-ONLY-FOR-SIGNED-IN-USERS"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, list[str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


@dataclass
class StandIn:
    name: str
    server: ThreadingHTTPServer
    seen: list[Seen] = field(default_factory=list)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def restart(self) -> None:
        """Listen again on the same port after stop()."""
        host, port = self.server.server_address[:2]
        self.server = ThreadingHTTPServer((host, port), self.server.RequestHandlerClass)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @contextmanager
    def stopped(self):
        """Down for the span of a ``with`` block (its port closed), listening again afterwards."""
        self.stop()
        try:
            yield self
        finally:
            self.restart()


def _start(name: str, respond) -> StandIn:
    holder: dict[str, StandIn] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep the test output clean
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers: dict[str, list[str]] = {}
            for key, value in self.headers.items():
                headers.setdefault(key.lower(), []).append(value)
            seen = Seen(self.command, self.path, headers, body)
            holder["s"].seen.append(seen)
            status, extra, payload = respond(seen)
            self.send_response(status)
            for key, value in extra:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stand_in = StandIn(name, server)
    holder["s"] = stand_in
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stand_in


# The cookies Keycloak (DefaultCookieProvider) sets during a login, by scope: AUTH_SESSION_ID and
# KEYCLOAK_IDENTITY come back with the applications' redirects (SameSite=None, HttpOnly), KEYCLOAK_SESSION
# is read by the session-status iframe's script (SameSite=None, no HttpOnly), KC_RESTART is Keycloak's own
# (SameSite=Strict). Keycloak marks them Secure only in a secure context: a request it sees as https,
# which behind a proxy it learns from X-Forwarded-Proto (KC_PROXY_HEADERS=xforwarded); in any other it
# sets them without Secure, and SameSite=None, which browsers refuse without Secure, falls back to Lax.
_KEYCLOAK_COOKIES = (
    ("AUTH_SESSION_ID", "None", True),
    ("KEYCLOAK_IDENTITY", "None", True),
    ("KEYCLOAK_SESSION", "None", False),
    ("KC_RESTART", "Strict", True),
)


def _keycloak_cookies(seen: Seen) -> list[tuple[str, str]]:
    secure = seen.headers.get("x-forwarded-proto") == ["https"]
    out = []
    for cookie, same_site, http_only in _KEYCLOAK_COOKIES:
        same_site = same_site if secure or same_site != "None" else "Lax"
        value = f"{cookie}=v; Path=/realms/mlops/; SameSite={same_site}"
        value += "; Secure" if secure else ""
        value += "; HttpOnly" if http_only else ""
        out.append(("Set-Cookie", value))
    return out


def echo(name: str, frame_headers: bool = False) -> StandIn:
    """An upstream that answers 200 naming itself. With frame_headers it also sends the permissive
    framing headers some upstreams send (ClearML's widgets), which the edge must not pass on."""

    def respond(seen: Seen):
        extra = [("Content-Type", "text/plain")]
        if name == "clearml-web":
            extra.append(("Set-Cookie", "clearml_token_basic=abc; Path=/"))
        if name == "portal" and seen.path.startswith("/api/auth/"):
            # What Backstage's auth backend sets over the plain HTTP it listens on behind the edge: its
            # own sign-in cookie (Secure only when backend.baseUrl is https), and express-session's,
            # which carries no SameSite and is Secure only for a request Express itself sees as https.
            extra += [
                ("Set-Cookie", "oidc-refresh-token=rt; Max-Age=86400; Path=/api/auth/oidc; HttpOnly; SameSite=Lax"),
                ("Set-Cookie", "connect.sid=s%3Asid; Path=/; HttpOnly"),
            ]
        if name == "keycloak" and seen.path.startswith("/realms/"):
            extra += _keycloak_cookies(seen)
        if frame_headers:
            extra += [
                ("X-Frame-Options", "ALLOW-FROM https://evil.example"),
                ("Content-Security-Policy", "frame-ancestors *"),
            ]
        return 200, extra, f"{name} {seen.path}".encode()

    return _start(name, respond)


SESSIONS = {
    "alice-session": ("alice", "alice@example.org", "researchers"),
    "outsider-session": None,  # signed in at Keycloak, but in no allowed group
}
# The ID token Keycloak issued with each session (what oauth2-proxy puts in its backend logout URL).
ID_TOKENS = {"alice-session": "alice-id-token", "outsider-session": "outsider-id-token"}

# oauth2-proxy's open-redirect guard: //, /\, with blanks or dots in between (/./, /../, / /).
_UNSAFE_PATH = re.compile(r"[/\\](?:[\s\v]*|\.{1,2})[/\\]")


def _go_duration_seconds(text: str) -> int:
    """A Go duration such as 8h, 5m or 1h30m, in whole seconds."""
    parts = re.findall(r"(\d+)(h|m|s)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"not a Go duration this stand-in reads: {text!r}")
    return sum(int(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)


def oauth2_proxy(environment: dict[str, str], open_url=None) -> StandIn:
    """oauth2-proxy (v7.13) as Nginx and browsers meet it, configured by the OAUTH2_PROXY_* environment
    the compose file gives it:
    - /oauth2/auth answers 202 with X-Auth-Request-* for a valid session cookie, 403 for a user outside
      the allowed groups, 401 otherwise;
    - /oauth2/start redirects to Keycloak's authorization endpoint (of the configured issuer);
    - /oauth2/sign_out clears the session cookie (each cookie the request carries under the cookie's
      name or its split names, with the cookie domain that matches the request's host), calls the backend
      logout URL for a valid session (through `open_url`, when given), and redirects to the first safe
      redirect among `rd`, X-Auth-Request-Redirect, the X-Forwarded-* address and the request's own URI,
      else to "/". Safe: a path on the same name, or an http(s) URL whose host is a whitelisted domain.
    `sign_in_cookie(host, session)` is the Set-Cookie header its callback sends after a sign-in there."""
    cookie_name = environment["OAUTH2_PROXY_COOKIE_NAME"]
    cookie_domains = [d for d in environment.get("OAUTH2_PROXY_COOKIE_DOMAINS", "").split(",") if d]
    whitelist = [d for d in environment.get("OAUTH2_PROXY_WHITELIST_DOMAINS", "").split(",") if d]
    reverse_proxy = environment.get("OAUTH2_PROXY_REVERSE_PROXY") == "true"
    backend_logout_url = environment.get("OAUTH2_PROXY_BACKEND_LOGOUT_URL", "")
    issuer = environment["OAUTH2_PROXY_OIDC_ISSUER_URL"]
    client_id = environment["OAUTH2_PROXY_CLIENT_ID"]
    cookie_names = re.compile(rf"^{re.escape(cookie_name)}(_\d+)?$")
    flags = "".join([
        "; HttpOnly" if environment.get("OAUTH2_PROXY_COOKIE_HTTPONLY", "true") == "true" else "",
        "; Secure" if environment.get("OAUTH2_PROXY_COOKIE_SECURE", "true") == "true" else "",
    ])
    same_site = environment.get("OAUTH2_PROXY_COOKIE_SAMESITE", "")
    if same_site:
        flags += "; SameSite=" + same_site.capitalize()
    expire = _go_duration_seconds(environment.get("OAUTH2_PROXY_COOKIE_EXPIRE", "168h"))

    def request_host(seen: Seen) -> str:
        forwarded = seen.header("x-forwarded-host") if reverse_proxy else None
        return forwarded or seen.header("host") or ""

    def cookie(host: str, name: str, value: str, max_age: int) -> str:
        # The first configured domain the host ends with; none matching: the last one.
        fallback = cookie_domains[-1] if cookie_domains else ""
        domain = next((d for d in cookie_domains if host.endswith(d)), fallback)
        attributes = f"{name}={value}; Path=/"
        if domain:
            attributes += f"; Domain={domain.lstrip('.')}"
        return attributes + f"; Max-Age={max(max_age, 0)}" + flags

    def host_allowed(host: str, allowed: str) -> bool:
        if host in (allowed.removeprefix("."), allowed.removeprefix("*.")):
            return True
        return (allowed.startswith(".") and host.endswith(allowed)) or (
            allowed.startswith("*.") and host.endswith(allowed[1:]))

    def is_safe(redirect: str) -> bool:
        if redirect.startswith("/"):
            return not _UNSAFE_PATH.search(redirect)
        if redirect.startswith(("http://", "https://")):
            url = urllib.parse.urlsplit(redirect)
            port = str(url.port or "")
            for allowed in whitelist:
                allowed_host, _, allowed_port = allowed.partition(":")
                if not allowed_host or allowed_port not in ("*", port):
                    continue
                if host_allowed(url.hostname or "", allowed_host):
                    return True
        return False

    def redirect_after_sign_out(seen: Seen) -> str:
        """The first safe one of: rd, X-Auth-Request-Redirect, the X-Forwarded-* address (when the
        forwarded host differs from Host), the request's URI (its own /oauth2/ pages give "/");
        else "/"."""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(seen.path).query)
        uri = (seen.header("x-forwarded-uri") if reverse_proxy else None) or seen.path
        candidates = [query.get("rd", [""])[0], seen.header("x-auth-request-redirect") or ""]
        if reverse_proxy and request_host(seen) != seen.header("host"):
            proto = seen.header("x-forwarded-proto") or "http"
            forwarded_uri = "/" if uri.startswith("/oauth2/") else uri
            candidates.append(f"{proto}://{request_host(seen)}{forwarded_uri}")
        own = uri if is_safe(uri) else seen.path
        candidates.append("/" if own.startswith("/oauth2/") else own)
        return next((c for c in candidates if c and is_safe(c)), "/")

    def respond(seen: Seen):
        sent = {}
        for part in (seen.header("cookie") or "").split(";"):
            key, _, value = part.strip().partition("=")
            if key:
                sent[key] = value
        session = sent.get(cookie_name)
        path = urllib.parse.urlsplit(seen.path).path
        if path == "/oauth2/auth":
            if session in SESSIONS and SESSIONS[session]:
                user, email, groups = SESSIONS[session]
                return (
                    202,
                    [
                        ("X-Auth-Request-User", user),
                        ("X-Auth-Request-Email", email),
                        ("X-Auth-Request-Groups", groups),
                        ("X-Auth-Request-Preferred-Username", user),
                    ],
                    b"",
                )
            if session in SESSIONS:
                return 403, [], b"forbidden"
            return 401, [], b"unauthorized"
        if path == "/oauth2/start":
            location = f"{issuer}/protocol/openid-connect/auth?client_id={client_id}"
            return 302, [("Location", location)], b""
        if path == "/oauth2/sign_out":
            redirect = redirect_after_sign_out(seen)
            host = request_host(seen)
            cleared = [("Set-Cookie", cookie(host, name, "", -1))
                       for name in sent if cookie_names.match(name)]
            if backend_logout_url and SESSIONS.get(session) and open_url:
                open_url(backend_logout_url.replace("{id_token}", ID_TOKENS[session]))
            body = f'<a href="{html.escape(redirect)}">Found</a>.\n\n'.encode()
            headers = [*cleared, ("Location", redirect), ("Content-Type", "text/html; charset=utf-8")]
            return 302, headers, body
        return 200, [("Content-Type", "text/plain")], b"oauth2-proxy page"

    def sign_in_cookie(host: str, session: str) -> str:
        return cookie(host, cookie_name, session, expire)

    stand_in = _start("oauth2-proxy", respond)
    stand_in.sign_in_cookie = sign_in_cookie  # type: ignore[attr-defined]
    return stand_in


# --- ClearML's token authentication (ClearML Server 1.16+) ---------------------------------------------

SDK_KEY = ("SDKACCESSKEY0123", "sdk-secret-key-0123456789")


def clearml_api() -> StandIn:
    """ClearML's API server, as far as tokens go: auth.login with an access key and secret (HTTP basic,
    as the SDK sends them) answers a new token; auth.validate_token (what the file server asks) says
    whether a token is one it issued. Anything else answers 200 naming itself."""
    issued: set[str] = set()

    def respond(seen: Seen):
        if seen.path == "/auth.login":
            expected = "Basic " + base64.b64encode(":".join(SDK_KEY).encode()).decode()
            if seen.header("authorization") != expected:
                return 401, [("Content-Type", "application/json")], b'{"meta": {"result_code": 401}}'
            token = secrets.token_urlsafe(24)
            issued.add(token)
            return 200, [("Content-Type", "application/json")], json.dumps({"data": {"token": token}}).encode()
        if seen.path == "/auth.validate_token":
            token = json.loads(seen.body or b"{}").get("token")
            valid = token in issued
            data = {"valid": valid, "msg": "" if valid else "Invalid token", "user": "sdk", "company": "c"}
            return 200, [("Content-Type", "application/json")], json.dumps({"data": data}).encode()
        return 200, [("Content-Type", "text/plain")], f"clearml-api {seen.path}".encode()

    stand_in = _start("clearml-api", respond)
    stand_in.issued = issued  # type: ignore[attr-defined]
    return stand_in


def clearml_fileserver(api: StandIn, auth_enabled: bool) -> StandIn:
    """ClearML's file server (fileserver/fileserver.py and auth.py of clearml-server): POST / stores the
    multipart upload's files under their field names, GET /<path> serves one. With auth enabled (what
    CLEARML__fileserver__auth__enabled sets) every request needs "Authorization: Bearer <token>" or the
    web login's clearml_token_basic cookie, which it checks with the API server's
    auth.validate_token: 401 without one or with one the API server does not know."""
    files: dict[str, bytes] = {"team/model.pkl": FILE_CONTENT}

    def token_of(seen: Seen) -> str | None:
        header = seen.header("authorization")
        if header:
            return header.partition(" ")[2] if header.startswith("Bearer ") else ""
        for part in (seen.header("cookie") or "").split(";"):
            key, _, value = part.strip().partition("=")
            if key == "clearml_token_basic":
                return value
        return None

    def valid(token: str) -> bool:
        request = urllib.request.Request(
            f"http://{api.address}/auth.validate_token", data=json.dumps({"token": token}).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=5) as response:
            return bool(json.load(response)["data"]["valid"])

    def respond(seen: Seen):
        if auth_enabled:
            token = token_of(seen)
            if not token or not valid(token):
                return 401, [("Content-Type", "text/plain")], b"Unauthorized"
        if seen.method == "POST" and seen.path == "/":
            message = BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {seen.header('content-type')}\r\n\r\n".encode() + seen.body)
            stored = []
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                files[name.lstrip("/")] = part.get_payload(decode=True)
                stored.append(name)
            return 200, [("Content-Type", "application/json")], json.dumps(stored).encode()
        if seen.method == "GET":
            content = files.get(urllib.parse.unquote(seen.path.lstrip("/").split("?")[0]))
            if content is None:
                return 404, [], b"not found"
            return 200, [("Content-Type", "application/octet-stream")], content
        return 405, [], b""

    stand_in = _start("clearml-files", respond)
    stand_in.files = files  # type: ignore[attr-defined]
    return stand_in
