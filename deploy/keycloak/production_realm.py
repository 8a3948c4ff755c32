#!/usr/bin/env python3
"""Derives the production realm import from the development realm export, so the two never drift.

The development export (realm-mlops.json) carries demo users with known passwords, for the local OpenID
stand-in. The production import (realm-mlops.production.json) keeps the realm, its groups, clients and
service accounts, but no person, and takes the portal's address from a ${...} placeholder; the client
secrets are ${...} placeholders in both, which Keycloak (and the stand-in) fill in from the environment
at import time.

    python3 deploy/keycloak/production_realm.py          write realm-mlops.production.json
    python3 deploy/keycloak/production_realm.py --check  exit 1 when it is out of date
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "realm-mlops.json"
TARGET = HERE / "realm-mlops.production.json"

PORTAL = "${PORTAL_BASE_URL}"
CLEARML = "${CLEARML_BASE_URL}"
CLEARML_FILES = "${CLEARML_FILES_BASE_URL}"
RATH = "${RATH_BASE_URL}"
# client id -> (redirect URIs, web origins). The secrets are ${...} placeholders in both exports already.
CLIENTS = {
    "backstage-portal": ([f"{PORTAL}/api/auth/oidc/handler/frame"], [PORTAL]),
    # oauth2-proxy answers on each name it guards (ClearML's, its file server's, Rath's), each its own
    # origin, never the portal's.
    "oauth2-proxy": (
        [f"{CLEARML}/oauth2/callback", f"{CLEARML_FILES}/oauth2/callback", f"{RATH}/oauth2/callback"],
        [CLEARML, CLEARML_FILES, RATH],
    ),
    "backstage-catalog": (None, None),
}
# Where a client may send the browser after Keycloak's logout: the portal, and for the portal's own
# sign-out first oauth2-proxy's sign-out on ClearML's name (its session covers the file server's name),
# then on Rath's, so the logins in front of ClearML and Rath end as well (deploy/docker-compose.yml sets
# the portal's postLogoutRedirectUri to exactly this). Each rd is the next URL with ? and = escaped.
EDGE_SIGN_OUT = f"{CLEARML}/oauth2/sign_out?rd={RATH}/oauth2/sign_out%3Frd%3D{PORTAL}/"
POST_LOGOUT = {"backstage-portal": f"{PORTAL}##{EDGE_SIGN_OUT}"}


def production_realm(realm: dict) -> dict:
    out = dict(realm)
    out["users"] = [u for u in realm.get("users", []) if u.get("serviceAccountClientId")]
    clients = []
    for client in realm["clients"]:
        client = dict(client)
        if client["clientId"] not in CLIENTS:
            raise ValueError(
                f"client {client['clientId']!r} has no production settings: add it to CLIENTS in {__file__}"
            )
        redirects, origins = CLIENTS[client["clientId"]]
        if redirects is not None:
            client["redirectUris"] = redirects
            client["webOrigins"] = origins
            attributes = dict(client.get("attributes", {}))
            if "post.logout.redirect.uris" in attributes:
                attributes["post.logout.redirect.uris"] = POST_LOGOUT.get(client["clientId"], PORTAL)
            client["attributes"] = attributes
        clients.append(client)
    out["clients"] = clients
    return out


def render() -> str:
    realm = json.loads(SOURCE.read_text())
    return json.dumps(production_realm(realm), indent=2) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text() != text:
            print(f"{TARGET.name} is out of date: run python3 {Path(__file__).relative_to(HERE.parent.parent)}")
            return 1
        return 0
    TARGET.write_text(text)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
