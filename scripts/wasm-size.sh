#!/usr/bin/env bash
# Prints both wasm bundles' sizes (raw and brotli, quality 11, as a CDN
# serves them) and fails when the member portal's grows past its budget.
#
# The budget is a ratchet: issue 7 asks for 300 kB raw / 120 kB brotli, which
# the portal does not meet yet; until it does, the budget is the size last
# measured plus a little, so the bundle cannot quietly grow. Lower it when the
# bundle shrinks. Now: 2,305,262 B raw / 565,696 B brotli (2026-12-04) + ~3 %.
set -euo pipefail
cd "$(dirname "$0")/.."
PORTAL_BUDGET_RAW=${PORTAL_BUDGET_RAW:-2370000}
PORTAL_BUDGET_BROTLI=${PORTAL_BUDGET_BROTLI:-582000}
pkg=target/site/pkg

node - "$pkg" "$PORTAL_BUDGET_RAW" "$PORTAL_BUDGET_BROTLI" <<'JS'
const fs = require('fs');
const zlib = require('zlib');
const [pkg, budgetRaw, budgetBrotli] = process.argv.slice(2);
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
const portal = size('anju_portal');
const staff = size('anju');
const fmt = (n) => n.toLocaleString('en-US');
console.log(`wasm: portal ${fmt(portal.raw)} B raw, ${fmt(portal.brotli)} B brotli`);
console.log(`wasm: staff  ${fmt(staff.raw)} B raw, ${fmt(staff.brotli)} B brotli`);
const over = [];
if (+budgetRaw > 0 && portal.raw > +budgetRaw) over.push(`raw ${fmt(portal.raw)} > ${fmt(+budgetRaw)}`);
if (+budgetBrotli > 0 && portal.brotli > +budgetBrotli) over.push(`brotli ${fmt(portal.brotli)} > ${fmt(+budgetBrotli)}`);
if (over.length) {
  console.error(`the portal bundle is over its budget: ${over.join(', ')} (scripts/wasm-size.sh)`);
  process.exit(1);
}
JS
