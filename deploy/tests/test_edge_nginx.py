"""The edge for real: Debian's nginx checks the configuration, then serves it over TLS in front of local
stand-ins for oauth2-proxy, the portal, ClearML (web server, API server, file server with ClearML's token
authentication) and Rath, each app on its own name."""

from __future__ import annotations

import base64
import http.client
import http.cookiejar
import json
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from deployfiles import edge_values_from_compose, filled_env, free_port, load_compose, render_edge
from standins import (FILE_CONTENT, ID_TOKENS, SDK_KEY, clearml_api, clearml_fileserver, echo,
                      oauth2_proxy)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PORTAL = "portal.test"
SSO = "sso.test"
CLEARML = "clearml.test"
FILES = "files.clearml.test"
RATH = "rath.test"
NAMES = (PORTAL, SSO, CLEARML, FILES, RATH)


def _compose_with_the_test_names() -> dict:
    """docker-compose.yml as Compose reads it, with the test's names for the stack's public names."""
    return load_compose({**filled_env(), "PORTAL_HOST": PORTAL, "SSO_HOST": SSO, "CLEARML_HOST": CLEARML,
                         "RATH_HOST": RATH})


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", f"/CN={PORTAL}", "-addext",
            "subjectAltName=" + ",".join(f"DNS:{name}" for name in NAMES),
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


class _ToTheEdge(urllib.request.HTTPSHandler):
    """HTTPS to any of the stack's names, at the edge's address: as if the names resolved to it."""

    def __init__(self, port: int, context: ssl.SSLContext) -> None:
        super().__init__(context=context)
        self._port = port

    def https_open(self, req):
        port, context = self._port, self._context

        class Connection(http.client.HTTPSConnection):
            def connect(self) -> None:
                sock = socket.create_connection(("127.0.0.1", port), 5)
                self.sock = context.wrap_socket(sock, server_hostname=self.host)

        return self.do_open(Connection, req)


class Browser:
    """Keeps cookies per name as a browser does (Domain, Path, Secure, Max-Age: http.cookiejar's rules)
    and follows redirects one hop at a time, every name going to the edge."""

    def __init__(self, port: int, context: ssl.SSLContext) -> None:
        self.jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.OpenerDirector()
        self._opener.add_handler(_ToTheEdge(port, context))
        self._opener.add_handler(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str | None, bytes]:
        with self._opener.open(url, timeout=10) as response:
            return response.status, response.headers.get("Location"), response.read()

    def follow(self, url: str, hops: int = 10) -> tuple[list[str], bytes]:
        """Every URL visited, the last one answering with a page, and that page."""
        visited = []
        for _ in range(hops):
            visited.append(url)
            status, location, body = self.get(url)
            if status not in (301, 302, 303, 307, 308):
                return visited, body
            url = urllib.parse.urljoin(url, location)
        raise AssertionError(f"still redirected after {hops} hops: {visited}")

    def accept(self, url: str, set_cookie: str) -> None:
        """Take a Set-Cookie header as if the answer to `url` had carried it."""
        message = http.client.HTTPMessage()
        message["Set-Cookie"] = set_cookie

        class Answer:
            def info(self):
                return message

        self.jar.extract_cookies(Answer(), urllib.request.Request(url))

    def cookies_sent_to(self, url: str) -> dict[str, str]:
        request = urllib.request.Request(url)
        self.jar.add_cookie_header(request)
        header = request.get_header("Cookie") or ""
        return dict(part.split("=", 1) for part in header.split("; ") if part)


