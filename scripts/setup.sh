#!/usr/bin/env bash
# Installs what anju's build needs, skipping whatever is already there:
# the wasm target, wasm-bindgen-cli at the Cargo.lock version (crates.io),
# wasm-opt from npm's binaryen, ECharts from npm. With --e2e also Chromium (Debian) and
# Playwright (npm); with --fuzz the nightly toolchain (rustup) and cargo-fuzz
# (crates.io). Nothing is downloaded from outside the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;33m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing Node.js and npm (Debian)"
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi

wb_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  log "installing wasm-bindgen-cli $wb_version from crates.io (a few minutes, once)"
  # No --locked: its lockfile pins a webpki-roots version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -f tools/node_modules/echarts/dist/echarts.min.js ]; then
  log "installing wasm-opt (npm binaryen) and ECharts (npm)"
  (cd tools && npm install --no-audit --no-fund --silent)
fi

if [[ " $* " == *" --e2e "* ]]; then
  if ! command -v chromium >/dev/null; then
    log "installing Chromium (Debian)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi
  if [ ! -d end2end/node_modules/@playwright/test ]; then
    log "installing Playwright (npm; it uses Debian's Chromium)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  fi
fi
if [[ " $* " == *" --fuzz "* ]]; then
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    log "installing the nightly toolchain (rustup; cargo-fuzz needs it)"
    rustup toolchain install nightly --profile minimal
  fi
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "0.13.2" ]; then
    log "installing cargo-fuzz 0.13.2 from crates.io (a minute, once)"
    cargo install cargo-fuzz --version 0.13.2 --locked --force
  fi
fi
log "tools ready"
