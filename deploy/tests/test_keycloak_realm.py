"""The realm Keycloak imports in production: derived from the development export, with no person in it
and no secret written down."""

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parent.parent
SCRIPT = DEPLOY / "keycloak" / "production_realm.py"
PRODUCTION = DEPLOY / "keycloak" / "realm-mlops.production.json"
DEVELOPMENT = DEPLOY / "keycloak" / "realm-mlops.json"
COMPOSE = DEPLOY / "docker-compose.yml"


def production():
    return json.loads(PRODUCTION.read_text())


def test_the_production_realm_is_up_to_date_with_the_development_export():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_person_and_no_password_is_imported_in_production():
    users = production()["users"]
    assert all(u.get("serviceAccountClientId") for u in users), [u["username"] for u in users]
    assert "credentials" not in PRODUCTION.read_text()
    development_people = [
        u["username"] for u in json.loads(DEVELOPMENT.read_text())["users"]
        if not u.get("serviceAccountClientId")
    ]
    assert development_people, "the development export should still carry its demo users"


def test_every_client_secret_comes_from_an_environment_variable_keycloak_receives():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    environment = compose["services"]["keycloak"]["environment"]
    for client in production()["clients"]:
        match = re.fullmatch(r"\$\{([A-Z0-9_]+)\}", client["secret"])
        assert match, f"client {client['clientId']} has a literal secret"
        assert match.group(1) in environment, match.group(1)


def test_redirects_point_only_at_the_addresses_keycloak_receives():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    environment = compose["services"]["keycloak"]["environment"]
    clients = {c["clientId"]: c for c in production()["clients"]}
    portal = clients["backstage-portal"]
    assert portal["redirectUris"] == ["${PORTAL_BASE_URL}/api/auth/oidc/handler/frame"]
    assert portal["webOrigins"] == ["${PORTAL_BASE_URL}"]
    # oauth2-proxy's callbacks are on the names it guards, never on the portal's.
    edge = clients["oauth2-proxy"]
    assert edge["redirectUris"] == [
        "${CLEARML_BASE_URL}/oauth2/callback", "${CLEARML_FILES_BASE_URL}/oauth2/callback",
        "${RATH_BASE_URL}/oauth2/callback"]
    for client in clients.values():
        for uri in client.get("redirectUris", []) + client.get("webOrigins", []):
            placeholder = re.match(r"\$\{([A-Z_]+)\}", uri)
            assert placeholder and placeholder.group(1) in environment, (client["clientId"], uri)
    assert environment["CLEARML_BASE_URL"] == "https://${CLEARML_HOST}"
    assert environment["CLEARML_FILES_BASE_URL"] == "https://files.${CLEARML_HOST}"
    assert environment["RATH_BASE_URL"] == "https://${RATH_HOST}"


def test_signing_out_of_the_portal_returns_only_to_the_portal():
    # The portal sends Keycloak's logout its app.baseUrl as post_logout_redirect_uri: PORTAL_BASE_URL in
    # production (app-config.production.yaml), http://localhost:7007 in development.
    def portal_client(realm):
        return next(c for c in realm["clients"] if c["clientId"] == "backstage-portal")

    # Behind the edge, the portal's sign-out goes through oauth2-proxy's sign-out on ClearML's name, then
    # on Rath's (the compose file sets postLogoutRedirectUri to it), ending those logins too.
    edge_sign_out = ("${CLEARML_BASE_URL}/oauth2/sign_out?rd=${RATH_BASE_URL}/oauth2/sign_out"
                     "%3Frd%3D${PORTAL_BASE_URL}/")
    assert portal_client(production())["attributes"]["post.logout.redirect.uris"].split("##") == [
        "${PORTAL_BASE_URL}", edge_sign_out]
    compose = yaml.safe_load(COMPOSE.read_text())
    portal = compose["services"]["portal"]["environment"]
    keycloak = compose["services"]["keycloak"]["environment"]
    # The same URI once Keycloak and Compose have filled in their variables.
    filled = edge_sign_out
    for name in ("CLEARML_BASE_URL", "RATH_BASE_URL", "PORTAL_BASE_URL"):
        filled = filled.replace("${%s}" % name, keycloak[name])
    assert portal["APP_CONFIG_auth_providers_oidc_production_postLogoutRedirectUri"] == filled
    development = portal_client(json.loads(DEVELOPMENT.read_text()))
    assert "http://localhost:7007" in development["attributes"]["post.logout.redirect.uris"].split("##")


def test_every_browser_client_must_send_a_pkce_s256_challenge():
    """THREATS 4: with `pkce.code.challenge.method: S256` on a client, Keycloak refuses an authorization
    request without an S256 challenge; no browser client may go without it, nor use the implicit flow or
    passwords sent straight to Keycloak."""
    for realm in (production(), json.loads(DEVELOPMENT.read_text())):
        browser = [c for c in realm["clients"] if c.get("standardFlowEnabled")]
        assert {c["clientId"] for c in browser} == {"backstage-portal", "oauth2-proxy"}
        for client in browser:
            assert client["attributes"]["pkce.code.challenge.method"] == "S256", client["clientId"]
            assert client["implicitFlowEnabled"] is False, client["clientId"]
            assert client["directAccessGrantsEnabled"] is False, client["clientId"]
