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


def test_redirects_point_only_at_the_portal_address_keycloak_receives():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    assert "PORTAL_BASE_URL" in compose["services"]["keycloak"]["environment"]
    for client in production()["clients"]:
        for uri in client.get("redirectUris", []) + client.get("webOrigins", []):
            assert uri.startswith("${PORTAL_BASE_URL}"), (client["clientId"], uri)


def test_signing_out_of_the_portal_returns_only_to_the_portal():
    # The portal sends Keycloak's logout its app.baseUrl as post_logout_redirect_uri: PORTAL_BASE_URL in
    # production (app-config.production.yaml), http://localhost:7007 in development.
    def portal_client(realm):
        return next(c for c in realm["clients"] if c["clientId"] == "backstage-portal")

    # Behind the edge, the portal's sign-out goes through oauth2-proxy's sign-out first (the compose file
    # sets postLogoutRedirectUri to it), ending the ClearML and Rath login too.
    assert portal_client(production())["attributes"]["post.logout.redirect.uris"].split("##") == [
        "${PORTAL_BASE_URL}", "${PORTAL_BASE_URL}/oauth2/sign_out?rd=%2F"]
    portal = yaml.safe_load(COMPOSE.read_text())["services"]["portal"]["environment"]
    assert portal["APP_CONFIG_auth_providers_oidc_production_postLogoutRedirectUri"] == \
        "https://${PORTAL_HOST}/oauth2/sign_out?rd=%2F"
    development = portal_client(json.loads(DEVELOPMENT.read_text()))
    assert "http://localhost:7007" in development["attributes"]["post.logout.redirect.uris"].split("##")
