"""The edge for real: Debian's nginx checks the configuration, then serves it over TLS in front of local
stand-ins for oauth2-proxy, the portal, ClearML (web server with its file server, API server) and Rath."""

from __future__ import annotations

import http.client
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from deployfiles import edge_values_from_compose, filled_env, render_edge
from standins import FILE_CONTENT, echo, oauth2_proxy

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PORTAL = "portal.test"
SSO = "sso.test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", f"/CN={PORTAL}", "-addext", f"subjectAltName=DNS:{PORTAL},DNS:{SSO}",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _test_only_paths(prefix: Path) -> str:
    # nginx's compiled-in temp folders belong to Debian's packaged nginx; the test's nginx keeps its own.
    return "".join(
        f"{kind}_temp_path {prefix / ('tmp-' + kind)};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )


def _nginx(prefix: Path, conf: Path, *args: str) -> list[str]:
    return [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log"),
            "-g", f"pid {prefix / 'nginx.pid'};" + (" daemon off;" if not args else ""), *args]


def test_nginx_accepts_the_real_configuration(tmp_path: Path) -> None:
    """nginx -t on the templates rendered with exactly the values docker-compose.yml gives the nginx
    container (only the certificate files are the test's own)."""
    tmp_path.chmod(0o755)
    values = edge_values_from_compose(filled_env())
    assert values["EDGE_PORTAL_HOST"] == "portal.example.org"
    cert, key = _certificate(tmp_path)
    values["EDGE_TLS_CERTIFICATE"], values["EDGE_TLS_CERTIFICATE_KEY"] = str(cert), str(key)
    conf = render_edge(tmp_path / "nginx", values, _test_only_paths(tmp_path))
    result = subprocess.run(_nginx(tmp_path, conf, "-t"), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_nginx_accepts_raths_own_server_configuration(tmp_path: Path) -> None:
    """deploy/rath/rath.conf, as the Rath image's nginx includes it (inside its http block)."""
    tmp_path.chmod(0o755)
    shutil.copy("/etc/nginx/mime.types", tmp_path / "mime.types")
    rath_conf = Path(__file__).resolve().parent.parent / "rath" / "rath.conf"
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        "events {}\nhttp {\n  include mime.types;\n" + _test_only_paths(tmp_path)
        + f"  include {rath_conf};\n}}\n")
    result = subprocess.run(_nginx(tmp_path, conf, "-t"), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


class Edge:
    def __init__(self, port: int, http_port: int, context: ssl.SSLContext) -> None:
        self.port, self.http_port, self.context = port, http_port, context

    def request(self, path: str, host: str = PORTAL, sni: str | None = None, method: str = "GET",
                headers: dict[str, str] | None = None, session: str | None = None):
        context, port = self.context, self.port

        class Connection(http.client.HTTPSConnection):
            def connect(self) -> None:
                sock = socket.create_connection(("127.0.0.1", port), 5)
                self.sock = context.wrap_socket(sock, server_hostname=sni or host)

        connection = Connection("127.0.0.1", port, timeout=10)
        all_headers = {"Host": host, **(headers or {})}
        if session:
            all_headers["Cookie"] = f"_mlops_edge={session}"
        connection.request(method, path, headers=all_headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response, body

    def burst(self, path: str, count: int, method: str = "POST") -> list[int]:
        """`count` requests one after another on one kept-alive connection; their statuses."""
        context, port = self.context, self.port

        class Connection(http.client.HTTPSConnection):
            def connect(self) -> None:
                sock = socket.create_connection(("127.0.0.1", port), 5)
                self.sock = context.wrap_socket(sock, server_hostname=PORTAL)

        connection = Connection("127.0.0.1", port, timeout=10)
        statuses = []
        for _ in range(count):
            connection.request(method, path, headers={"Host": PORTAL})
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        connection.close()
        return statuses

    def plain(self, path: str, host: str):
        connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response


@pytest.fixture(scope="module")
def stack():
    folder = Path(tempfile.mkdtemp(prefix="edge-test-"))
    folder.chmod(0o755)
    services = {
        "portal": echo("portal"),
        "oauth2": oauth2_proxy(SSO),
        "clearml_web": echo("clearml-web", frame_headers=True),
        "clearml_api": echo("clearml-api"),
        "rath": echo("rath", frame_headers=True),
        "keycloak": echo("keycloak"),
        "docs_storage": echo("docs-storage"),
    }
    https_port, http_port = _free_port(), _free_port()
    cert, key = _certificate(folder)
    values = {
        "EDGE_PORTAL_HOST": PORTAL,
        "EDGE_SSO_HOST": SSO,
        "EDGE_HTTP_PORT": f"127.0.0.1:{http_port}",
        "EDGE_HTTPS_PORT": f"127.0.0.1:{https_port}",
        "EDGE_RESOLVER": "127.0.0.1",
        "EDGE_TLS_CERTIFICATE": str(cert),
        "EDGE_TLS_CERTIFICATE_KEY": str(key),
        "EDGE_PORTAL_UPSTREAM": services["portal"].address,
        "EDGE_OAUTH2_PROXY_UPSTREAM": services["oauth2"].address,
        "EDGE_CLEARML_WEB_UPSTREAM": services["clearml_web"].address,
        "EDGE_CLEARML_API_UPSTREAM": services["clearml_api"].address,
        "EDGE_RATH_UPSTREAM": services["rath"].address,
        "EDGE_KEYCLOAK_UPSTREAM": services["keycloak"].address,
        "EDGE_DOCS_STORAGE_UPSTREAM": services["docs_storage"].address,
    }
    conf = render_edge(folder / "nginx", values, _test_only_paths(folder))
    process = subprocess.Popen(_nginx(folder, conf), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", https_port), 0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                error_log = (folder / "error.log").read_text() if (folder / "error.log").exists() else ""
                raise RuntimeError(f"nginx did not start: {process.stderr.read().decode()} {error_log}")
            time.sleep(0.05)
    context = ssl.create_default_context(cafile=str(cert))
    try:
        yield Edge(https_port, http_port, context), services
    finally:
        process.terminate()
        process.wait(10)
        for service in services.values():
            service.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def edge(stack):
    edge, services = stack
    for service in services.values():
        service.seen.clear()
    return edge, services


# --- Login in front of ClearML, its file server and Rath -------------------------------------------

@pytest.mark.parametrize(
    "path",
    ["/clearml/", "/clearml/projects/*/experiments", "/clearml/api/v2.30/projects.get_all",
     "/clearml/files/team/model.pkl", "/rath/", "/rath/static/js/main.js"],
)
def test_without_a_session_clearml_its_files_and_rath_send_the_browser_to_the_login(edge, path):
    edge, services = edge
    response, body = edge.request(path)
    assert response.status == 302
    assert response.getheader("Location") == f"/oauth2/start?rd={path}"
    assert FILE_CONTENT not in body
    for name in ("clearml_web", "clearml_api", "rath"):
        assert services[name].seen == [], f"{name} was reached without a login"


@pytest.mark.parametrize(
    "path",
    ["/rath/../clearml/files/team/model.pkl", "/rath/..%2fclearml/files/team/model.pkl",
     "/rath/%2e%2e/clearml/files/team/model.pkl", "//clearml/files/team/model.pkl",
     "/clearml-api/../clearml/files/team/model.pkl", "/clearml%2ffiles/team/model.pkl",
     "/oauth2/../clearml/files/team/model.pkl"],
)
def test_path_tricks_never_reach_the_file_server_without_a_session(edge, path):
    edge, services = edge
    response, body = edge.request(path)
    assert FILE_CONTENT not in body
    assert response.status in (302, 400, 404) or services["portal"].seen, response.status
    assert all(not s.path.startswith("/clearml/files") for s in services["clearml_web"].seen)


def test_a_user_outside_the_allowed_groups_is_refused(edge):
    edge, services = edge
    for path in ("/clearml/", "/clearml/files/team/model.pkl", "/rath/"):
        response, body = edge.request(path, session="outsider-session")
        assert response.status == 403
        assert FILE_CONTENT not in body
    assert services["clearml_web"].seen == [] and services["rath"].seen == []


def test_a_made_up_session_cookie_is_refused(edge):
    edge, services = edge
    response, _ = edge.request("/clearml/files/team/model.pkl", session="forged")
    assert response.status == 302
    assert services["clearml_web"].seen == []


def test_a_signed_in_user_reaches_clearml_the_file_server_and_rath(edge):
    edge, services = edge
    response, body = edge.request("/clearml/files/team/model.pkl", session="alice-session")
    assert (response.status, body) == (200, FILE_CONTENT)
    response, body = edge.request("/rath/", session="alice-session")
    assert (response.status, body) == (200, b"rath /rath/")
    # The auth check got the request's headers and URI, never its body.
    checks = [s for s in services["oauth2"].seen if s.path == "/oauth2/auth"]
    assert checks and checks[0].header("x-forwarded-uri") == "/clearml/files/team/model.pkl"


def test_the_auth_check_endpoint_is_not_reachable_from_outside(edge):
    edge, services = edge
    response, _ = edge.request("/oauth2/auth", session="alice-session")
    assert response.status == 404
    assert services["oauth2"].seen == []


def test_when_oauth2_proxy_is_down_the_protected_routes_stay_closed(stack):
    edge, services = stack
    oauth2 = services["oauth2"]
    # Replace oauth2-proxy by a closed port for this test: the check fails, nothing gets through.
    oauth2.stop()
    try:
        services["clearml_web"].seen.clear()
        response, body = edge.request("/clearml/files/team/model.pkl", session="alice-session")
        assert response.status >= 500
        assert FILE_CONTENT not in body
        assert services["clearml_web"].seen == []
    finally:
        oauth2.restart()


# --- Identity headers come from oauth2-proxy and Nginx only ------------------------------------------

SPOOFED = {
    "X-Auth-Request-User": "admin",
    "X-Auth-Request-Email": "admin@example.org",
    "X-Auth-Request-Groups": "administrators",
    "X-Auth-Request-Redirect": "https://evil.example/",
    "X-Forwarded-User": "admin",
    "X-Forwarded-Email": "admin@example.org",
    "X-Forwarded-Groups": "administrators",
    "X-Forwarded-Preferred-Username": "admin",
    "X-Forwarded-For": "203.0.113.7",
    "X-Real-IP": "203.0.113.7",
    "X-Forwarded-Proto": "http",
    "X-Forwarded-Host": "evil.example",
    "Forwarded": "for=203.0.113.7;proto=http",
    "Remote-User": "admin",
    "X_Forwarded_User": "admin",
}


def _assert_forwarding_is_nginx_own(seen) -> None:
    assert seen.headers.get("x-forwarded-for") == ["127.0.0.1"]
    assert seen.headers.get("x-real-ip") == ["127.0.0.1"]
    assert seen.headers.get("x-forwarded-proto") == ["https"]
    assert seen.headers.get("x-forwarded-host") == [PORTAL]
    for name in ("forwarded", "remote-user", "x_forwarded_user", "x-auth-request-user",
                 "x-auth-request-email", "x-auth-request-groups", "x-auth-request-redirect"):
        assert name not in seen.headers, f"{name} reached the upstream"


def test_a_signed_in_users_identity_is_the_one_oauth2_proxy_vouched_for(edge):
    edge, services = edge
    response, _ = edge.request("/clearml/", session="alice-session", headers=SPOOFED)
    assert response.status == 200
    (seen,) = services["clearml_web"].seen
    assert seen.headers.get("x-forwarded-user") == ["alice"]
    assert seen.headers.get("x-forwarded-email") == ["alice@example.org"]
    assert seen.headers.get("x-forwarded-groups") == ["researchers"]
    assert seen.headers.get("x-forwarded-preferred-username") == ["alice"]
    _assert_forwarding_is_nginx_own(seen)


@pytest.mark.parametrize("path", ["/", "/api/catalog/entities", "/clearml-api/auth.login"])
def test_routes_without_the_edge_login_pass_no_identity_at_all(edge, path):
    edge, services = edge
    response, _ = edge.request(path, headers=SPOOFED)
    assert response.status == 200
    upstream = services["clearml_api"] if path.startswith("/clearml-api/") else services["portal"]
    (seen,) = upstream.seen
    for name in ("x-forwarded-user", "x-forwarded-email", "x-forwarded-groups",
                 "x-forwarded-preferred-username"):
        assert name not in seen.headers, f"{name} reached the upstream"
    _assert_forwarding_is_nginx_own(seen)


def test_the_sdk_api_route_strips_its_prefix(edge):
    edge, services = edge
    response, body = edge.request("/clearml-api/auth.login", method="POST")
    assert (response.status, body) == (200, b"clearml-api /auth.login")


def test_the_docs_storage_api_receives_publishing_requests_exactly_as_signed(edge):
    """CI publishes TechDocs sites with S3-signed requests: the signature covers the path, the query and
    the Host, so all three must reach the storage unchanged; browsers' cookies and identities never do."""
    edge, services = edge
    path = "/techdocs/default/component/sales%20forecast/index.html?x-id=PutObject"
    signature = "AWS4-HMAC-SHA256 Credential=docs-publisher/20261126/us-east-1/s3/aws4_request"
    response, _ = edge.request(path, method="PUT", headers={
        **SPOOFED, "Authorization": signature, "Cookie": "_mlops_edge=alice-session"})
    assert response.status == 200
    (seen,) = services["docs_storage"].seen
    assert (seen.method, seen.path) == ("PUT", path)
    assert seen.header("host") == PORTAL
    assert seen.header("authorization") == signature
    assert "cookie" not in seen.headers
    for name in ("x-forwarded-user", "x-forwarded-email", "x-forwarded-groups"):
        assert name not in seen.headers, f"{name} reached the docs storage"
    _assert_forwarding_is_nginx_own(seen)
    # The bucket itself (listing) too; other paths stay the portal's.
    edge.request("/techdocs?list-type=2&prefix=default%2F")
    edge.request("/techdocs-guide")
    assert [s.path for s in services["docs_storage"].seen[1:]] == ["/techdocs?list-type=2&prefix=default%2F"]
    assert services["portal"].seen[-1].path == "/techdocs-guide"


# --- Security headers ----------------------------------------------------------------------------------

def _csp(response) -> list[str]:
    return [v for k, v in response.getheaders() if k.lower() == "content-security-policy"]


def test_the_portal_may_only_be_framed_by_itself(edge):
    edge, _ = edge
    response, _ = edge.request("/")
    assert _csp(response) == ["frame-ancestors 'self'"]
    assert response.getheader("X-Frame-Options") is None
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_clearml_is_framed_only_by_the_portal_whatever_clearml_sends(edge):
    edge, _ = edge
    response, _ = edge.request("/clearml/widgets/", session="alice-session")
    assert response.status == 200
    # The stand-in sent ALLOW-FROM and frame-ancestors *: neither reaches the browser.
    assert _csp(response) == ["frame-ancestors 'self'"]
    assert response.getheader("X-Frame-Options") is None
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000"


def test_clearmls_cookies_are_made_secure_and_same_site(edge):
    edge, _ = edge
    response, _ = edge.request("/clearml/", session="alice-session")
    cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
    assert cookies == ["clearml_token_basic=abc; Path=/; Secure; SameSite=Lax"]


def test_rath_may_talk_only_to_its_own_origin(edge):
    edge, _ = edge
    response, _ = edge.request("/rath/", session="alice-session")
    (policy,) = _csp(response)
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["connect-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:", "blob:"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert response.getheader("X-Frame-Options") is None


def test_the_login_redirect_carries_the_security_headers_too(edge):
    edge, _ = edge
    response, _ = edge.request("/rath/")
    assert response.status == 302
    assert _csp(response) and response.getheader("Strict-Transport-Security")


def test_guessing_keys_at_the_sdk_api_is_slowed_down(edge):
    edge, services = edge
    started = time.monotonic()
    statuses = edge.burst("/clearml-api/auth.login", 120)
    elapsed = time.monotonic() - started
    assert set(statuses) <= {200, 429}
    # At most the burst (40) plus 10 a second got through; the rest were refused before the upstream.
    passed = statuses.count(200)
    assert 429 in statuses and passed <= 40 + 10 * elapsed + 2, (passed, elapsed)
    assert len(services["clearml_api"].seen) == passed


# --- Host names ----------------------------------------------------------------------------------------

def test_an_unknown_host_name_is_not_served(edge):
    edge, services = edge
    response, _ = edge.request("/", host="evil.example", sni=PORTAL)
    assert response.status == 421
    assert services["portal"].seen == []
    with pytest.raises(ssl.SSLError):
        edge.request("/", host="evil.example")


def test_plain_http_redirects_to_the_fixed_https_name_never_to_the_clients_host(edge):
    edge, _ = edge
    response = edge.plain("/catalog?x=1", host="evil.example")
    assert response.status == 301
    assert response.getheader("Location") == f"https://{PORTAL}/catalog?x=1"
    response = edge.plain("/realms/mlops/account", host=SSO)
    assert response.getheader("Location") == f"https://{SSO}/realms/mlops/account"


def test_keycloak_is_served_on_its_own_name(edge):
    edge, services = edge
    response, body = edge.request("/realms/mlops/.well-known/openid-configuration", host=SSO,
                                  headers=SPOOFED)
    assert (response.status, body) == (200, b"keycloak /realms/mlops/.well-known/openid-configuration")
    (seen,) = services["keycloak"].seen
    assert seen.headers.get("x-forwarded-proto") == ["https"]
    assert seen.headers.get("x-forwarded-for") == ["127.0.0.1"]
    assert "x-forwarded-user" not in seen.headers
    assert services["portal"].seen == []


def test_a_stopped_upstream_gives_a_quick_bad_gateway(stack):
    edge, services = stack
    rath = services["rath"]
    rath.stop()
    try:
        started = time.monotonic()
        response, _ = edge.request("/rath/", session="alice-session")
        assert response.status == 502
        assert time.monotonic() - started < 5
    finally:
        rath.restart()

