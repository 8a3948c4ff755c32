#!/usr/bin/env bash
# "Create project" against local stand-ins of GitLab (with a real git server) and ClearML: sets up like
# scripts/start.sh, then starts the stand-ins and the portal at http://localhost:7007 (PORT= to change).
# Usage: scripts/create-project-demo.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap.sh"
source "$root/scripts/env.sh"
"$root/scripts/build-app.sh"
exec node "$root/scripts/create-project-demo.js"
