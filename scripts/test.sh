#!/usr/bin/env bash
# Sets up everything and runs every test: types, lint, formatting, unit and integration tests (Jest, with
# the real backend on SQLite and on a local PostgreSQL), the Python component library's tests, and the
# end-to-end tests in Chromium against the built portal. Usage: scripts/test.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/bootstrap.sh" --test
source "$root/scripts/env.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
failed=()
run() {
  local name="$1"
  shift
  step "$name"
  if "$@"; then
    passed+=("$name")
  else
    failed+=("$name")
  fi
}
passed=()

step "PostgreSQL"
eval "$("$root/scripts/postgres.sh")"

run "types (tsc)" yarn tsc
run "lint" yarn lint:all
run "formatting (prettier)" yarn prettier:check
# The backend startup tests and the end-to-end tests serve the built frontend.
run "frontend build" "$root/scripts/build-app.sh"
# CI=true: Jest runs once instead of watching.
run "unit and integration tests (Jest)" env CI=true yarn test
run "docs sites (mkdocs, strict)" "$root/scripts/build-docs.sh"
run "component library (pytest)" bash -c 'cd components && /usr/bin/python3 -m pytest -q -p no:cacheprovider tests'
# deploy/: nginx -t and a real nginx in front of stand-ins, the compose file, the GitLab CI file.
run "deployment (nginx, compose, GitLab CI)" /usr/bin/python3 -m pytest -q -p no:cacheprovider deploy/tests
# A failed end-to-end test's screenshot and trace stay on the machine that ran it; its page, as the
# accessibility tree Playwright recorded, is printed so that a CI log alone shows what the page showed.
e2e() {
  yarn playwright test && return
  local status=$? context
  for context in node_modules/.cache/e2e-test-results/*/error-context.md; do
    [ -f "$context" ] || continue
    printf '\n-- the page when %s failed:\n' "$(basename "$(dirname "$context")")"
    awk '/^# Page snapshot/{on=1} /^# Test source/{on=0} on' "$context"
  done
  return "$status"
}
run "end-to-end tests (Playwright, Chromium)" e2e

echo
# One line in the form CI reads: test groups passed and failed.
printf 'groups: %d passed, %d failed\n' "${#passed[@]}" "${#failed[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  printf '  failed: %s\n' "${failed[@]}"
  exit 1
fi
