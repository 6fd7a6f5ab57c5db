#!/usr/bin/env bash
# Attacks the API with schemathesis (PyPI): for each role below, a fresh
# demo database, the release server, a token, and generated requests to
# every operation of /api/openapi.json — valid and invalid input alike.
# Fails on any server error, any answer the document does not list, or any
# body that does not match its schema. Needs target/release/anju (built by
# `cargo test --release`); installs schemathesis into target/schemathesis.
#
#   scripts/schemathesis.sh [examples per operation, default 25]
set -euo pipefail
cd "$(dirname "$0")/.."

examples="${1:-25}"
version=4.32.5
venv=target/schemathesis
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}')" != "$version" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$version"
fi

# Checks: all of schemathesis's but positive_data_acceptance, which
# expects every schema-valid body to be accepted. The schema cannot say
# everything the domain checks (a mobile number's format, a unit that is
# still available, a date in the future), so such bodies rightly get 422 or
# 409; negative_data_rejection covers the other direction.

port=3999
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# A club member, a salesperson (refused most of the console) and the
# administrator (allowed nearly everything).
for login in 13800000002 sales1 admin; do
  printf '\n\033[1;32m==> schemathesis as %s\033[0m\n' "$login"
  rm -f "$work"/st.db*
  DATABASE_URL="sqlite://$work/st.db?mode=rwc" ANJU_DEMO=1 ANJU_ADDR="127.0.0.1:$port" \
    ANJU_SITE_ROOT=target/site ANJU_LOG=warn \
    target/release/anju serve >"$work/server-$login.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.5
  done
  token=$(curl -sf "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"login\":\"$login\",\"password\":\"Demo@2026\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  # Logging out would end the token's session halfway through the run.
  "$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/openapi.json" \
    -H "Authorization: Bearer $token" \
    --checks all --exclude-checks positive_data_acceptance \
    --max-examples "$examples" --workers 1 --seed 20261203 \
    --exclude-path /api/v1/auth/logout \
    --no-color || {
    echo "schemathesis found problems as $login; the server's log:"
    tail -50 "$work/server-$login.log"
    exit 1
  }
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
done
