"""Small local stand-ins for the services behind the edge: they record what reached them."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
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


def echo(name: str, frame_headers: bool = False) -> StandIn:
    """An upstream that answers 200 naming itself. With frame_headers it also sends the permissive
    framing headers some upstreams send (ClearML's widgets), which the edge must not pass on."""

    def respond(seen: Seen):
        extra = [("Content-Type", "text/plain")]
        if name == "clearml-web":
            extra.append(("Set-Cookie", "clearml_token_basic=abc; Path=/"))
        if frame_headers:
            extra += [
                ("X-Frame-Options", "ALLOW-FROM https://evil.example"),
                ("Content-Security-Policy", "frame-ancestors *"),
            ]
        if name == "clearml-web" and seen.path.startswith("/clearml/files/"):
            # ClearML's web server forwards /clearml/files/ to the file server.
            return 200, extra, FILE_CONTENT
        return 200, extra, f"{name} {seen.path}".encode()

    return _start(name, respond)


SESSIONS = {
    "alice-session": ("alice", "alice@example.org", "researchers"),
    "outsider-session": None,  # signed in at Keycloak, but in no allowed group
}


def oauth2_proxy(sso_host: str) -> StandIn:
    """oauth2-proxy's contract with Nginx: /oauth2/auth answers 202 with X-Auth-Request-* for a valid
    session cookie, 403 for a user outside the allowed groups, 401 otherwise; /oauth2/start redirects
    to Keycloak."""

    def respond(seen: Seen):
        cookie = seen.header("cookie") or ""
        session = None
        for part in cookie.split(";"):
            key, _, value = part.strip().partition("=")
            if key == "_mlops_edge":
                session = value
        if seen.path.startswith("/oauth2/auth"):
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
        if seen.path.startswith("/oauth2/start"):
            location = f"https://{sso_host}/realms/mlops/protocol/openid-connect/auth?client_id=oauth2-proxy"
            return 302, [("Location", location)], b""
        return 200, [("Content-Type", "text/plain")], b"oauth2-proxy page"

    return _start("oauth2-proxy", respond)
