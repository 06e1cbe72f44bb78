#!/usr/bin/env bash
# A copy of a built page whose WebAssembly keeps its function names, for
# the profiles of benches/worker_profile.mjs and benches/page_profile.mjs:
# the wasm of the last page build (target/.../wasm-release/web.wasm) run
# through wasm-bindgen and `wasm-opt -Oz -g` as Trunk runs it, with the
# SHA-256 of web.js pinned as Trunk.toml's hook pins it. Same code, same
# optimisation; only the name section is kept. Not a test.
#
#   benches/named_build.sh [DIST [OUT]]   (defaults: dist, /tmp/ms-dist-named)
#   MS_DIST=/tmp/ms-dist-named node benches/worker_profile.mjs FILE
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
out=${2:-/tmp/ms-dist-named}
wasm=target/wasm32-unknown-unknown/wasm-release/web.wasm
[ -f "$dist/web.js" ] && [ -f "$wasm" ] || { echo "named_build.sh: build the page first (trunk build --release --offline)" >&2; exit 1; }
export PATH="$PWD/node_modules/.bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
cp -r "$dist" "$out"
wasm-bindgen --target web --keep-debug --out-dir "$work" --out-name web "$wasm"
wasm-opt -Oz -g "$work/web_bg.wasm" -o "$work/named.wasm" \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue
node -e '
const fs = require("fs"), crypto = require("crypto");
const [out, named] = process.argv.slice(1);
const hash = crypto.createHash("sha256").update(fs.readFileSync(out + "/web.js")).digest("hex");
const wasm = fs.readFileSync(named);
const mark = Buffer.from("@@ms-web.js-sha256@@=:");
const at = wasm.indexOf(mark);
if (at < 0) { console.error("named_build.sh: no place for the hash of web.js"); process.exit(1); }
wasm.write(hash, at + mark.length, "latin1");
fs.writeFileSync(out + "/web_bg.wasm", wasm);' "$out" "$work/named.wasm"
echo "$out: the page with named functions"
