#!/usr/bin/env bash
# Prints the three wasm bundles' sizes (raw and brotli, quality 11, as a CDN
# serves them; app/src/bundle.rs says which page loads which) and fails when
# a member-facing bundle grows past its budget:
#   - the portal's islands bundle (`anju_portal`): issue 7's budget, 300 kB
#     raw / 120 kB brotli;
#   - the portal pages still hydrated whole (`anju_portal_full`): a ratchet,
#     the size last measured plus a little, so it can only shrink until the
#     last of its pages moves to islands and it goes. Now: 2,297,861 B raw /
#     565,308 B brotli (2026-12-04) + ~3 %.
set -euo pipefail
cd "$(dirname "$0")/.."
PORTAL_BUDGET_RAW=${PORTAL_BUDGET_RAW:-300000}
PORTAL_BUDGET_BROTLI=${PORTAL_BUDGET_BROTLI:-120000}
FULL_BUDGET_RAW=${FULL_BUDGET_RAW:-2370000}
FULL_BUDGET_BROTLI=${FULL_BUDGET_BROTLI:-582000}
pkg=target/site/pkg

node - "$pkg" "$PORTAL_BUDGET_RAW" "$PORTAL_BUDGET_BROTLI" "$FULL_BUDGET_RAW" "$FULL_BUDGET_BROTLI" <<'JS'
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
  ['anju_portal', 'portal (islands)', +budgets[0], +budgets[1]],
  ['anju_portal_full', 'portal (whole)', +budgets[2], +budgets[3]],
  ['anju', 'staff', 0, 0],
];
const over = [];
for (const [name, label, raw, brotli] of bundles) {
  const s = size(name);
  console.log(`wasm: ${label.padEnd(16)} ${fmt(s.raw)} B raw, ${fmt(s.brotli)} B brotli`);
  if (raw > 0 && s.raw > raw) over.push(`${name} raw ${fmt(s.raw)} > ${fmt(raw)}`);
  if (brotli > 0 && s.brotli > brotli) over.push(`${name} brotli ${fmt(s.brotli)} > ${fmt(brotli)}`);
}
if (over.length) {
  console.error(`over budget: ${over.join(', ')} (scripts/wasm-size.sh)`);
  process.exit(1);
}
JS
