#!/usr/bin/env bash
# Prints both wasm bundles' sizes (raw and brotli, quality 11, as a CDN
# serves them; app/src/bundle.rs says which page loads which) and fails when
# the member portal's grows past its budget.
#
# Issue 7's budget: 300 kB raw / 120 kB brotli. Measured 260,696 B raw /
# 88,492 B brotli on 2026-12-06 (BENCHMARKS.md), once the islands stopped
# using JSON (app/src/plain_text.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
PORTAL_BUDGET_RAW=${PORTAL_BUDGET_RAW:-300000}
PORTAL_BUDGET_BROTLI=${PORTAL_BUDGET_BROTLI:-120000}
pkg=target/site/pkg

node - "$pkg" "$PORTAL_BUDGET_RAW" "$PORTAL_BUDGET_BROTLI" <<'JS'
const fs = require('fs');
const zlib = require('zlib');
const [pkg, ...budgets] = process.argv.slice(2);
const size = (name) => {
  const bytes = fs.readFileSync(`${pkg}/${name}.wasm`);
  const brotli = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 22,
    },
  }).length;
  return { raw: bytes.length, brotli };
};
const fmt = (n) => n.toLocaleString('en-US');
const bundles = [
  ['anju_portal', 'portal', +budgets[0], +budgets[1]],
  ['anju', 'staff', 0, 0],
];
const over = [];
for (const [name, label, raw, brotli] of bundles) {
  const s = size(name);
  console.log(`wasm: ${label.padEnd(6)} ${fmt(s.raw)} B raw, ${fmt(s.brotli)} B brotli`);
  if (raw > 0 && s.raw > raw) over.push(`${name} raw ${fmt(s.raw)} > ${fmt(raw)}`);
  if (brotli > 0 && s.brotli > brotli) over.push(`${name} brotli ${fmt(s.brotli)} > ${fmt(brotli)}`);
}
if (over.length) {
  console.error(`over budget: ${over.join(', ')} (scripts/wasm-size.sh)`);
  process.exit(1);
}
JS
