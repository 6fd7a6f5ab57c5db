#!/usr/bin/env bash
# Runs every check and test: formatting, clippy, unit and integration tests
# on SQLite (and on PostgreSQL when one answers on 127.0.0.1:5432 or
# DATABASE_URL points at one), the cargo-fuzz targets for a while each, then
# the Playwright end-to-end suite in
# Chromium against a release build. Everything builds in the release profile
# so tests, the e2e server and the bench share one target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --e2e --fuzz

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (server and wasm)"
cargo clippy --release --workspace --all-targets -- -D warnings
for features in hydrate,islands hydrate; do # the portal and staff bundles (app/src/bundle.rs)
  cargo clippy --release -p anju-app --lib --target wasm32-unknown-unknown \
    --no-default-features --features "$features" -- -D warnings
done

step "tests on SQLite"
env -u DATABASE_URL cargo test --release --workspace

pg_url="${DATABASE_URL:-}"
if [ -z "$pg_url" ] && (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  pg_url="postgres://postgres@127.0.0.1:5432/test"
fi
if [[ "$pg_url" == postgres* ]]; then
  step "tests on PostgreSQL"
  DATABASE_URL="$pg_url" cargo test --release --workspace
else
  step "PostgreSQL not reachable: skipping the PostgreSQL run"
fi

step "cargo-fuzz targets (nightly), 20 s each"
scripts/fuzz.sh 20

step "release build: the site, and the portal bundle's size budget (cargo test --release built target/release/anju)"
scripts/build.sh --site-only

step "schemathesis over /api/openapi.json (member, salesperson, administrator)"
scripts/schemathesis.sh

step "end-to-end (Playwright + Chromium)"
(cd end2end && npx playwright test)
