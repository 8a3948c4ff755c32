#!/usr/bin/env bash
# What the GitLab pipelines run on the server (and what an operator can run by hand), from any folder:
#
#   deploy/scripts/stack.sh write-env         write the stack's .env from the environment (CI variables)
#   deploy/scripts/stack.sh install-keycloak  start Keycloak and its database if they are not there yet
#   deploy/scripts/stack.sh install-tools     start ClearML, Rath, oauth2-proxy and Nginx if not there yet
#   deploy/scripts/stack.sh deploy            pull/build the pinned images and bring every service up to date
#   deploy/scripts/stack.sh docs-site-key <namespace>/<kind>/<name>
#                                             a docs-storage key that may publish that TechDocs site only
#                                             (for a generated project's pipeline); its secret comes from
#                                             DOCS_SITE_PASSWORD, e.g. DOCS_SITE_PASSWORD=$(openssl rand -hex 24)
#
# "Not there yet" means no container exists for the service: an installed service is never restarted or
# recreated by the install commands (only `deploy` changes running services). Secrets are never printed.
#
# STACK_DIR (the pipelines set /srv/mlops): the folder the stack runs from. The install and deploy
# commands first copy this repository's deploy files there, so the running stack never depends on a CI
# checkout that the next pipeline rewrites before anyone approved it. Without it, deploy/ itself is used.
set -euo pipefail

deploy_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stack_dir="${STACK_DIR:-$deploy_dir}"
env_example="$deploy_dir/.env.example"
env_file="${STACK_ENV_FILE:-$stack_dir/.env}"
# `docker compose` (v2) by default; COMPOSE="docker-compose" for the older standalone tool.
read -r -a compose_cmd <<<"${COMPOSE:-docker compose}"

keycloak_services=(keycloak-db keycloak)
tool_services=(mongo elasticsearch redis fileserver apiserver webserver async_delete rath oauth2-proxy nginx)

say() { printf '[stack] %s\n' "$*"; }
fail() {
  printf '[stack] error: %s\n' "$*" >&2
  exit 1
}

compose() {
  [ -f "$env_file" ] || fail "$env_file is missing: run 'stack.sh write-env' (or copy .env.example and fill it in)"
  (cd "$stack_dir" && "${compose_cmd[@]}" --env-file "$env_file" -f docker-compose.yml "$@")
}

# The files the stack reads at run time (bind mounts and build contexts), copied into STACK_DIR.
sync_files() {
  [ "$stack_dir" = "$deploy_dir" ] && return
  mkdir -p "$stack_dir"
  local item
  for item in docker-compose.yml .env.example nginx keycloak rath docs-storage; do
    if [ -e "$deploy_dir/$item" ]; then
      rm -rf "${stack_dir:?}/$item"
      cp -R "$deploy_dir/$item" "$stack_dir/$item"
    fi
  done
  say "copied the deploy files to $stack_dir"
}

# Every key of .env.example, valued from the environment when set there, else from .env.example; a key
# empty in both is a missing secret, and the command stops naming every one of them (never a value).
write_env() {
  local key default value missing=() lines=()
  while IFS= read -r line; do
    [[ "$line" =~ ^([A-Z][A-Z0-9_]*)=(.*)$ ]] || continue
    key="${BASH_REMATCH[1]}"
    default="${BASH_REMATCH[2]}"
    value="${!key:-$default}"
    if [ -z "$value" ]; then
      missing+=("$key")
      continue
    fi
    case "$value" in
      *$'\n'*) fail "$key contains a line break, which an env file cannot hold" ;;
    esac
    lines+=("$key=$value")
  done <"$env_example"
  if [ "${#missing[@]}" -gt 0 ]; then
    fail "no value for: ${missing[*]} (set each as a masked, protected CI variable)"
  fi
  mkdir -p "$(dirname "$env_file")"
  (
    umask 077
    printf '%s\n' "${lines[@]}" >"$env_file.tmp"
  )
  mv "$env_file.tmp" "$env_file"
  say "wrote $env_file (${#lines[@]} variables)"
}

# Services of the list that have no container yet.
absent() {
  local service
  for service in "$@"; do
    if [ -z "$(compose ps -q "$service" 2>/dev/null)" ]; then
      printf '%s\n' "$service"
    fi
  done
}

install() {
  local what="$1"
  shift
  local missing
  sync_files
  mapfile -t missing < <(absent "$@")
  if [ "${#missing[@]}" -eq 0 ]; then
    say "$what is already installed: nothing to do"
    return
  fi
  say "installing $what: ${missing[*]}"
  compose up -d --no-recreate "${missing[@]}"
}

deploy() {
  sync_files
  say "building Rath and pulling the pinned images"
  compose build rath
  compose pull portal portal-db docs-storage docs-storage-init keycloak keycloak-db oauth2-proxy nginx \
    apiserver webserver fileserver async_delete mongo elasticsearch redis
  say "updating the services whose image or settings changed"
  compose up -d --remove-orphans
  compose ps
}

# A key for one TechDocs site: the site's folder of the bucket and nothing else (docs-storage/site-key.sh).
docs_site_key() {
  local site="${1:-}"
  local name='[a-z0-9]([a-z0-9._-]*[a-z0-9])?'
  if ! [[ "$site" =~ ^${name}/[a-z]+/${name}$ ]] || [[ "$site" == *..* ]]; then
    fail "docs-site-key needs the site as <namespace>/<kind>/<name> in lower case, as the portal names it (e.g. default/component/sales-forecast), not '$site'"
  fi
  local password="${DOCS_SITE_PASSWORD:-}"
  if [ "${#password}" -lt 16 ] || [[ "$password" =~ [[:space:]] ]]; then
    fail "set DOCS_SITE_PASSWORD to the new key's secret, at least 16 characters without spaces (openssl rand -hex 24); it is never printed"
  fi
  local user
  user="docs-$(printf '%s' "$site" | sha256sum | cut -c1-15)"
  sync_files
  # The secret reaches the container through the environment, never on a command line.
  SITE_PASSWORD="$password" compose run --rm --no-deps -e SITE="$site" -e SITE_USER="$user" -e SITE_PASSWORD \
    --entrypoint /bin/sh docs-storage-init /docs-storage/site-key.sh
  say "set these as masked variables of the project that publishes $site (not of its group):"
  say "  AWS_ACCESS_KEY_ID=$user"
  say "  AWS_SECRET_ACCESS_KEY=<the DOCS_SITE_PASSWORD you chose>"
}

case "${1:-}" in
  write-env) write_env ;;
  docs-site-key) docs_site_key "${2:-}" ;;
  install-keycloak) install "Keycloak" "${keycloak_services[@]}" ;;
  install-tools) install "ClearML, Rath and the edge" "${tool_services[@]}" ;;
  deploy) deploy ;;
  *)
    sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