class Edge:
    def __init__(self, port: int, http_port: int, context: ssl.SSLContext) -> None:
        self.port, self.http_port, self.context = port, http_port, context

    def browser(self) -> Browser:
        return Browser(self.port, self.context)

    def open_url(self, url: str) -> int:
        """A server-side GET of one of the stack's https names through the edge (as the containers
        reach them); its status."""
        opener = urllib.request.OpenerDirector()
        opener.add_handler(_ToTheEdge(self.port, self.context))
        with opener.open(url, timeout=10) as response:
            response.read()
            return response.status

    def request(self, path: str, host: str = PORTAL, sni: str | None = None, method: str = "GET",
                headers: dict[str, str] | None = None, session: str | None = None,
                body: bytes | None = None):
        context, port = self.context, self.port

        class Connection(http.client.HTTPSConnection):
            def connect(self) -> None:
                sock = socket.create_connection(("127.0.0.1", port), 5)
                self.sock = context.wrap_socket(sock, server_hostname=sni or host)

        connection = Connection("127.0.0.1", port, timeout=10)
        all_headers = {"Host": host, **(headers or {})}
        if session:
            all_headers["Cookie"] = f"_mlops_edge={session}"
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        content = response.read()
        connection.close()
        return response, content

    def burst(self, path: str, count: int, method: str = "POST", host: str = PORTAL) -> list[int]:
        """`count` requests one after another on one kept-alive connection; their statuses."""
        context, port = self.context, self.port

        class Connection(http.client.HTTPSConnection):
            def connect(self) -> None:
                sock = socket.create_connection(("127.0.0.1", port), 5)
                self.sock = context.wrap_socket(sock, server_hostname=host)

        connection = Connection("127.0.0.1", port, timeout=10)
        statuses = []
        for _ in range(count):
            connection.request(method, path, headers={"Host": host})
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
    compose = _compose_with_the_test_names()
    # The file server's token authentication is on exactly when the compose file turns it on.
    fileserver_env = compose["services"]["fileserver"]["environment"]
    api = clearml_api()
    edges: list[Edge] = []
    services = {
        "portal": echo("portal"),
        # oauth2-proxy's cookie domains, whitelist and backend logout are the compose file's; its backend
        # logout reaches Keycloak's public name through the edge, as in the stack.
        "oauth2": oauth2_proxy(compose["services"]["oauth2-proxy"]["environment"],
                               open_url=lambda url: edges[0].open_url(url)),
        "clearml_web": echo("clearml-web", frame_headers=True),
        "clearml_api": api,
        "clearml_files": clearml_fileserver(
            api, auth_enabled=fileserver_env.get("CLEARML__fileserver__auth__enabled") == "true"),
        "rath": echo("rath", frame_headers=True),
        "keycloak": echo("keycloak"),
        "docs_storage": echo("docs-storage"),
    }
    https_port, http_port = free_port(), free_port()
    cert, key = _certificate(folder)
    values = {
        "EDGE_PORTAL_HOST": PORTAL,
        "EDGE_SSO_HOST": SSO,
        "EDGE_CLEARML_HOST": CLEARML,
        "EDGE_CLEARML_FILES_HOST": FILES,
        "EDGE_RATH_HOST": RATH,
        "EDGE_HTTP_PORT": f"127.0.0.1:{http_port}",
        "EDGE_HTTPS_PORT": f"127.0.0.1:{https_port}",
        "EDGE_RESOLVER": "127.0.0.1",
        "EDGE_TLS_CERTIFICATE": str(cert),
        "EDGE_TLS_CERTIFICATE_KEY": str(key),
        "EDGE_PORTAL_UPSTREAM": services["portal"].address,
        "EDGE_OAUTH2_PROXY_UPSTREAM": services["oauth2"].address,
        "EDGE_CLEARML_WEB_UPSTREAM": services["clearml_web"].address,
        "EDGE_CLEARML_API_UPSTREAM": services["clearml_api"].address,
        "EDGE_CLEARML_FILES_UPSTREAM": services["clearml_files"].address,
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
    edges.append(Edge(https_port, http_port, context))
    try:
        yield edges[0], services
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


# --- Each app on its own name ----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/clearml/", "/clearml/files/team/model.pkl", "/rath/", "/oauth2/start",
                                  "/clearml-api/auth.login"])
def test_the_portals_name_serves_no_embedded_app(edge, path):
    """Nothing ClearML, its file server, Rath or oauth2-proxy serve runs on the portal's origin, where a
    script could call /api/auth/*/refresh with the viewer's cookies (THREATS 39): the portal answers."""
    edge, services = edge
    response, body = edge.request(path, session="alice-session")
    assert (response.status, body) == (200, f"portal {path}".encode())
    for name in ("clearml_web", "clearml_api", "clearml_files", "rath", "oauth2"):
        assert services[name].seen == [], f"{name} was reached on the portal's name"


# --- Login in front of ClearML, its file server and Rath -------------------------------------------

