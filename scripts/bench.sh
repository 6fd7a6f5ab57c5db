#!/usr/bin/env bash
# Prints the foundation's figures (see BENCHMARKS.md): login throughput,
# /api/v1/me at 64 connections on SQLite, and the wasm bundle size.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cargo bench -p anju --bench http
