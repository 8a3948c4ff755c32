#!/usr/bin/env bash
# Builds the frontend that the backend serves, unless the last build is still current.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/env.sh"
# One build at a time: parallel test runs on one checkout share packages/app/dist.
exec 9>"${TMPDIR:-/tmp}/portal-build-app.lock"
flock 9
stamp_file="$root/packages/app/dist/.build-stamp"
# The stamp covers every source file of the app and the frontend plugins, the lockfile and the config.
stamp="$(cd "$root" && find packages/app plugins yarn.lock app-config.yaml \
  \( -name node_modules -o -name dist -o -name dist-types \) -prune -o -type f -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
  echo "[build-app] the frontend build is current"
  exit 0
fi
echo "[build-app] building the frontend (about a minute)"
log="$root/packages/app/build.log"
if ! (cd "$root/packages/app" && yarn backstage-cli package build --config "$root/app-config.yaml") >"$log" 2>&1; then
  tail -40 "$log"
  echo "[build-app] the frontend build failed; the whole log is in $log" >&2
  exit 1
fi
echo "$stamp" > "$stamp_file"