@pytest.mark.parametrize(
    "host,path",
    [(CLEARML, "/"), (CLEARML, "/projects/*/experiments"), (CLEARML, "/api/v2.30/projects.get_all"),
     (FILES, "/team/model.pkl"), (RATH, "/rath/"), (RATH, "/rath/static/js/main.js")],
)
def test_without_a_session_clearml_its_files_and_rath_send_the_browser_to_the_login(edge, host, path):
    edge, services = edge
    response, body = edge.request(path, host=host)
    assert response.status == 302
    # Relative: back to the same name's /oauth2/, whose callback is registered for that name.
    assert response.getheader("Location") == f"/oauth2/start?rd={path}"
    assert FILE_CONTENT not in body
    for name in ("clearml_web", "clearml_api", "clearml_files", "rath"):
        assert services[name].seen == [], f"{name} was reached without a login"


@pytest.mark.parametrize(
    "host,path",
    [(FILES, "/../team/model.pkl"), (FILES, "/%2e%2e/team/model.pkl"), (FILES, "//team/model.pkl"),
     (FILES, "/oauth2/../team/model.pkl"), (FILES, "/oauth2/..%2fteam/model.pkl"),
     (CLEARML, "/clearml-api/../api/v2.30/projects.get_all"), (RATH, "/oauth2/../rath/"),
     # encoded twice, backslashes, another case, the prefix without its slash or with a dot segment
     (FILES, "/%252e%252e/team/model.pkl"), (FILES, "/oauth2/%252e%252e%252fteam/model.pkl"),
     (FILES, "/oauth2/..%5cteam/model.pkl"), (FILES, "/oauth2\\..\\team/model.pkl"),
     (CLEARML, "/clearml-api/..%2fapi/v2.30/projects.get_all"),
     (CLEARML, "/CLEARML-API/../api/v2.30/projects.get_all"), (RATH, "/OAUTH2/../rath/"),
     (RATH, "/oauth2/./../rath/")],
)
def test_path_tricks_never_reach_an_app_without_a_session(edge, host, path):
    edge, services = edge
    response, body = edge.request(path, host=host)
    assert FILE_CONTENT not in body
    assert response.status in (302, 400, 404) or services["oauth2"].seen, response.status
    assert services["clearml_files"].seen == [] and services["rath"].seen == []
    assert services["clearml_web"].seen == []


def test_the_sdk_api_prefix_covers_only_itself(edge):
    """The one route of ClearML's name without the login is exactly /clearml-api/ (THREATS 14): a name
    that merely starts like it is the web app, behind the login; without its slash it is sent to it."""
    edge, services = edge
    response, _ = edge.request("/clearml-apix/projects.get_all", host=CLEARML)
    login = "/oauth2/start?rd=/clearml-apix/projects.get_all"
    assert (response.status, response.getheader("Location")) == (302, login)
    response, _ = edge.request("/clearml-api", host=CLEARML)
    assert (response.status, response.getheader("Location")) == (301, "/clearml-api/")
    response, body = edge.request("/clearml-api/./projects.get_all", host=CLEARML, method="POST")
    assert (response.status, body) == (200, b"clearml-api /projects.get_all")
    assert services["clearml_web"].seen == []
    assert [seen.path for seen in services["clearml_api"].seen] == ["/projects.get_all"]


def test_a_user_outside_the_allowed_groups_is_refused(edge):
    edge, services = edge
    for host, path in ((CLEARML, "/"), (FILES, "/team/model.pkl"), (RATH, "/rath/")):
        response, body = edge.request(path, host=host, session="outsider-session")
        assert response.status == 403
        assert FILE_CONTENT not in body
    assert services["clearml_web"].seen == [] and services["rath"].seen == []
    assert services["clearml_files"].seen == []


def test_a_signed_in_user_reaches_clearml_and_rath(edge):
    edge, services = edge
    response, body = edge.request("/projects", host=CLEARML, session="alice-session")
    assert (response.status, body) == (200, b"clearml-web /projects")
    response, body = edge.request("/rath/", host=RATH, session="alice-session")
    assert (response.status, body) == (200, b"rath /rath/")
    # The auth check got the request's headers and URI, never its body.
    checks = [s for s in services["oauth2"].seen if s.path == "/oauth2/auth"]
    assert checks and checks[0].header("x-forwarded-uri") == "/projects"
    # oauth2-proxy learns the name it answers for (its cookie's domain and callback follow it).
    assert checks[0].header("x-forwarded-host") == CLEARML


