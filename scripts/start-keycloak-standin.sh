#!/usr/bin/env bash
# Starts the portal at http://localhost:7007 signing in through the local Keycloak stand-in at
# http://localhost:8180/realms/mlops (users, passwords and groups from deploy/keycloak/realm-mlops.json).
# Sign in as ada / dev-only-ada-password (researcher) or alan / dev-only-alan-password (administrator).
# Usage: scripts/start-keycloak-standin.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap.sh"
source "$root/scripts/env.sh"
"$root/scripts/build-app.sh"

# The realm's client secrets and the portal's session secret, made up for this run: the stand-in fills
# them into the realm export, the portal reads them in plugins/sign-in/keycloak-test-utils/app-config.keycloak-standin.yaml.
random_secret() { node -e "process.stdout.write(require('crypto').randomBytes(24).toString('hex'))"; }
PORTAL_KEYCLOAK_CLIENT_SECRET="$(random_secret)"
PORTAL_KEYCLOAK_CATALOG_CLIENT_SECRET="$(random_secret)"
OAUTH2_PROXY_CLIENT_SECRET="$(random_secret)"
AUTH_SESSION_SECRET="$(random_secret)"
export PORTAL_KEYCLOAK_CLIENT_SECRET PORTAL_KEYCLOAK_CATALOG_CLIENT_SECRET OAUTH2_PROXY_CLIENT_SECRET \
  AUTH_SESSION_SECRET

node "$root/plugins/sign-in/keycloak-test-utils/src/standin.mjs" --port 8180 --portal-url http://localhost:7007 &
standin=$!
trap 'kill "$standin" 2>/dev/null || true' EXIT

printf '\n\033[1mThe MLOps Portal starts at http://localhost:7007\033[0m  (sign in with Keycloak as ada / dev-only-ada-password or alan / dev-only-alan-password; Ctrl-C stops it)\n\n'
node "$root/packages/portal-test-utils/src/portalProcess.js" app-config.yaml app-config.development.yaml \
  plugins/sign-in/keycloak-test-utils/app-config.keycloak-standin.yaml
