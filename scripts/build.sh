#!/usr/bin/env bash
# Release build without cargo-leptos: the hydrate bundle (wasm, size profile,
# wasm-bindgen, wasm-opt), the CSS and static files into target/site, and the
# server binary at target/release/anju.
#   --site-only  skip the server build (scripts/test.sh: `cargo test --release`
#                has just built target/release/anju with the test feature set).
set -euo pipefail
cd "$(dirname "$0")/.."
export LEPTOS_OUTPUT_NAME=anju
site=target/site
pkg=$site/pkg

log() { printf '\033[1;34m[build]\033[0m %s\n' "$*"; }

# Two bundles (app/src/bundle.rs): the member portal's islands, and the whole
# app's for the staff console and the merchant counter.
bundle() { # <output name> <extra features>
  log "wasm bundle $1 (hydrate$2)"
  # The crate is an rlib for the server; the browser needs a cdylib.
  cargo rustc -p anju-app --lib --crate-type cdylib --target wasm32-unknown-unknown \
    --profile wasm-release --no-default-features --features "hydrate$2"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name "$1" \
    target/wasm32-unknown-unknown/wasm-release/anju_app.wasm
  # leptos loads <output-name>.wasm; wasm-bindgen writes <output-name>_bg.wasm.
  tools/node_modules/.bin/wasm-opt -Oz "$pkg/$1_bg.wasm" -o "$pkg/$1.wasm"
  rm "$pkg/$1_bg.wasm"
}
mkdir -p "$pkg"
bundle anju_portal ",islands"
bundle anju ""

log "styles and static files"
cp style/main.css "$pkg/anju.css"
cp -r public/. "$site/"
# ECharts for the chart pages, from the npm package (tools/package.json).
cp tools/node_modules/echarts/dist/echarts.min.js "$site/echarts.min.js"

if [ "${1:-}" != "--site-only" ]; then
  log "server (release)"
  cargo build --release -p anju
fi

log "done: target/release/anju, $site"
scripts/wasm-size.sh