def test_rath_s_name_opens_on_rath(edge):
    edge, _ = edge
    response, _ = edge.request("/", host=RATH)
    assert (response.status, response.getheader("Location")) == (302, "/rath/")


def test_oauth2_proxy_answers_on_each_name_it_guards(edge):
    edge, services = edge
    for host in (CLEARML, FILES, RATH):
        response, _ = edge.request("/oauth2/start?rd=%2F", host=host)
        assert response.status == 302
        assert response.getheader("Location").startswith(f"https://{SSO}/realms/mlops/")
    assert [s.header("x-forwarded-host") for s in services["oauth2"].seen] == [CLEARML, FILES, RATH]


@pytest.mark.parametrize(
    "path, host, session, status, upstream",
    [
        pytest.param("/team/model.pkl", FILES, "forged", 302, "clearml_files",
                     id="a made-up session cookie is refused"),
        *(pytest.param("/oauth2/auth", host, "alice-session", 404, "oauth2",
                       id=f"the auth check endpoint is not reachable from outside on {host}")
          for host in (CLEARML, FILES, RATH)),
    ],
)
def test_requests_that_must_not_reach_an_upstream(edge, path, host, session, status, upstream):
    edge, services = edge
    response, _ = edge.request(path, host=host, session=session)
    assert response.status == status
    assert services[upstream].seen == []


def test_when_oauth2_proxy_is_down_the_protected_routes_stay_closed(stack):
    edge, services = stack
    # Replace oauth2-proxy by a closed port for this test: the check fails, nothing gets through.
    with services["oauth2"].stopped():
        services["clearml_files"].seen.clear()
        response, body = edge.request("/team/model.pkl", host=FILES, session="alice-session")
        assert response.status >= 500
        assert FILE_CONTENT not in body
        assert services["clearml_files"].seen == []


# --- Signing out ---------------------------------------------------------------------------------------

# A page of each app behind the login, and what its app answers a signed-in user.
APP_PAGES = {
    f"https://{CLEARML}/projects": b"clearml-web /projects",
    f"https://{RATH}/rath/": b"rath /rath/",
}


def test_signing_out_of_the_portal_ends_the_edge_logins_of_clearml_and_rath(edge):
    """THREATS 8: after Keycloak's logout the browser goes to the address the compose file gives the
    portal as postLogoutRedirectUri: oauth2-proxy's sign-out on ClearML's name, then on Rath's, then the
    portal. It lands on the portal, holds no edge session for ClearML (nor its file server) or Rath, and
    their pages send it to sign in again; oauth2-proxy also ended each login's Keycloak session."""
    edge, services = edge
    browser = edge.browser()
    for host in (CLEARML, RATH):  # signed in at each, as oauth2-proxy's callback leaves it
        browser.accept(f"https://{host}/oauth2/callback",
                       services["oauth2"].sign_in_cookie(host, "alice-session"))
    for url, page in APP_PAGES.items():
        assert browser.get(url) == (200, None, page)
    keycloak_before = len(services["keycloak"].seen)

    compose = _compose_with_the_test_names()
    sign_out = compose["services"]["portal"]["environment"][
        "APP_CONFIG_auth_providers_oidc_production_postLogoutRedirectUri"]
    visited, page = browser.follow(sign_out)

    assert visited[-1] == f"https://{PORTAL}/" and page == b"portal /", visited
    assert [urllib.parse.urlsplit(url).hostname for url in visited] == [CLEARML, RATH, PORTAL]
    for host in (CLEARML, FILES, RATH):
        assert "_mlops_edge" not in browser.cookies_sent_to(f"https://{host}/"), host
    for url in APP_PAGES:
        status, location, _ = browser.get(url)
        assert (status, location) == (302, f"/oauth2/start?rd={urllib.parse.urlsplit(url).path}")
        visited, _ = browser.follow(url)
        assert urllib.parse.urlsplit(visited[-1]).hostname == SSO, visited
    # Each edge login's sign-out also ended its Keycloak session (the backend logout, with its ID token).
    logouts = [urllib.parse.urlsplit(s.path) for s in services["keycloak"].seen[keycloak_before:]
               if "/protocol/openid-connect/logout" in s.path]
    assert [urllib.parse.parse_qs(u.query)["id_token_hint"] for u in logouts] == [
        [ID_TOKENS["alice-session"]]] * 2


