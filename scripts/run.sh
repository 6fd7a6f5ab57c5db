#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and runs anju on SQLite with
# demo data. Prints the URL and the demo logins.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
export ANJU_DEMO="${ANJU_DEMO:-1}"
exec target/release/anju serve
