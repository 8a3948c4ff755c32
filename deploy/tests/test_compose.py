"""deploy/docker-compose.yml and deploy/.env.example: they parse (with Debian's docker-compose too), every
variable is documented, every image is pinned, no secret is committed, and only Nginx is published."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deployfiles import (
    COMPOSE_FILE,
    DEPLOY,
    ENV_EXAMPLE,
    NGINX_DIR,
    MissingVariable,
    compose_variables,
    filled_env,
    image_is_pinned,
    load_compose,
    read_env_file,
)

SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|PRIVATE|ACCESS_KEY")


@pytest.fixture(scope="module")
def compose() -> dict:
    return load_compose(filled_env())


def test_every_variable_the_compose_file_reads_is_documented_in_env_example():
    documented = read_env_file(ENV_EXAMPLE)
    used = compose_variables(COMPOSE_FILE.read_text())
    assert used, "the compose file reads no variable at all?"
    assert sorted(used - documented.keys()) == []
    # ...and .env.example documents nothing the stack does not use.
    assert sorted(documented.keys() - used - {"COMPOSE_PROJECT_NAME"}) == []


def test_env_example_commits_no_secret():
    for key, value in read_env_file(ENV_EXAMPLE).items():
        if SECRET_NAME.search(key) and not key.endswith("_CLIENT_ID"):
            assert value == "", f"{key} has a value in .env.example: secrets belong in .env / CI only"


def test_a_missing_secret_stops_the_stack_with_its_name():
    env = filled_env()
    env["AUTH_SESSION_SECRET"] = ""
    with pytest.raises(MissingVariable, match="AUTH_SESSION_SECRET: set AUTH_SESSION_SECRET in .env"):
        load_compose(env)


def test_the_stack_has_every_service_of_the_design(compose):
    assert set(compose["services"]) == {
        "nginx", "oauth2-proxy", "portal", "portal-db", "keycloak", "keycloak-db",
        "apiserver", "webserver", "fileserver", "async_delete", "mongo", "elasticsearch", "redis",
        "rath", "docs-storage", "docs-storage-init",
    }


def test_every_image_is_pinned_to_a_version(compose):
    for name, service in compose["services"].items():
        image = service.get("image")
        assert image, f"{name} has no image"
        assert image_is_pinned(image), f"{name}: {image} is not pinned to a version"


@pytest.mark.parametrize("image,pinned", [
    ("nginx:1.28.0", True), ("nginx", False), ("nginx:latest", False), ("node:22", False),
    ("node:22-bookworm-slim", False), ("mlops-portal/rath:01d5cbf", True),
    ("registry.example.org:5000/portal", False), ("redis@sha256:" + "a" * 64, True),
    ("minio/minio:RELEASE.2025-04-22T22-12-26Z", True), ("minio/minio:RELEASE", False),
])
def test_the_pin_check_itself(image, pinned):
    assert image_is_pinned(image) is pinned


def test_dockerfiles_start_from_pinned_images():
    for dockerfile in (DEPLOY.parent / "Dockerfile", DEPLOY / "rath" / "Dockerfile"):
        images = re.findall(r"^FROM\s+(?:--platform=\S+\s+)?(\S+)", dockerfile.read_text(), re.M)
        assert images, dockerfile
        for image in images:
            assert image_is_pinned(image), f"{dockerfile}: FROM {image} is not pinned"


def test_nginx_is_the_only_published_service(compose):
    published = {name for name, s in compose["services"].items() if s.get("ports")}
    assert published == {"nginx"}
    assert sorted(compose["services"]["nginx"]["ports"]) == ["443:443", "80:80"]


def test_the_clearml_file_server_checks_clearml_tokens_itself(compose):
    """It is on the edge network for files.CLEARML_HOST, where the SDK reaches it with a ClearML token and
    no browser login: its own token authentication must be on (CVE-2024-24592)."""
    fileserver = compose["services"]["fileserver"]
    assert sorted(fileserver["networks"]) == ["clearml", "edge"]
    assert fileserver["environment"]["CLEARML__fileserver__auth__enabled"] == "true"
    version = tuple(int(x) for x in fileserver["image"].split(":")[1].split(".")[:2])
    assert version >= (1, 16)  # token authentication arrived in ClearML Server 1.16
    apiserver = compose["services"]["apiserver"]["environment"]
    # The web login's token cookie: ClearML's name and its file server's only, over HTTPS.
    assert apiserver["CLEARML__apiserver__auth__cookies__domain"] == "clearml.example.org"
    assert apiserver["CLEARML__apiserver__auth__cookies__secure"] == "true"


def test_every_app_has_its_own_name(compose):
    edge = compose["services"]["nginx"]["environment"]
    names = [edge[k] for k in ("EDGE_PORTAL_HOST", "EDGE_SSO_HOST", "EDGE_CLEARML_HOST",
                               "EDGE_CLEARML_FILES_HOST", "EDGE_RATH_HOST")]
    assert names == ["portal.example.org", "sso.example.org", "clearml.example.org",
                     "files.clearml.example.org", "rath.example.org"]
    # None is the portal's name or under it (a cookie for the portal's name reaches its subdomains).
    for name in names[1:]:
        assert name != names[0] and not name.endswith("." + names[0]), name
    portal = compose["services"]["portal"]["environment"]
    assert portal["CLEARML_WEB_URL"] == "https://clearml.example.org"
    assert portal["RATH_WEB_URL"] == "https://rath.example.org/rath/"
    # ClearML's data through the portal for exactly the groups the edge lets into ClearML.
    assert portal["CLEARML_ALLOWED_GROUPS"] == \
        compose["services"]["oauth2-proxy"]["environment"]["OAUTH2_PROXY_ALLOWED_GROUPS"]
    assert "webserver" in compose["services"]
    assert "CLEARML_SERVER_SUB_PATH" not in compose["services"]["webserver"]["environment"]


def test_the_portal_container_gets_every_variable_the_production_settings_read(compose):
    production = (DEPLOY.parent / "app-config.production.yaml").read_text()
    read = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", production))
    given = set(compose["services"]["portal"]["environment"])
    missing = sorted(read - given)
    assert missing == [], (
        f"app-config.production.yaml reads {', '.join(missing)}, which the portal service of "
        "deploy/docker-compose.yml does not set: add them there, to deploy/.env.example and to the "
        "variables table of docs/operators/deploy.md")


def test_keycloak_imports_the_realm_export(compose):
    keycloak = compose["services"]["keycloak"]
    assert "--import-realm" in keycloak["command"]
    assert "./keycloak/realm-mlops.production.json:/opt/keycloak/data/import/realm-mlops.json:ro" in keycloak["volumes"]


def test_keycloak_trusts_the_edges_forwarded_scheme_so_its_cookies_are_secure(compose):
    # Keycloak listens on plain HTTP inside the stack: it learns from the edge's X-Forwarded-Proto that the
    # browser spoke https, and only then marks its session cookies Secure (test_edge_nginx checks the edge
    # sends it). Its public address is the https one.
    environment = compose["services"]["keycloak"]["environment"]
    assert environment["KC_PROXY_HEADERS"] == "xforwarded"
    assert environment["KC_HOSTNAME"].startswith("https://")
    assert "ports" not in compose["services"]["keycloak"]


def test_the_nginx_container_gets_exactly_the_variables_its_templates_use(compose):
    environment = compose["services"]["nginx"]["environment"]
    given = {k for k in environment if k.startswith("EDGE_")}
    used = set()
    for template in (NGINX_DIR / "templates").glob("*.template"):
        text = template.read_text()
        used |= set(re.findall(r"\$\{(EDGE_[A-Z0-9_]+)\}", text))
        assert not re.search(r"\$EDGE_", text), f"{template.name}: write ${{EDGE_...}}, not $EDGE_..."
    assert given == used
    assert environment["NGINX_ENVSUBST_FILTER"] == "^EDGE_"


def test_oauth2_proxy_cookies_are_secure_and_the_flow_uses_pkce(compose):
    environment = compose["services"]["oauth2-proxy"]["environment"]
    assert environment["OAUTH2_PROXY_COOKIE_SECURE"] == "true"
    assert environment["OAUTH2_PROXY_COOKIE_HTTPONLY"] == "true"
    assert environment["OAUTH2_PROXY_COOKIE_SAMESITE"] == "lax"
    assert environment["OAUTH2_PROXY_CODE_CHALLENGE_METHOD"] == "S256"
    # Each name's own callback, no fixed one on the portal's name.
    assert "OAUTH2_PROXY_REDIRECT_URL" not in environment
    # ClearML's session covers its file server's name; Rath's is its own; the portal's name gets none.
    assert environment["OAUTH2_PROXY_COOKIE_DOMAINS"] == "clearml.example.org,rath.example.org"
    assert environment["OAUTH2_PROXY_ALLOWED_GROUPS"]
    assert environment["OAUTH2_PROXY_WHITELIST_DOMAINS"] == (
        "portal.example.org,sso.example.org,clearml.example.org,files.clearml.example.org,"
        "rath.example.org")
    assert environment["OAUTH2_PROXY_BACKEND_LOGOUT_URL"] == (
        "https://sso.example.org/realms/mlops/protocol/openid-connect/logout?id_token_hint={id_token}")


def _docker_compose(env_file: Path, *args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("docker-compose")
    assert binary, "docker-compose is missing: scripts/bootstrap.sh --test installs Debian's"
    return subprocess.run(
        [binary, "--env-file", str(env_file), "-f", str(COMPOSE_FILE), *args],
        capture_output=True, text=True, cwd=DEPLOY,
    )


def test_docker_compose_accepts_the_file(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in filled_env().items()))
    result = _docker_compose(env_file, "config", "-q")
    assert result.returncode == 0, result.stderr


def test_docker_compose_refuses_to_start_without_the_secrets(tmp_path):
    result = _docker_compose(ENV_EXAMPLE, "config", "-q")
    assert result.returncode != 0
    assert "set " in result.stderr and " in .env" in result.stderr