def test_signing_out_never_sends_the_browser_to_a_name_outside_the_stack(edge):
    """oauth2-proxy follows rd only to a whitelisted name: anywhere else, the browser stays on the name
    it signed out of."""
    edge, services = edge
    browser = edge.browser()
    browser.accept(f"https://{RATH}/oauth2/callback",
                   services["oauth2"].sign_in_cookie(RATH, "alice-session"))
    status, location, _ = browser.get(f"https://{RATH}/oauth2/sign_out?rd=https://evil.example/")
    assert (status, location) == (302, "/")
    assert "_mlops_edge" not in browser.cookies_sent_to(f"https://{RATH}/")
    # Written percent-encoded (as oauth2-proxy's docs advise for rd), a refused rd must not make the
    # sign-out page its own next page: oauth2-proxy would then take the edge's X-Auth-Request-Redirect,
    # the sign-out's own address, and send the browser round in a loop.
    status, location, _ = browser.get(
        f"https://{RATH}/oauth2/sign_out?rd=https%3A%2F%2Fevil.example%2F")
    assert (status, location) == (302, "/")


# --- ClearML's file server: the SDK with its ClearML token, browsers signed in ------------------------

def _sdk_token(edge) -> str:
    """What the SDK does first: auth.login on the API server with its access key and secret."""
    basic = base64.b64encode(":".join(SDK_KEY).encode()).decode()
    response, body = edge.request("/clearml-api/auth.login", host=CLEARML, method="POST",
                                  headers={"Authorization": f"Basic {basic}"})
    assert response.status == 200, body
    return json.loads(body)["data"]["token"]


def _multipart(path: str, content: bytes) -> tuple[bytes, str]:
    """The SDK's upload body: one multipart field named after the file's path, holding the file."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{path}\"; "
            f"filename=\"{path.rsplit('/', 1)[-1]}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_the_sdk_uploads_and_downloads_with_its_clearml_token_and_no_browser_login(edge):
    """As the ClearML SDK does (ClearML Server 1.16+ token authentication): a token from auth.login,
    then the upload (POST / with a multipart body) and the download (GET /<path>), each with
    Authorization: Bearer <token>, which the file server checks with the API server."""
    edge, services = edge
    token = _sdk_token(edge)
    path = "forecasting/sales/artifacts/model/model.pkl"
    body, content_type = _multipart(path, b"weights \x00\x01 trained by CI")
    response, answer = edge.request("/", host=FILES, method="POST", body=body, headers={
        "Authorization": f"Bearer {token}", "Content-Type": content_type})
    assert (response.status, json.loads(answer)) == (200, [path])
    response, content = edge.request(f"/{path}", host=FILES, headers={"Authorization": f"Bearer {token}"})
    assert (response.status, content) == (200, b"weights \x00\x01 trained by CI")
    # No browser login was involved: oauth2-proxy was not asked.
    assert services["oauth2"].seen == []
    # The token reached the file server as sent; nothing else identifies the caller.
    upload = services["clearml_files"].seen[0]
    assert upload.header("authorization") == f"Bearer {token}"
    assert "x-forwarded-user" not in upload.headers


@pytest.mark.parametrize("authorization", [None, "Bearer made-up-token", "Bearer ", "Basic c2RrOnNkaw=="])
def test_the_file_server_refuses_the_sdk_route_without_a_valid_token(edge, authorization):
    edge, services = edge
    body, content_type = _multipart("team/evil.html", b"<script>alert(1)</script>")
    headers = {"Content-Type": content_type}
    if authorization:
        headers["Authorization"] = authorization
    response, answer = edge.request("/", host=FILES, method="POST", body=body, headers=headers)
    # No token at all (or not a bearer one): the browser login's redirect; a made-up one: ClearML's 401.
    assert response.status in (302, 401), response.status
    response, content = edge.request("/team/model.pkl", host=FILES, headers=headers)
    assert response.status in (302, 401) and FILE_CONTENT not in content
    assert "team/evil.html" not in services["clearml_files"].files


def test_a_signed_in_browser_still_needs_clearmls_own_login_cookie(edge):
    """Behind the login, the file server still wants the web login's token (clearml_token_basic, which
    ClearML's API server sets for ClearML's name and its file server's)."""
    edge, services = edge
    response, content = edge.request("/team/model.pkl", host=FILES, session="alice-session")
    assert response.status == 401 and FILE_CONTENT not in content
    token = _sdk_token(edge)  # stands for the token ClearML's web login put in the cookie
    response, content = edge.request("/team/model.pkl", host=FILES, headers={
        "Cookie": f"_mlops_edge=alice-session; clearml_token_basic={token}"})
    assert (response.status, content) == (200, FILE_CONTENT)


