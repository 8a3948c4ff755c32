#!/usr/bin/env bash
# Sets up and starts the portal on its embedded defaults (SQLite file, local TechDocs, development sign-in)
# at one URL. Usage: scripts/start.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap.sh"
source "$root/scripts/env.sh"
"$root/scripts/build-app.sh"

url="http://localhost:7007"
printf '\n\033[1mThe MLOps Portal starts at %s\033[0m  (sign in with "Enter" as the development researcher; Ctrl-C stops it)\n\n' "$url"
exec node "$root/packages/portal-test-utils/src/portalProcess.js" app-config.yaml app-config.development.yaml
