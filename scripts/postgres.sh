#!/usr/bin/env bash
# Starts Debian's PostgreSQL 15 for the tests and prints the variables that point the portal at it.
# Usage: eval "$(scripts/postgres.sh)"
set -euo pipefail
password="${PORTAL_TEST_PG_PASSWORD:-portal-test}"
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then
  echo "PostgreSQL 15 is not installed: run scripts/bootstrap.sh --test as root" >&2
  exit 1
fi
if ! pg_lsclusters -h | grep -q '^15 *main .*online'; then
  pg_ctlcluster 15 main start >&2
fi
for _ in $(seq 1 50); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.2
done
su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD '$password'\"" >&2
cat <<VARS
export PORTAL_TEST_PG_HOST=127.0.0.1 PORTAL_TEST_PG_PORT=5432 PORTAL_TEST_PG_USER=postgres PORTAL_TEST_PG_PASSWORD='$password'
VARS