def test_the_sdk_route_passes_no_browser_cookie_and_sets_none(edge):
    edge, services = edge
    token = _sdk_token(edge)
    response, _ = edge.request("/team/model.pkl", host=FILES, headers={
        "Authorization": f"Bearer {token}", "Cookie": "_mlops_edge=alice-session; clearml_token_basic=x"})
    assert response.status == 200
    (seen,) = services["clearml_files"].seen
    assert "cookie" not in seen.headers


def test_what_the_file_server_serves_runs_sandboxed_on_its_own_name(edge):
    """An HTML or SVG artifact is anybody's upload: it runs in a sandbox (an opaque origin: no cookies,
    no storage, no same-site requests), and only ClearML's web app and the portal may frame it."""
    edge, _ = edge
    token = _sdk_token(edge)
    response, _ = edge.request("/team/model.pkl", host=FILES, headers={"Authorization": f"Bearer {token}"})
    (policy,) = _csp(response)
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["sandbox"] == ["allow-scripts", "allow-popups", "allow-downloads"]
    assert directives["frame-ancestors"] == [f"https://{CLEARML}", f"https://{PORTAL}"]
    assert response.getheader("X-Content-Type-Options") == "nosniff"


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


def _assert_forwarding_is_nginx_own(seen, host: str = PORTAL) -> None:
    assert seen.headers.get("x-forwarded-for") == ["127.0.0.1"]
    assert seen.headers.get("x-real-ip") == ["127.0.0.1"]
    assert seen.headers.get("x-forwarded-proto") == ["https"]
    assert seen.headers.get("x-forwarded-host") == [host]
    for name in ("forwarded", "remote-user", "x_forwarded_user", "x-auth-request-user",
                 "x-auth-request-email", "x-auth-request-groups", "x-auth-request-redirect"):
        assert name not in seen.headers, f"{name} reached the upstream"


def test_a_signed_in_users_identity_is_the_one_oauth2_proxy_vouched_for(edge):
    edge, services = edge
    response, _ = edge.request("/", host=CLEARML, session="alice-session", headers=SPOOFED)
    assert response.status == 200
    (seen,) = services["clearml_web"].seen
    assert seen.headers.get("x-forwarded-user") == ["alice"]
    assert seen.headers.get("x-forwarded-email") == ["alice@example.org"]
    assert seen.headers.get("x-forwarded-groups") == ["researchers"]
    assert seen.headers.get("x-forwarded-preferred-username") == ["alice"]
    _assert_forwarding_is_nginx_own(seen, CLEARML)


@pytest.mark.parametrize("host,path", [(PORTAL, "/"), (PORTAL, "/api/catalog/entities"),
                                       (CLEARML, "/clearml-api/projects.get_all")])
def test_routes_without_the_edge_login_pass_no_identity_at_all(edge, host, path):
    edge, services = edge
    response, _ = edge.request(path, host=host, headers=SPOOFED)
    assert response.status == 200
    upstream = services["clearml_api"] if path.startswith("/clearml-api/") else services["portal"]
    (seen,) = upstream.seen
    for name in ("x-forwarded-user", "x-forwarded-email", "x-forwarded-groups",
                 "x-forwarded-preferred-username"):
        assert name not in seen.headers, f"{name} reached the upstream"
    _assert_forwarding_is_nginx_own(seen, host)


def test_the_sdk_api_route_strips_its_prefix(edge):
    edge, services = edge
    response, body = edge.request("/clearml-api/projects.get_all", host=CLEARML, method="POST")
    assert (response.status, body) == (200, b"clearml-api /projects.get_all")


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


def test_what_the_docs_storage_serves_runs_no_script_on_the_portals_name(edge):
    """A project's CI key may publish HTML to its own site and presign a link to it; opened in a browser
    on the portal's name, it renders sandboxed with no script, so it can reach no portal token. The
    portal's own headers stay on these answers too (a location's add_header drops the inherited ones)."""
    edge, services = edge
    link = ("/techdocs/default/component/sales-forecast/report.html?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Signature=abc")
    response, _ = edge.request(link)
    assert response.status == 200
    assert services["docs_storage"].seen[-1].path == link
    policies = sorted(_csp(response))
    assert policies == ["frame-ancestors 'self'", "sandbox; default-src 'none'"]
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000"


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
    response, _ = edge.request("/widgets/", host=CLEARML, session="alice-session")
    assert response.status == 200
    # The stand-in sent ALLOW-FROM and frame-ancestors *: neither reaches the browser.
    assert _csp(response) == [f"frame-ancestors https://{PORTAL}"]
    assert response.getheader("X-Frame-Options") is None
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000"


def test_clearmls_cookies_are_made_secure_and_same_site(edge):
    edge, _ = edge
    response, _ = edge.request("/", host=CLEARML, session="alice-session")
    cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
    assert cookies == ["clearml_token_basic=abc; Path=/; Secure; SameSite=Lax"]


def test_the_portals_cookies_are_secure_and_same_site_whatever_the_backend_sets(edge):
    edge, _ = edge
    response, _ = edge.request("/api/auth/oidc/refresh", host=PORTAL)
    cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
    assert cookies == [
        "oidc-refresh-token=rt; Max-Age=86400; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Secure",
        "connect.sid=s%3Asid; Path=/; HttpOnly; Secure; SameSite=Lax",
    ]


def test_keycloaks_cookies_leave_the_edge_secure(edge):
    edge, services = edge
    response, _ = edge.request("/realms/mlops/protocol/openid-connect/auth?client_id=x", host=SSO)
    assert services["keycloak"].seen[-1].headers["x-forwarded-proto"] == ["https"]
    cookies = {c.split("=")[0]: c for k, c in response.getheaders() if k.lower() == "set-cookie"}
    assert sorted(cookies) == ["AUTH_SESSION_ID", "KC_RESTART", "KEYCLOAK_IDENTITY", "KEYCLOAK_SESSION"]
    for name, cookie in cookies.items():
        attributes = [a.strip() for a in cookie.split(";")[1:]]
        assert "Secure" in attributes, cookie
        # Only the cookie the session iframe's script reads is readable by scripts.
        assert ("HttpOnly" in attributes) == (name != "KEYCLOAK_SESSION"), cookie
    # SameSite=None only where Keycloak's design needs it: on what comes back with the applications'
    # redirects and in the session iframe; its own restart cookie stays Strict.
    assert "SameSite=Strict" in cookies["KC_RESTART"]


def test_rath_may_talk_only_to_its_own_origin_and_be_framed_only_by_the_portal(edge):
    edge, _ = edge
    response, _ = edge.request("/rath/", host=RATH, session="alice-session")
    (policy,) = _csp(response)
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["connect-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:", "blob:"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == [f"https://{PORTAL}"]
    assert response.getheader("X-Frame-Options") is None


def test_the_login_redirect_carries_the_security_headers_too(edge):
    edge, _ = edge
    response, _ = edge.request("/rath/", host=RATH)
    assert response.status == 302
    assert _csp(response) and response.getheader("Strict-Transport-Security")


def test_guessing_keys_at_the_sdk_api_is_slowed_down(edge):
    edge, services = edge
    started = time.monotonic()
    statuses = edge.burst("/clearml-api/auth.login", 120, host=CLEARML)
    elapsed = time.monotonic() - started
    assert set(statuses) <= {401, 429}
    # At most the burst (40) plus 10 a second got through; the rest were refused before the upstream.
    passed = statuses.count(401)
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
    for host in (SSO, CLEARML, FILES, RATH):
        response = edge.plain("/x?y=1", host=host)
        assert response.getheader("Location") == f"https://{host}/x?y=1"


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
    with services["rath"].stopped():
        started = time.monotonic()
        response, _ = edge.request("/rath/", host=RATH, session="alice-session")
        assert response.status == 502
        assert time.monotonic() - started < 5
